import { z } from "zod";

// The form that withdraws a request's care-details consent (the requester, or a coordinator on
// behalf of a person registered at intake). Browser-safe: Conform checks it on both sides.

/**
 * The "I understand …" box must be ticked; without it the message shows next to the box. The
 * route picks this form by its `intent` (`withdrawConsent`, the submit button's value) before
 * parsing, so the schema leaves the intent out (the browser check then does not depend on the
 * submitter being in the form data).
 */
export const withdrawCareConsentSchema = z.object({
  confirm: z.literal("on", { errorMap: () => ({ message: "careConsent.errors.confirmRequired" }) }),
});
