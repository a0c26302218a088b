/** The social-map capability: its verbs and queries, for loaders, actions and the server (browser-safe parts: ./shared). */
export * from "./cooperation.server";
export * from "./exchange/export.server";
export * from "./exchange/hsds.server";
export * from "./exchange/import.server";
export * from "./exchange/read.server";
export * from "./exchange/scope.server";
export * from "./exchange/validate.server";
export * from "./facilities.server";
export * from "./facility-page.server";
export * from "./facility-search.server";
export * from "./shared";
