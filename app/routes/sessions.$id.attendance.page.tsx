import { getFormProps, getInputProps } from "@conform-to/react";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import { ChoiceGroup, FormErrors, InputField, useIntentForm } from "~/components/forms";
import { attendanceSchema } from "~/domain/activities/shared";
import type { action, loader } from "./sessions.$id.attendance";

export default function AttendancePage() {
  const { activity, session, entries, when, saved } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const [form, fields] = useIntentForm("attendance", attendanceSchema, actionData?.result, {
    entries: entries.map((e) => ({
      signupId: String(e.signupId),
      attendance: e.attendance ?? undefined,
      minutes: e.shiftMinutes === null ? undefined : String(e.minutes ?? e.shiftMinutes),
    })),
  });
  const open = session.status === "scheduled" && session.started;
  return (
    <section className="stack narrow">
      <p>
        <Link to={`/activities/${activity.id}/manage`} className="utrecht-link">
          {t("organiser.session.back", { title: activity.title })}
        </Link>
      </p>
      <h1 className="utrecht-heading-1">{t("organiser.attendance.title")}</h1>
      <p className="utrecht-paragraph">
        {activity.title}: {when}
      </p>
      {saved ? (
        <p role="status" className="alert alert--ok">
          {t("organiser.attendance.saved", { count: Number(saved) })}
        </p>
      ) : null}
      {!open ? (
        <p className="alert">
          {t(session.status === "cancelled" ? "organiser.errors.sessionCancelled" : "organiser.errors.attendanceTooEarly")}
        </p>
      ) : entries.length === 0 ? (
        <p className="utrecht-paragraph">{t("organiser.attendance.nobody")}</p>
      ) : (
        <Form method="post" {...getFormProps(form)}>
          <FormErrors id={form.errorId} errors={form.errors as string[] | undefined} />
          <p>{t("organiser.attendance.intro")}</p>
          {fields.entries.getFieldList().map((item, index) => {
            const entry = entries[index];
            if (!entry) return null;
            const f = item.getFieldset();
            const label = entry.role ? t("organiser.attendance.personWithRole", { name: entry.name, role: entry.role }) : entry.name;
            return (
              <div key={item.key ?? index} className="card attendance-entry">
                <input {...getInputProps(f.signupId, { type: "hidden" })} key={f.signupId.key} />
                <ChoiceGroup
                  field={f.attendance}
                  legend={label}
                  type="radio"
                  options={(["present", "absent"] as const).map((v) => ({ value: v, label: t(`organiser.attendance.${v}`) }))}
                />
                {entry.shiftMinutes !== null ? (
                  <InputField
                    field={f.minutes}
                    type="number"
                    inputMode="numeric"
                    label={t("organiser.attendance.minutes", { name: entry.name })}
                    hint={t("organiser.attendance.minutesHint", { minutes: entry.shiftMinutes })}
                  />
                ) : null}
              </div>
            );
          })}
          <button type="submit" className="button button--primary utrecht-button">
            {t("organiser.attendance.save")}
          </button>
        </Form>
      )}
    </section>
  );
}
