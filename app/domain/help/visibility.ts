import type { HelpRequestStatus } from "~/domain/vocabulary";

/**
 * Who sees which part of a help request (docs/architecture.md, Visibility and care data). Pure: the verbs that load a request decide
 * the viewer's relation to it, this table decides the fields, and reads of care fields are logged.
 */
export type ViewerRelation =
  | "requester"
  | "coordinator" // coordinator of the request's neighbourhood (or an admin)
  | "accepted-volunteer" // the matched volunteer, while the match lasts
  | "former-volunteer" // the matched volunteer after the match ended
  | "asked-volunteer" // asked or offering, not (yet) accepted
  | "volunteer" // a volunteer who could be asked for it: the /requests/open rule (range, VOG, not paused, open)
  | "other"; // coordinators elsewhere, other residents, visitors, volunteers the rule leaves out: 404

export type HelpRequestField =
  | "kind"
  | "windows"
  | "neighbourhood"
  | "publicText"
  | "status"
  | "history"
  | "requesterName"
  | "careRecipientFirstName"
  | "address"
  | "phone"
  | "privateText"
  | "notesForHelpers"
  | "intakeContact"
  | "accessLog";

const ANY_VOLUNTEER: HelpRequestField[] = ["kind", "windows", "neighbourhood", "publicText"];
const CARE: HelpRequestField[] = ["requesterName", "careRecipientFirstName", "address", "phone", "privateText", "notesForHelpers"];

/** Fields whose every read by someone other than the requester goes to the access log. */
export const LOGGED_FIELDS: readonly HelpRequestField[] = ["address", "phone", "privateText", "notesForHelpers", "intakeContact"];

/**
 * `coordinatorCare`: whether the coordinator's access to care details still runs — it ends a set
 * time after the help ended (`coordinatorMaySeeCare`, the retention table's `coordinatorAccess`).
 * The accepted volunteer's ends with the match.
 */
export function visibleFields(relation: ViewerRelation, status: HelpRequestStatus, coordinatorCare = true): Set<HelpRequestField> {
  switch (relation) {
    case "requester":
      return new Set([...ANY_VOLUNTEER, "status", "history", ...CARE, "accessLog"]);
    case "coordinator":
      return coordinatorCare
        ? new Set([...ANY_VOLUNTEER, "status", "history", ...CARE, "intakeContact", "accessLog"])
        : new Set([...ANY_VOLUNTEER, "status", "history", "accessLog"]);
    case "accepted-volunteer":
      return status === "matched" ? new Set([...ANY_VOLUNTEER, "status", ...CARE]) : new Set([...ANY_VOLUNTEER, "status"]);
    case "former-volunteer":
    case "asked-volunteer":
      return new Set([...ANY_VOLUNTEER, "status"]);
    case "volunteer":
      return status === "open" || status === "asked" ? new Set(ANY_VOLUNTEER) : new Set();
    case "other":
      return new Set();
  }
}

/** The care fields this viewer is about to see that must be written to the access log. */
export function fieldsToLog(relation: ViewerRelation, status: HelpRequestStatus, coordinatorCare = true): HelpRequestField[] {
  if (relation === "requester") return [];
  const visible = visibleFields(relation, status, coordinatorCare);
  return LOGGED_FIELDS.filter((f) => visible.has(f));
}
