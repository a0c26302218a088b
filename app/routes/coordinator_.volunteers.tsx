import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import { vogStatuses, type VogStatus } from "~/domain/vocabulary";
import { InputField, SelectField } from "~/components/forms";
import { Pagination } from "~/components/pagination";
import { vogSchema } from "~/domain/organisations/shared";
import { formatDateTime } from "~/domain/time";
import { listVolunteersForVog, setVolunteerVog } from "~/domain/accounts";
import { runForm } from "~/web/forms.server";
import { getT } from "~/locales/i18n";
import { formatLocalDate } from "~/domain/scheduling";
import { requireCtx, toResponse } from "~/web/request.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${getT(data?.locale ?? "nl")("community.vogAdmin.title")} · Noaber` },
];

const isVogStatus = (value: string | null): value is VogStatus => (vogStatuses as readonly (string | null)[]).includes(value);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const params = new URL(request.url).searchParams;
  const status = params.get("status");
  const input = { page: Number(params.get("page") ?? 1), status: isVogStatus(status) ? status : null };
  const result = await listVolunteersForVog({ ctx, input }).catch((e) => toResponse(e, request));
  return {
    locale: ctx.locale,
    status: input.status,
    ...result,
    volunteers: result.volunteers.map((v) => ({
      ...v,
      validUntilText: v.vogValidUntil ? formatLocalDate(v.vogValidUntil, ctx.locale) : null,
      setAtText: v.vogSetAt ? formatDateTime(v.vogSetAt, ctx.actor.timeZone, ctx.locale) : null,
    })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const form = await request.formData();
  const userId = Number(form.get("userId"));
  const submission = parseWithZod(form, { schema: vogSchema });
  if (submission.status !== "success") return data({ userId, result: submission.reply(), saved: false }, { status: 400 });
  const outcome = await runForm(submission, () => setVolunteerVog({ ctx, input: submission.value })).catch((e) => toResponse(e, request));
  if (!outcome.ok) return data({ userId, result: (await outcome.response.data).result, saved: false }, { status: 400 });
  return { userId, result: submission.reply({ resetForm: true }), saved: true };
}

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
