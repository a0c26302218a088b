/** The accounts capability: its verbs and queries, for loaders, actions and the server (browser-safe parts: ./shared). */
export * from "./close-account.server";
export * from "./data-export.server";
export * from "./factors.server";
export * from "./form-drafts.server";
export * from "./passkeys.server";
export * from "./profile.server";
export * from "./security.server";
export * from "./sessions.server";
export * from "./sign-in.server";
export * from "./users.server";
export * from "./volunteer-profile.server";
export * from "./shared";
