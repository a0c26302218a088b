import { getFormProps, type DefaultValue } from "@conform-to/react";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import type { z, ZodTypeAny } from "zod";
import { CheckboxField, FormErrors, InputField, useIntentForm } from "~/components/forms";
import { cancelSession, changeCapacity, moveSession } from "~/domain/activities";
import { capacityChangeSchema, confirmSchema, moveSessionSchema } from "~/domain/activities/shared";
import { getSessionForEdit } from "~/domain/activities";
import { formatTimeRange } from "~/domain/time";
import { getT } from "~/locales/i18n";
import { parseForm, replyUnfinished, runTaggedForm } from "~/web/forms.server";
import { idParam, requireCtx, toResponse } from "~/web/request.server";

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

const forms = { move: moveSessionSchema, capacity: capacityChangeSchema, cancel: confirmSchema } as const;
type Intent = keyof typeof forms;

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

function useSessionForm<S extends ZodTypeAny>(intent: Intent, schema: S, defaultValue?: DefaultValue<z.input<S>>) {
  const actionData = useActionData<typeof action>();
  return useIntentForm(`session-${intent}`, schema, actionData?.form === intent ? actionData.result : undefined, defaultValue);
}

export default function EditSessionPage() {
  const { activity, session, when, changed } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const [moveForm, move] = useSessionForm("move", moveSessionSchema, { date: session.local.date, startTime: session.local.time });
  const [capacityForm, capacity] = useSessionForm("capacity", capacityChangeSchema, { capacity: session.capacity ?? undefined });
  const [cancelForm, cancel] = useSessionForm("cancel", confirmSchema);
  const open = session.status === "scheduled" && !session.started;
  return (
    <section className="stack narrow">
      <p>
        <Link to={`/activities/${activity.id}/manage`} className="utrecht-link">
          {t("organiser.session.back", { title: activity.title })}
        </Link>
      </p>
      <h1 className="utrecht-heading-1">{t("organiser.session.title")}</h1>
      <p className="utrecht-paragraph">
        {activity.title}: {when}
        {session.status === "cancelled" ? ` · ${t("organiser.manage.cancelledBadge")}` : ""}
      </p>
      {changed ? (
        <p role="status" className="alert alert--ok">
          {t(`organiser.session.done.${changed === "move" || changed === "capacity" || changed === "cancel" ? changed : "move"}`)}
        </p>
      ) : null}
      {!open ? (
        <p className="alert">
          {t(session.status === "cancelled" ? "organiser.errors.sessionCancelled" : "organiser.errors.sessionStarted")}
        </p>
      ) : (
        <>
          <section className="card stack" aria-labelledby="move-heading">
            <h2 id="move-heading" className="utrecht-heading-2">
              {t("organiser.session.move")}
            </h2>
            <p>{t("organiser.session.moveText", { zone: activity.timeZone })}</p>
            <Form method="post" {...getFormProps(moveForm)}>
              <FormErrors id={moveForm.errorId} errors={moveForm.errors as string[] | undefined} />
              <input type="hidden" name="intent" value="move" />
              <InputField field={move.date} type="date" label={t("organiser.session.date")} />
              <InputField
                field={move.startTime}
                type="time"
                label={t("organiser.session.startTime")}
                hint={t("organiser.create.timeHint")}
              />
              <button type="submit" className="button button--primary utrecht-button">
                {t("organiser.session.moveButton")}
              </button>
            </Form>
          </section>

          <section className="card stack" aria-labelledby="capacity-heading">
            <h2 id="capacity-heading" className="utrecht-heading-2">
              {t("organiser.session.capacity")}
            </h2>
            <p>{t("organiser.session.capacityText", { count: session.confirmed })}</p>
            <Form method="post" {...getFormProps(capacityForm)}>
              <FormErrors id={capacityForm.errorId} errors={capacityForm.errors as string[] | undefined} />
              <input type="hidden" name="intent" value="capacity" />
              <InputField
                field={capacity.capacity}
                type="number"
                inputMode="numeric"
                label={t("organiser.create.capacity")}
                hint={t("organiser.create.capacityHint")}
              />
              <button type="submit" className="button button--primary utrecht-button">
                {t("organiser.session.capacityButton")}
              </button>
            </Form>
          </section>

          <section className="card stack" aria-labelledby="cancel-heading">
            <h2 id="cancel-heading" className="utrecht-heading-2">
              {t("organiser.session.cancel")}
            </h2>
            <p>{t("organiser.session.cancelText")}</p>
            <Form method="post" {...getFormProps(cancelForm)}>
              <input type="hidden" name="intent" value="cancel" />
              <CheckboxField field={cancel.confirm} label={t("organiser.session.cancelConfirm")} />
              <button type="submit" className="button button--secondary utrecht-button">
                {t("organiser.session.cancelButton")}
              </button>
            </Form>
          </section>
        </>
      )}
    </section>
  );
}
