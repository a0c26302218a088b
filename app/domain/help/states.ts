import type { HelpRequestStatus } from "~/domain/vocabulary";

/**
 * The help-request state machine. Every change goes through `nextStatus`; an event that is not
 * allowed in the current state is refused with a translation key, never silently applied.
 *
 *   submitted ─triage→ open ─ask→ asked ─accept→ matched ─complete→ completed
 *        │               │  ↖─all declined─┘ │       │
 *        └──withdraw/cancel/expire (any open state)   └─end→ completed (match ended)
 */
export type HelpRequestEvent =
  | "triage" // a coordinator checked it; volunteers may now see it
  | "ask" // a coordinator asked one or more volunteers
  | "all-declined" // every asked volunteer declined: back to open
  | "accept" // a volunteer accepted (or the coordinator confirmed an offer)
  | "complete" // the help is done, or the match was ended
  | "withdraw" // the requester withdrew it
  | "cancel" // the coordinator cancelled it
  | "expire"; // its time passed without a match

const transitions: Record<HelpRequestStatus, Partial<Record<HelpRequestEvent, HelpRequestStatus>>> = {
  submitted: { triage: "open", withdraw: "withdrawn", cancel: "cancelled", expire: "expired" },
  open: { ask: "asked", accept: "matched", withdraw: "withdrawn", cancel: "cancelled", expire: "expired" },
  asked: { ask: "asked", "all-declined": "open", accept: "matched", withdraw: "withdrawn", cancel: "cancelled", expire: "expired" },
  matched: { complete: "completed", withdraw: "withdrawn", cancel: "cancelled" },
  completed: {},
  withdrawn: {},
  expired: {},
  cancelled: {},
};

export type Transition = { ok: true; to: HelpRequestStatus } | { ok: false; error: string };

export function nextStatus(from: HelpRequestStatus, event: HelpRequestEvent): Transition {
  const to = transitions[from][event];
  return to ? { ok: true, to } : { ok: false, error: `helpRequests.errors.transition.${event}` };
}

export function allowedEvents(from: HelpRequestStatus): HelpRequestEvent[] {
  return Object.keys(transitions[from]) as HelpRequestEvent[];
}
