import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import { CheckboxField, FormErrors, SelectField, TextAreaField, useIntentForm } from "~/components/forms";
import { cancelSeriesSchema, LIMITS, messageSchema } from "~/domain/activities/shared";
import { type Person } from "~/domain/activities";
import type { action, loader } from "./activities.$id.manage";

type View = ReturnType<typeof useLoaderData<typeof loader>>;

export default function ManageActivityPage() {
  const view = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const { activity, canEdit, notice } = view;
  const upcoming = view.sessions.filter((s) => !s.started);
  const past = view.sessions.filter((s) => s.started).reverse();
  return (
    <section className="stack">
      <p>
        <Link to="/activities/manage" className="utrecht-link">
          {t("organiser.list.back")}
        </Link>
      </p>
      <h1 className="utrecht-heading-1">{t("organiser.manage.title", { title: activity.title })}</h1>
      <p className="utrecht-paragraph">{activity.organisation}</p>
      {notice.created ? <Notice text={t("organiser.manage.created", { count: Number(notice.created) })} /> : null}
      {notice.sent ? <Notice text={t("organiser.manage.sent", { count: Number(notice.sent) })} /> : null}
      {notice.cancelled ? <Notice text={t("organiser.manage.seriesCancelled", { count: Number(notice.cancelled) })} /> : null}
      {!canEdit ? <p className="alert">{t("organiser.manage.viewOnly")}</p> : null}
      <ul className="link-list">
        <li>
          <Link to={`/activities/${activity.id}`} className="utrecht-link">
            {t("organiser.manage.publicPage")}
          </Link>
        </li>
        <li>
          <a href={`/activities/${activity.id}/signups.csv`} className="utrecht-link" download>
            {t("organiser.manage.csv")}
          </a>
        </li>
      </ul>

      {canEdit ? <MessageForm sessions={upcoming} /> : null}

      <h2 className="utrecht-heading-2">{t("organiser.manage.upcoming")}</h2>
      {upcoming.length === 0 ? <p className="utrecht-paragraph">{t("organiser.manage.noUpcoming")}</p> : null}
      <ul className="session-list">
        {upcoming.map((s) => (
          <SessionCard key={s.id} session={s} canEdit={canEdit} />
        ))}
      </ul>

      {past.length > 0 ? (
        <>
          <h2 className="utrecht-heading-2">{t("organiser.manage.past")}</h2>
          <ul className="session-list">
            {past.map((s) => (
              <SessionCard key={s.id} session={s} canEdit={canEdit} />
            ))}
          </ul>
        </>
      ) : null}

      {canEdit
        ? view.series
            .filter((s) => !s.cancelled && s.futureSessions > 1)
            .map((s) => <CancelSeriesForm key={s.id} seriesId={s.id} count={s.futureSessions} />)
        : null}
    </section>
  );
}

function Notice({ text }: { text: string }) {
  return (
    <p role="status" className="alert alert--ok">
      {text}
    </p>
  );
}

function PeopleList({ title, people, empty }: { title: string; people: Person[]; empty: string }) {
  const { t } = useTranslation();
  return (
    <>
      <h4>{title}</h4>
      {people.length === 0 ? (
        <p>{empty}</p>
      ) : (
        <ol>
          {people.map((p) => (
            <li key={p.signupId}>
              {p.name}
              {p.confirmedAt !== null ? (
                <>
                  {" "}
                  <span className="badge" title={t("reminders.manage.confirmedLabel")}>
                    ✓ {t("reminders.manage.confirmed")}
                  </span>
                </>
              ) : null}
              {p.attendance ? ` (${t(`organiser.attendance.${p.attendance}`)})` : ""}
            </li>
          ))}
        </ol>
      )}
    </>
  );
}

function SessionCard({ session: s, canEdit }: { session: View["sessions"][number]; canEdit: boolean }) {
  const { t } = useTranslation();
  const cancelled = s.status === "cancelled";
  const headingId = `session-${s.id}`;
  return (
    <li className="card session-card" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {s.when}
        {cancelled ? ` · ${t("organiser.manage.cancelledBadge")}` : s.detached ? ` · ${t("organiser.manage.changedBadge")}` : ""}
      </h3>
      <p>
        {s.capacity === null
          ? t("organiser.manage.countsNoLimit", { confirmed: s.participants.confirmed.length, waiting: s.participants.waitlist.length })
          : t("organiser.manage.counts", {
              confirmed: s.participants.confirmed.length,
              capacity: s.capacity,
              waiting: s.participants.waitlist.length,
            })}
      </p>
      {s.shifts.map((sh) => (
        <p key={sh.id}>
          {t("organiser.manage.shiftCounts", {
            role: sh.role,
            confirmed: sh.confirmed.length,
            needed: sh.needed,
            waiting: sh.waitlist.length,
          })}
        </p>
      ))}
      {canEdit && !cancelled ? (
        <p className="actions">
          {!s.started ? (
            <Link to={`/sessions/${s.id}/edit`} className="utrecht-link">
              {t("organiser.manage.editSession")}
            </Link>
          ) : (
            <Link to={`/sessions/${s.id}/attendance`} className="utrecht-link">
              {t("organiser.manage.attendance")}
            </Link>
          )}
        </p>
      ) : null}
      {!cancelled ? (
        <details>
          <summary>{t("organiser.manage.names")}</summary>
          <PeopleList title={t("organiser.manage.participants")} people={s.participants.confirmed} empty={t("organiser.manage.nobody")} />
          {s.participants.waitlist.length ? (
            <PeopleList title={t("organiser.manage.waitlist")} people={s.participants.waitlist} empty="" />
          ) : null}
          {s.shifts.map((sh) => (
            <div key={sh.id}>
              <PeopleList title={`${sh.role} · ${sh.when}`} people={sh.confirmed} empty={t("organiser.manage.nobody")} />
              {sh.waitlist.length ? (
                <PeopleList title={t("organiser.manage.shiftWaitlist", { role: sh.role })} people={sh.waitlist} empty="" />
              ) : null}
            </div>
          ))}
        </details>
      ) : null}
    </li>
  );
}

function MessageForm({ sessions }: { sessions: View["sessions"] }) {
  const { t } = useTranslation();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useIntentForm("message", messageSchema, actionData?.form === "message" ? actionData.result : undefined);
  return (
    <section className="stack card" aria-labelledby="message-heading">
      <h2 id="message-heading" className="utrecht-heading-2">
        {t("organiser.message.title")}
      </h2>
      <p>{t("organiser.message.intro")}</p>
      <Form method="post" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors as string[] | undefined} />
        <SelectField
          field={fields.sessionId}
          label={t("organiser.message.to")}
          placeholder={t("organiser.message.everyone")}
          options={sessions.filter((s) => s.status === "scheduled").map((s) => ({ value: String(s.id), label: s.when }))}
        />
        <TextAreaField
          field={fields.body}
          label={t("organiser.message.body")}
          hint={t("organiser.create.maxChars", { max: LIMITS.message })}
        />
        <button type="submit" name="intent" value="message" className="button button--primary utrecht-button">
          {t("organiser.message.send")}
        </button>
      </Form>
    </section>
  );
}

function CancelSeriesForm({ seriesId, count }: { seriesId: number; count: number }) {
  const { t } = useTranslation();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: `cancel-series-${seriesId}`,
    lastResult: actionData?.form === "cancel-series" ? actionData.result : undefined,
    constraint: getZodConstraint(cancelSeriesSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: cancelSeriesSchema }),
  });
  return (
    <section className="stack card" aria-labelledby={`cancel-series-${seriesId}-heading`}>
      <h2 id={`cancel-series-${seriesId}-heading`} className="utrecht-heading-2">
        {t("organiser.manage.cancelSeries")}
      </h2>
      <p>{t("organiser.manage.cancelSeriesText", { count })}</p>
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="seriesId" value={seriesId} />
        <CheckboxField field={fields.confirm} label={t("organiser.manage.cancelSeriesConfirm", { count })} />
        <button type="submit" name="intent" value="cancel-series" className="button button--secondary utrecht-button">
          {t("organiser.manage.cancelSeriesButton")}
        </button>
      </Form>
    </section>
  );
}
