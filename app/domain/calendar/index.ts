/** The calendar capability: its verbs and queries, for loaders, actions and the server (browser-safe parts: ./shared). */
export * from "./feeds.server";
export * from "./schedule.server";
