/** Care circles: what is safe in the browser (schemas, labels, pure rules). */
export { circleRoles, circleTaskKinds, type CircleRole, type CircleTaskKind } from "../vocabulary";
export { LOAD_WEEKS, STRAIN_THRESHOLDS, strainReasons, type CircleLoad, type StrainReason } from "./strain";
export * from "./schemas";
export * from "./updates";
export * from "./task-schemas";
export * from "./hand-off";
