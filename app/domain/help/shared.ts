/** The help capability: schemas, labels and pure helpers, safe in the browser. */
export * from "./consent-schemas";
export * from "./matching/score";
export * from "./request-schemas";
export * from "./session-schemas";
export * from "./states";
export * from "./visibility";
