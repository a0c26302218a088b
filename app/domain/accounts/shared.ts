/** The accounts capability: schemas, labels and pure helpers, safe in the browser. */
export * from "./close-account-forms";
export * from "./mask-address";
export * from "./schemas";
export * from "./security-settings-forms";
export * from "./profile-forms";
