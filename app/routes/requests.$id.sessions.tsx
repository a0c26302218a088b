import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Conflict, Validation } from "~/domain/errors";
import {
  cancelHelpSession,
  confirmHelpSession,
  endHelpMatch,
  getHelpMatch,
  leaveHelpFeedback,
  logHelpHours,
  scheduleHelpSessions,
} from "~/domain/help";
import {
  cancelSessionSchema,
  confirmSessionSchema,
  endMatchSchema,
  feedbackSchema,
  logHoursSchema,
  scheduleSessionsSchema,
} from "~/domain/help/shared";
import { formatDateTime, formatTimeRange } from "~/domain/time";
import { getT } from "~/locales/i18n";
import { parseForm, replyUnfinished, runTaggedForm } from "~/web/forms.server";
import { idParam, requireCtx, toResponse } from "~/web/request.server";
import { formPage } from "~/components/forms/form-page";

// Helping sessions of a match (/requests/:id/sessions): plan, cancel, confirm, log hours, end the
// match, and feedback for the coordinator. Each form names its intent; one domain verb each.

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${getT(data?.locale ?? "nl")("helpMatch.title")} · Noaber` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const view = await getHelpMatch({ ctx, input: { requestId: idParam(params.id) } }).catch((e) => toResponse(e, request));
  const format = (s: { startsAt: number; endsAt: number }) => formatTimeRange(s.startsAt, s.endsAt, ctx.actor.timeZone, ctx.locale);
  const url = new URL(request.url);
  return {
    locale: ctx.locale,
    ...view,
    sessions: view.sessions.map((s) => ({ ...s, when: format(s) })),
    endedWhen: view.request.endedAt ? formatDateTime(view.request.endedAt, ctx.actor.timeZone, ctx.locale) : null,
    done: doneOf(url.searchParams.get("done")),
    count: Number(url.searchParams.get("count") ?? 0),
  };
}

const forms = {
  schedule: scheduleSessionsSchema,
  cancel: cancelSessionSchema,
  confirm: confirmSessionSchema,
  log: logHoursSchema,
  end: endMatchSchema,
  feedback: feedbackSchema,
} as const;
export type Intent = keyof typeof forms;

/** The intent a `?done=` names, if it is one (the page says what was done). */
const doneOf = (value: string | null): Intent | null => (value !== null && Object.hasOwn(forms, value) ? (value as Intent) : null);

const verbs = {
  schedule: scheduleHelpSessions,
  cancel: cancelHelpSession,
  confirm: confirmHelpSession,
  log: logHelpHours,
  end: endHelpMatch,
  feedback: leaveHelpFeedback,
} as const;

export async function action({ request, context, params }: ActionFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const requestId = idParam(params.id);
  const formData = await request.formData();
  const intent = String(formData.get("intent")) as Intent;
  if (!Object.hasOwn(forms, intent)) throw new Response("Bad Request", { status: 400 });
  // Forms repeated per session are told apart by the session id.
  const tag = formData.has("sessionId") ? `${intent}-${String(formData.get("sessionId"))}` : intent;
  const submission = parseForm(formData, forms[intent]);
  if (submission.status !== "success") return replyUnfinished(submission, tag);
  // A refused action (already cancelled, match ended…) is shown at the form, not as an error page.
  const verb = (): Promise<unknown> =>
    verbs[intent]({ ctx, input: { ...submission.value, requestId } }).catch((e: unknown) => {
      throw e instanceof Conflict ? new Validation({ form: [e.message] }) : e;
    });
  const outcome = await runTaggedForm(request, submission, verb, tag);
  if (!outcome.ok) return outcome.response;
  const count = intent === "schedule" ? `&count=${(outcome.value as { created: number }).created}` : "";
  return redirect(`/requests/${requestId}/sessions?done=${intent}${count}`);
}

export default formPage(() => import("./requests.$id.sessions.page"));
