/** The activities capability: schemas, labels and pure helpers, safe in the browser. */
export * from "./hours-schemas";
export * from "./organiser-schemas";
