/** The scheduling capability: pure functions, safe on the server and in the browser. */
export * from "./availability";
export * from "./clashes";
export * from "./digest-time";
export * from "./freshness";
export * from "./local-date";
export * from "./local-time";
export * from "./opening-hours";
export * from "./periods";
export * from "./recurrence";
export * from "./reminder-times";
export * from "./report-periods";
export * from "./time-windows";
