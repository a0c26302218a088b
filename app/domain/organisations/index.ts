/** The organisations capability: its verbs and queries, for loaders, actions and the server (browser-safe parts: ./shared). */
export * from "./initiative-reach.server";
export * from "./initiatives.server";
export * from "./invitations.server";
export * from "./organisations.server";
export * from "./shared";
