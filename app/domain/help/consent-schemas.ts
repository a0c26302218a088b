import { z } from "zod";

// The form that withdraws a request's care-details consent (the requester, or a coordinator on
// behalf of a person registered at intake). Browser-safe: Conform checks it on both sides.

/** The "I understand …" box must be ticked; without it the message shows next to the box. */
export const withdrawCareConsentSchema = z.object({
  intent: z.literal("withdrawConsent"),
  confirm: z.literal("on", { errorMap: () => ({ message: "careConsent.errors.confirmRequired" }) }),
});
