/** The privacy capability: the retention job, for the server and the tests (browser-safe parts: ./shared). */
export * from "./inactive-accounts.server";
export * from "./retention.server";
export * from "./shared";
