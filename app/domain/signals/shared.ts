/** The signals capability: schemas, labels and pure helpers, safe in the browser. */
export * from "./disclosure";
export * from "./indicator-meta";
export * from "./indicator-report";
export * from "./report-csv";
export * from "./schemas";
