import type { SubmissionResult } from "@conform-to/react";
import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { resetSecondFactorSchema } from "~/domain/accounts/shared";
import { getStaffSecurityLog, resetSecondFactor } from "~/domain/accounts";
import { Conflict, StepUpRequired } from "~/domain/errors";
import { formatDateTime } from "~/domain/time";
import { getT } from "~/locales/i18n";
import securityStyles from "~/styles/security.css?url";
import { parseForm } from "~/web/forms.server";
import { idParam, keepFormForStepUp, requireCtx, toResponse } from "~/web/request.server";
import { formPage } from "~/components/forms/form-page";

// /admin/staff/:id — one staff member's security log, and the admin's "reset second factor" (a lost
// phone). Anyone but an admin gets the same 404 as for a missing person.

export const links: LinksFunction = () => [{ rel: "stylesheet", href: securityStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${getT(data?.locale ?? "nl")("securitySettings.staff.pageTitle", { name: data?.name ?? "" })} · Noaber` },
];

export interface Answer {
  result?: SubmissionResult<string[]>;
  refused?: string;
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const userId = idParam(params.id);
  const { person, log } = await getStaffSecurityLog({ ctx, input: { userId } }).catch((e) => toResponse(e, request));
  return {
    locale: ctx.locale,
    name: person.name,
    roles: person.roles,
    log: log.map((e) => ({ ...e, when: formatDateTime(e.at, ctx.actor.timeZone, ctx.locale) })),
    reset: new URL(request.url).searchParams.has("reset"),
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const userId = idParam(params.id);
  const submission = parseForm(await request.formData(), resetSecondFactorSchema);
  if (submission.status !== "success") {
    // Someone who may not see this person gets the 404, not the form's errors.
    await getStaffSecurityLog({ ctx, input: { userId } }).catch((e) => toResponse(e, request));
    return data<Answer>({ result: submission.reply() }, { status: 400 });
  }
  try {
    await resetSecondFactor({ ctx, input: { userId } });
  } catch (error) {
    if (error instanceof Conflict) return data<Answer>({ refused: error.message }, { status: 409 });
    if (error instanceof StepUpRequired) throw await keepFormForStepUp(request, submission.payload);
    return toResponse(error, request);
  }
  return redirect(`/admin/staff/${userId}?reset`);
}

export default formPage(() => import("./admin_.staff.$id.page"));
