/** Conversations (decision 048): verbs for loaders, actions and tests (browser-safe parts: ./shared). */
export * from "./conversations.server";
export * from "./shared";
