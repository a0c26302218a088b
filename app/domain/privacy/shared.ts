/** The privacy capability: the retention table and its pure rules, safe in the browser. */
export * from "./care-access";
export * from "./retention";
export * from "./rights";
