/** Care circles: what is safe in the browser (schemas, labels, pure rules). */
export { circleRoles, circleTaskKinds, type CircleRole } from "../vocabulary";
export { LOAD_WEEKS } from "./strain";
export * from "./schemas";
export * from "./updates";
export * from "./task-schemas";
export * from "./hand-off";
