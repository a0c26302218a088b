/** The care-circles capability (decision 048): verbs and queries for loaders, actions and the server (browser-safe parts: ./shared). */
export * from "./access.server";
export * from "./shared";
export * from "./circles.server";
export * from "./members.server";
export * from "./invitations.server";
export * from "./updates.server";
export * from "./tasks.server";
export * from "./hand-off.server";
