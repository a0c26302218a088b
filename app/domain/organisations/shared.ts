/** The organisations capability: schemas, labels and pure helpers, safe in the browser. */
export * from "./schemas";
