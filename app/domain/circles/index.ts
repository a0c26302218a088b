/** The care-circles capability (decision 048): verbs and queries for loaders, actions and the server (browser-safe parts: ./shared). */
export * from "./access.server";
export * from "./shared";
export * from "./hand-off.server";
