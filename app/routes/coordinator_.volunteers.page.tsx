import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import { vogStatuses } from "~/domain/vocabulary";
import { InputField, SelectField } from "~/components/forms";
import { Pagination } from "~/components/pagination";
import type { action, loader } from "./coordinator_.volunteers";

export default function VolunteersVogPage() {
  const { volunteers, page, pages, status, today } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const href = (p: number) => `/coordinator/volunteers?${new URLSearchParams({ ...(status ? { status } : {}), page: String(p) })}`;
  return (
    <section className="stack">
      <h1 className="utrecht-heading-1">{t("community.vogAdmin.title")}</h1>
      <p className="utrecht-paragraph">{t("community.vogAdmin.intro")}</p>
      <Form method="get" className="filter-form">
        <fieldset className="utrecht-form-fieldset">
          <legend className="utrecht-form-fieldset__legend">{t("community.vogAdmin.filterLegend")}</legend>
          <div className="field">
            <label htmlFor="status">{t("community.vogAdmin.status")}</label>
            <select id="status" name="status" defaultValue={status ?? ""} className="utrecht-select utrecht-select--html-select">
              <option value="">{t("community.vogAdmin.allStatuses")}</option>
              {vogStatuses.map((s) => (
                <option key={s} value={s}>
                  {t(`community.vog.${s}`)}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button button--secondary utrecht-button">
            {t("community.vogAdmin.filter")}
          </button>
        </fieldset>
      </Form>
      {volunteers.length === 0 ? <p className="utrecht-paragraph">{t("community.vogAdmin.none")}</p> : null}
      <ul className="cards">
        {volunteers.map((v) => (
          <VolunteerCard
            key={v.userId}
            volunteer={v}
            today={today}
            lastResult={actionData?.userId === v.userId ? actionData.result : undefined}
            saved={actionData?.userId === v.userId && actionData.saved}
          />
        ))}
      </ul>
      <Pagination page={page} pages={pages} href={href} />
    </section>
  );
}

function VolunteerCard({
  volunteer: v,
  today,
  lastResult,
  saved,
}: {
  volunteer: ReturnType<typeof useLoaderData<typeof loader>>["volunteers"][number];
  today: string;
  lastResult: SubmissionResult<string[]> | undefined;
  saved: boolean;
}) {
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id: `vog-${v.userId}`,
    lastResult,
    defaultValue: { vogStatus: v.vogStatus, vogValidUntil: v.vogValidUntil ?? undefined },
  });
  return (
    <li className="card stack">
      <h2 className="utrecht-heading-3">{v.name}</h2>
      {v.mayMissReminders ? (
        <p className="may-miss">
          <strong>{t("notifications.coordinator.mayMiss")}</strong> {t("notifications.coordinator.mayMissHint")}
        </p>
      ) : null}
      <dl className="details">
        <dt>{t("community.vogAdmin.neighbourhood")}</dt>
        <dd>{v.neighbourhood}</dd>
        <dt>{t("community.vogAdmin.current")}</dt>
        <dd>
          {t(`community.vog.${v.effective}`)}
          {v.validUntilText ? ` (${t("community.vog.validUntil", { date: v.validUntilText })})` : null}
          {v.vogSetBy && v.setAtText ? (
            <>
              <br />
              {t("community.vogAdmin.setBy", { name: v.vogSetBy, when: v.setAtText })}
            </>
          ) : null}
        </dd>
      </dl>
      {saved ? (
        <p role="status" className="alert alert--ok">
          {t("community.vogAdmin.saved", { name: v.name })}
        </p>
      ) : null}
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="userId" value={v.userId} />
        <SelectField
          field={fields.vogStatus}
          label={t("community.vogAdmin.newStatus", { name: v.name })}
          options={vogStatuses.map((s) => ({ value: s, label: t(`community.vog.${s}`) }))}
        />
        <InputField field={fields.vogValidUntil} type="date" label={t("community.vogAdmin.validUntil")} min={today} />
        <button type="submit" className="button button--primary utrecht-button">
          {t("community.vogAdmin.save")}
        </button>
      </Form>
    </li>
  );
}
