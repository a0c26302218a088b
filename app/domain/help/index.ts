/** The help capability: its verbs and queries, for loaders, actions and the server (browser-safe parts: ./shared). */
export * from "./consent.server";
export * from "./coordinator.server";
export * from "./intake-erasure.server";
export * from "./match.server";
export * from "./matching/rank.server";
export * from "./request-invites.server";
export * from "./request-view.server";
export * from "./requests.server";
export * from "./sessions.server";
export * from "./shared";
