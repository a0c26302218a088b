import { getFormProps, type DefaultValue } from "@conform-to/react";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import type { z, ZodTypeAny } from "zod";
import { ChoiceGroup, FormErrors, InputField, TextAreaField, useErrorText, useIntentForm } from "~/components/forms";
import { endMatchSchema, feedbackSchema, logHoursSchema, scheduleSessionsSchema } from "~/domain/help/shared";
import type { action, Intent, loader } from "./requests.$id.sessions";

function useMatchForm<S extends ZodTypeAny>(intent: Intent, schema: S, defaultValue?: DefaultValue<z.input<S>>) {
  const actionData = useActionData<typeof action>();
  return useIntentForm(`match-${intent}`, schema, actionData?.form === intent ? actionData.result : undefined, defaultValue);
}

type View = ReturnType<typeof useLoaderData<typeof loader>>;
type SessionRow = View["sessions"][number];

/** A small form repeated per session (cancel with a reason, or confirm with minutes). */
function RowForm({ session, intent, may }: { session: SessionRow; intent: "cancel" | "confirm"; may: boolean }) {
  const { t } = useTranslation();
  const text = useErrorText();
  const actionData = useActionData<typeof action>();
  if (!may) return null;
  const errors = actionData?.form === `${intent}-${session.id}` ? (actionData.result.error ?? {}) : {};
  const fieldName = intent === "cancel" ? "reason" : "minutes";
  const fieldErrors = errors[fieldName] ?? [];
  const id = `${intent}-${session.id}-${fieldName}`;
  const lengthMinutes = Math.round((session.endsAt - session.startsAt) / 60_000);
  return (
    <Form
      method="post"
      className="stack"
      aria-label={`${t(intent === "cancel" ? "helpMatch.cancel.submit" : "helpMatch.confirm.submit")}: ${session.when}`}
    >
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="sessionId" value={session.id} />
      <div className={`field utrecht-form-field${fieldErrors.length ? " utrecht-form-field--invalid" : ""}`}>
        <label htmlFor={id} className="utrecht-form-label">
          {t(intent === "cancel" ? "helpMatch.cancel.reason" : "helpMatch.confirm.minutes")}
        </label>
        {intent === "cancel" ? (
          <input
            id={id}
            name="reason"
            required
            maxLength={500}
            aria-invalid={fieldErrors.length ? true : undefined}
            aria-describedby={fieldErrors.length ? `${id}-error` : undefined}
            className="utrecht-textbox utrecht-textbox--html-input"
          />
        ) : (
          <input
            id={id}
            name="minutes"
            type="number"
            inputMode="numeric"
            min={0}
            max={720}
            defaultValue={session.minutes ?? lengthMinutes}
            aria-invalid={fieldErrors.length ? true : undefined}
            aria-describedby={fieldErrors.length ? `${id}-error` : undefined}
            className="utrecht-textbox utrecht-textbox--html-input"
          />
        )}
        {fieldErrors.length ? (
          <p id={`${id}-error`} role="alert" className="field__error utrecht-form-field-error-message">
            {fieldErrors.map(text).join(" ")}
          </p>
        ) : null}
      </div>
      <button type="submit" className={`button ${intent === "cancel" ? "button--secondary" : "button--primary"} utrecht-button`}>
        {t(intent === "cancel" ? "helpMatch.cancel.submit" : session.confirmedAt ? "helpMatch.confirm.update" : "helpMatch.confirm.submit")}
      </button>
    </Form>
  );
}

/** A refused row action (the session was cancelled meanwhile…): its row form may be gone, so the message stands above the table. */
function RowActionError() {
  const actionData = useActionData<typeof action>();
  const isRow = /^(cancel|confirm)-\d+$/.test(actionData?.form ?? "");
  const errors = isRow ? (actionData?.result.error?.[""] ?? []) : [];
  return <FormErrors id="session-action-error" errors={errors.length ? errors : undefined} />;
}

function SessionsTable({ view }: { view: View }) {
  const { t } = useTranslation();
  if (view.sessions.length === 0) return <p>{t("helpMatch.sessions.none")}</p>;
  const state = (s: SessionRow) =>
    s.status === "cancelled"
      ? t("helpMatch.sessions.cancelledReason", { reason: s.cancelReason ?? "" })
      : s.confirmedAt
        ? t("helpMatch.sessions.confirmed", { minutes: s.minutes ?? 0 })
        : s.over
          ? t("helpMatch.sessions.notConfirmed")
          : t("helpMatch.sessions.scheduled");
  return (
    <div className="table-wrap">
      <table className="utrecht-table">
        <thead>
          <tr>
            <th scope="col">{t("helpMatch.sessions.when")}</th>
            <th scope="col">{t("helpMatch.sessions.status")}</th>
            <th scope="col">{t("helpMatch.sessions.actions")}</th>
          </tr>
        </thead>
        <tbody>
          {view.sessions.map((s) => (
            <tr key={s.id}>
              <td>{s.when}</td>
              <td>
                {state(s)}
                {s.status === "scheduled" && s.upcoming && s.comingConfirmedAt !== null ? (
                  <>
                    {" "}
                    <span className="badge">✓ {t("reminders.manage.helpConfirmed")}</span>
                  </>
                ) : null}
              </td>
              <td>
                <RowForm session={s} intent="cancel" may={view.may.cancel && s.status === "scheduled" && s.upcoming} />
                <RowForm session={s} intent="confirm" may={view.may.confirm && s.status === "scheduled" && s.over} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ScheduleForm() {
  const { t } = useTranslation();
  const [form, fields] = useMatchForm("schedule", scheduleSessionsSchema, { repeat: "once", interval: 1 });
  const weekdays = ["1", "2", "3", "4", "5", "6", "7"].map((value) => ({
    value,
    label: t(`helpMatch.weekday.${value}` as "helpMatch.weekday.1"),
  }));
  return (
    <section className="card stack" aria-labelledby="schedule-heading">
      <h2 id="schedule-heading" className="utrecht-heading-2">
        {t("helpMatch.schedule.title")}
      </h2>
      <p>{t("helpMatch.schedule.intro")}</p>
      <Form method="post" className="stack" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors as string[] | undefined} />
        <input type="hidden" name="intent" value="schedule" />
        <InputField field={fields.date} type="date" label={t("helpMatch.schedule.date")} />
        <InputField field={fields.startTime} type="time" label={t("helpMatch.schedule.startTime")} />
        <InputField field={fields.endTime} type="time" label={t("helpMatch.schedule.endTime")} />
        <ChoiceGroup
          field={fields.repeat}
          type="radio"
          legend={t("helpMatch.schedule.repeat")}
          options={[
            { value: "once", label: t("helpMatch.schedule.once") },
            { value: "weekly", label: t("helpMatch.schedule.weekly") },
          ]}
        />
        <ChoiceGroup field={fields.weekdays} type="checkbox" legend={t("helpMatch.schedule.weekdays")} options={weekdays} />
        <InputField field={fields.interval} type="number" inputMode="numeric" label={t("helpMatch.schedule.interval")} />
        <InputField field={fields.count} type="number" inputMode="numeric" label={t("helpMatch.schedule.count")} />
        <button type="submit" className="button button--primary utrecht-button">
          {t("helpMatch.schedule.submit")}
        </button>
      </Form>
    </section>
  );
}

function LogHoursForm() {
  const { t } = useTranslation();
  const [form, fields] = useMatchForm("log", logHoursSchema);
  return (
    <section className="card stack" aria-labelledby="log-heading">
      <h2 id="log-heading" className="utrecht-heading-2">
        {t("helpMatch.log.title")}
      </h2>
      <p>{t("helpMatch.log.intro")}</p>
      <Form method="post" className="stack" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors as string[] | undefined} />
        <input type="hidden" name="intent" value="log" />
        <InputField field={fields.date} type="date" label={t("helpMatch.log.date")} />
        <InputField field={fields.startTime} type="time" label={t("helpMatch.log.startTime")} />
        <InputField field={fields.minutes} type="number" inputMode="numeric" label={t("helpMatch.log.minutes")} />
        <button type="submit" className="button button--primary utrecht-button">
          {t("helpMatch.log.submit")}
        </button>
      </Form>
    </section>
  );
}

function TextForm({ intent, defaultText }: { intent: "end" | "feedback"; defaultText?: string }) {
  const { t } = useTranslation();
  const [form, fields] = useMatchForm(
    intent,
    intent === "end" ? endMatchSchema : feedbackSchema,
    defaultText ? { text: defaultText } : undefined,
  );
  const field = intent === "end" ? fields.reason : fields.text;
  return (
    <section className="card stack" aria-labelledby={`${intent}-heading`}>
      <h2 id={`${intent}-heading`} className="utrecht-heading-2">
        {t(`helpMatch.${intent}.title`)}
      </h2>
      <p>{t(`helpMatch.${intent}.intro`)}</p>
      <Form method="post" className="stack" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors as string[] | undefined} />
        <input type="hidden" name="intent" value={intent} />
        {field ? (
          <TextAreaField field={field} rows={3} label={t(intent === "end" ? "helpMatch.end.reason" : "helpMatch.feedback.text")} />
        ) : null}
        <button type="submit" className={`button ${intent === "end" ? "button--secondary" : "button--primary"} utrecht-button`}>
          {t(`helpMatch.${intent}.submit`)}
        </button>
      </Form>
    </section>
  );
}

export default function HelpSessionsPage() {
  const view = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const { request, may } = view;
  const { done } = view;
  return (
    <section className="stack narrow">
      <p>
        <Link to={`/requests/${request.id}`} className="utrecht-link">
          {t("helpMatch.back")}
        </Link>
      </p>
      <h1 className="utrecht-heading-1">{t("helpMatch.title")}</h1>
      <p>{t("helpMatch.summary", { kind: t(`helpRequests.kinds.${request.kind}`), status: t(`helpRequests.status.${request.status}`) })}</p>
      {view.volunteerName ? <p>{t("helpMatch.volunteer", { name: view.volunteerName })}</p> : null}
      {view.requesterName ? <p>{t("helpMatch.requester", { name: view.requesterName })}</p> : null}
      {done ? (
        <p role="status" className="alert alert--ok">
          {done === "schedule" ? t("helpMatch.schedule.done", { count: view.count }) : t(`helpMatch.${done}.done`)}
        </p>
      ) : null}
      {view.endedWhen ? <p className="alert">{t("helpMatch.ended", { when: view.endedWhen, reason: request.endReason ?? "" })}</p> : null}
      {request.status !== "matched" && request.status !== "completed" ? <p className="alert">{t("helpMatch.notMatchedYet")}</p> : null}

      <section className="stack" aria-labelledby="sessions-heading">
        <h2 id="sessions-heading" className="utrecht-heading-2">
          {t("helpMatch.sessions.title")}
        </h2>
        <RowActionError />
        <SessionsTable view={view} />
      </section>
      {may.schedule || may.confirm ? <p className="field__hint">{t("helpMatch.zoneNote", { zone: request.timeZone })}</p> : null}
      {may.schedule ? <ScheduleForm /> : null}
      {may.confirm ? <LogHoursForm /> : null}
      {may.end ? <TextForm intent="end" /> : null}
      {may.feedback ? <TextForm intent="feedback" defaultText={view.ownFeedback ?? undefined} /> : null}
      {view.sides.includes("coordinator") ? (
        <section className="stack" aria-labelledby="feedback-list-heading">
          <h2 id="feedback-list-heading" className="utrecht-heading-2">
            {t("helpMatch.feedback.listTitle")}
          </h2>
          {view.feedback.length === 0 ? (
            <p>{t("helpMatch.feedback.none")}</p>
          ) : (
            <ul className="stack">
              {view.feedback.map((f) => (
                <li key={f.id} className="card">
                  <p>
                    <strong>{t("helpMatch.feedback.by", { name: f.authorName ?? t("helpMatch.feedback.unknownAuthor") })}</strong>
                  </p>
                  <p>{f.text}</p>
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}
    </section>
  );
}
