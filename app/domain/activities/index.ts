/** The activities capability: its verbs and queries, for loaders, actions and the server (browser-safe parts: ./shared). */
export * from "./activities.server";
export * from "./after-session.server";
export * from "./hours.server";
export * from "./listing.server";
export * from "./open-shifts.server";
export * from "./organiser.server";
export * from "./signups.server";
export * from "./shared";
