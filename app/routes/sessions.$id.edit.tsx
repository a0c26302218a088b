import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { cancelSession, changeCapacity, moveSession } from "~/domain/activities";
import { getSessionForEdit } from "~/domain/activities";
import { formatTimeRange } from "~/domain/time";
import { getT } from "~/locales/i18n";
import { parseForm, replyUnfinished, runTaggedForm } from "~/web/forms.server";
import { idParam, requireCtx, toResponse } from "~/web/request.server";
import { formPage } from "~/components/forms/form-page";
import { capacityChangeSchema, confirmSchema, moveSessionSchema } from "~/domain/activities/shared";

const forms = { move: moveSessionSchema, capacity: capacityChangeSchema, cancel: confirmSchema } as const;
export type Intent = keyof typeof forms;

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${getT(data?.locale ?? "nl")("organiser.session.title")} · Noaber` },
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const view = await getSessionForEdit({ ctx, input: { sessionId: idParam(params.id) } }).catch((e) => toResponse(e, request));
  const changed = new URL(request.url).searchParams.get("changed");
  return {
    locale: ctx.locale,
    ...view,
    when: formatTimeRange(view.session.startsAt, view.session.endsAt, ctx.actor.timeZone, ctx.locale),
    changed,
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const sessionId = idParam(params.id);
  const formData = await request.formData();
  const intent = String(formData.get("intent")) as Intent;
  if (!Object.hasOwn(forms, intent)) throw new Response("Bad Request", { status: 400 });
  const submission = parseForm(formData, forms[intent]);
  if (submission.status !== "success") return replyUnfinished(submission, intent);
  const value = submission.value as Record<string, unknown>;
  const verb: () => Promise<unknown> = {
    move: () => moveSession({ ctx, input: { sessionId, date: String(value.date), startTime: String(value.startTime) } }),
    capacity: () => changeCapacity({ ctx, input: { sessionId, capacity: (value.capacity as number | undefined) ?? null } }),
    cancel: () => cancelSession({ ctx, input: { sessionId } }),
  }[intent];
  const outcome = await runTaggedForm(request, submission, verb, intent);
  if (!outcome.ok) return outcome.response;
  return redirect(`/sessions/${sessionId}/edit?changed=${intent}`);
}

export default formPage(() => import("./sessions.$id.edit.page"));
