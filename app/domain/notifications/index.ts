/** The notifications capability: its verbs and queries, for loaders, actions and the server (browser-safe parts: ./shared). */
export * from "./digest.server";
export * from "./email-events.server";
export * from "./email-guard.server";
export * from "./outbox.server";
export * from "./preferences.server";
export * from "./reminder-actions.server";
export * from "./reminder-guard.server";
export * from "./reminder-links.server";
export * from "./reminders.server";
export * from "./suppression.server";
export * from "./shared";
