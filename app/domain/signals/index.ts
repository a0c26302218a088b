/** The signals capability: its verbs and queries, for loaders, actions and the server (browser-safe parts: ./shared). */
export * from "./indicators.server";
export * from "./signals.server";
export * from "./shared";
