import { getFormProps, getInputProps, type SubmissionResult } from "@conform-to/react";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import { FormErrors, InputField, useIntentForm } from "~/components/forms";
import { confirmShiftHoursSchema } from "~/domain/activities/shared";
import type { action, loader } from "./me.hours";

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>;

function Duration({ minutes }: { minutes: number }) {
  const { t } = useTranslation();
  return <>{t("myHours.duration", { hours: Math.floor(minutes / 60), minutes: minutes % 60 })}</>;
}

function ConfirmShift({
  item,
  lastResult,
}: {
  item: Loaded["shiftsToConfirm"][number];
  lastResult: SubmissionResult<string[]> | undefined;
}) {
  const { t } = useTranslation();
  const [form, fields] = useIntentForm(`confirm-${item.signupId}`, confirmShiftHoursSchema, lastResult, {
    signupId: String(item.signupId),
    minutes: String(item.shiftMinutes),
  });
  const label = t("myHours.shiftItem", { role: item.role, title: item.title });
  return (
    <li className="card" id={`signup-${item.signupId}`}>
      <p>
        <strong>{label}</strong>
        <br />
        {item.when}
      </p>
      <Form method="post" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors as string[] | undefined} />
        <input {...getInputProps(fields.signupId, { type: "hidden" })} key={fields.signupId.key} />
        <InputField
          field={fields.minutes}
          type="number"
          inputMode="numeric"
          label={t("myHours.minutesLabel", { item: label })}
          hint={t("myHours.minutesHint", { minutes: item.shiftMinutes })}
        />
        <button type="submit" className="button button--primary utrecht-button">
          {t("myHours.confirm")}
        </button>
      </Form>
    </li>
  );
}

export default function MyHoursPage() {
  const loaded = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const kind = (k: string) => t(`helpRequests.kinds.${k}`);
  // An answer about a shift that is no longer listed (e.g. the organiser recorded it meanwhile).
  const orphanErrors =
    actionData && !loaded.shiftsToConfirm.some((s) => String(s.signupId) === actionData.form)
      ? (actionData.result.error?.[""] ?? undefined)
      : undefined;
  return (
    <section className="stack narrow">
      <h1 className="utrecht-heading-1">{t("myHours.title")}</h1>
      {loaded.problem ? (
        <p role="alert" className="alert alert--error">
          {t(loaded.problem)}
        </p>
      ) : null}
      {loaded.confirmed ? (
        <p role="status" className="alert alert--ok">
          {t("myHours.confirmed")}
        </p>
      ) : null}
      <p className="utrecht-paragraph">{t("myHours.intro")}</p>

      <h2>{t("myHours.toConfirmTitle")}</h2>
      <FormErrors id="confirm-errors" errors={orphanErrors ?? undefined} />
      {loaded.shiftsToConfirm.length + loaded.helpToConfirm.length === 0 ? (
        <p className="utrecht-paragraph">{t("myHours.toConfirmNone")}</p>
      ) : (
        <>
          <p className="utrecht-paragraph">{t("myHours.toConfirmIntro")}</p>
          <ul className="stack schedule-list">
            {loaded.shiftsToConfirm.map((item) => (
              <ConfirmShift
                key={item.signupId}
                item={item}
                lastResult={actionData?.form === String(item.signupId) ? actionData.result : undefined}
              />
            ))}
            {loaded.helpToConfirm.map((item) => (
              <li key={`help-${item.sessionId}`} className="card">
                <p>
                  <strong>{t("myHours.helpItem", { kind: kind(item.kind) })}</strong>
                  <br />
                  {item.when}
                </p>
                <Link to={`/requests/${item.requestId}/sessions`} className="utrecht-link">
                  {t("myHours.confirmHelp")}
                </Link>
              </li>
            ))}
          </ul>
        </>
      )}

      <h2>{t("myHours.year", { year: loaded.year })}</h2>
      <p className="utrecht-paragraph">{t("myHours.zoneNote", { zone: loaded.zone })}</p>
      <nav aria-label={t("myHours.yearNav")}>
        <ul className="schedule-period-nav">
          <li>
            <Link to={`/me/hours?year=${loaded.previousYear}`} className="utrecht-link">
              {t("myHours.previousYear", { year: loaded.previousYear })}
            </Link>
          </li>
          {loaded.nextYear !== null ? (
            <li>
              <Link to={`/me/hours?year=${loaded.nextYear}`} className="utrecht-link">
                {t("myHours.nextYear", { year: loaded.nextYear })}
              </Link>
            </li>
          ) : null}
        </ul>
      </nav>
      {loaded.total.totalMinutes === 0 ? (
        <p className="utrecht-paragraph">{t("myHours.none", { year: loaded.year })}</p>
      ) : (
        <>
          <p className="utrecht-paragraph">
            <strong>
              {t("myHours.total", {
                year: loaded.year,
                hours: t("myHours.duration", {
                  hours: Math.floor(loaded.total.totalMinutes / 60),
                  minutes: loaded.total.totalMinutes % 60,
                }),
              })}
            </strong>
          </p>
          {loaded.selfReportedMinutes > 0 ? (
            <p className="utrecht-paragraph">
              {t("myHours.selfReported", {
                hours: t("myHours.duration", {
                  hours: Math.floor(loaded.selfReportedMinutes / 60),
                  minutes: loaded.selfReportedMinutes % 60,
                }),
              })}
            </p>
          ) : null}
          <h3>{t("myHours.perMonth")}</h3>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("myHours.month")}</th>
                  <th scope="col">{t("myHours.shifts")}</th>
                  <th scope="col">{t("myHours.help")}</th>
                  <th scope="col">{t("myHours.hours")}</th>
                </tr>
              </thead>
              <tbody>
                {loaded.months.map((m) => (
                  <tr key={m.month}>
                    <th scope="row">{m.label}</th>
                    <td>
                      <Duration minutes={m.shiftMinutes} />
                    </td>
                    <td>
                      <Duration minutes={m.helpMinutes} />
                    </td>
                    <td>
                      <Duration minutes={m.totalMinutes} />
                    </td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">{t("myHours.totalRow")}</th>
                  <td>
                    <Duration minutes={loaded.total.shiftMinutes} />
                  </td>
                  <td>
                    <Duration minutes={loaded.total.helpMinutes} />
                  </td>
                  <td>
                    <Duration minutes={loaded.total.totalMinutes} />
                  </td>
                </tr>
              </tfoot>
            </table>
          </div>
          <h3>{t("myHours.perOrganisation")}</h3>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("myHours.organisation")}</th>
                  <th scope="col">{t("myHours.hours")}</th>
                </tr>
              </thead>
              <tbody>
                {loaded.organisations.map((o) => (
                  <tr key={o.key}>
                    <th scope="row">{o.name ?? t("myHours.helpRequests")}</th>
                    <td>
                      <Duration minutes={o.totalMinutes} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}

      {loaded.logHours.length > 0 ? (
        <>
          <h2>{t("myHours.logTitle")}</h2>
          <p className="utrecht-paragraph">{t("myHours.logIntro")}</p>
          <ul>
            {loaded.logHours.map((r) => (
              <li key={r.requestId}>
                <Link to={`/requests/${r.requestId}/sessions`} className="utrecht-link">
                  {t("myHours.logLink", { kind: kind(r.kind) })}
                </Link>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
