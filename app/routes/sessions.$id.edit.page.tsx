import { getFormProps, type DefaultValue } from "@conform-to/react";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import type { z, ZodTypeAny } from "zod";
import { CheckboxField, FormErrors, InputField, useIntentForm } from "~/components/forms";
import { capacityChangeSchema, confirmSchema, moveSessionSchema } from "~/domain/activities/shared";
import type { action, Intent, loader } from "./sessions.$id.edit";

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
