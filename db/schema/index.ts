export * from "./activities";
export * from "./auth";
export * from "./organisations";
export * from "./outbox";
export * from "./places";
export * from "./roles";
export * from "./users";
export * from "./volunteers";
