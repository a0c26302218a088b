import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import { FormErrors, InputField, SelectField, TextAreaField, useIntentForm } from "~/components/forms";
import { categoriesOf, categoryLabelKey, indicatorCategoryKind, indicatorKeys } from "~/domain/signals/shared";
import { evidenceSchema, raiseSchema, resolveSchema, respondSchema } from "~/domain/signals/shared";
import type { action, loader } from "./signals.$id";

export default function SignalPage() {
  const { signal, evidence, events, canEdit, neighbourhoods, today } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [search] = useSearchParams();
  const { t } = useTranslation();
  const resultFor = (intent: string) => (actionData?.intent === intent ? (actionData.result as SubmissionResult<string[]>) : undefined);
  const [raiseForm, raise] = useIntentForm("raise", raiseSchema, resultFor("raise"), { raisedOn: today });
  const [respondForm, respond] = useIntentForm("respond", respondSchema, resultFor("respond"), { respondedOn: today });
  const [resolveForm, resolve] = useIntentForm("resolve", resolveSchema, resultFor("resolve"), { resolvedOn: today });
  const [evidenceForm, ev] = useIntentForm("evidence", evidenceSchema, resultFor("evidence"), {
    from: `${Number(today.slice(0, 4)) - 1}${today.slice(4, 7)}`,
    to: today.slice(0, 7),
    neighbourhoodId: signal.neighbourhoodId ? String(signal.neighbourhoodId) : "",
  });
  // Errors about the step itself (not a field) show at the top: the form that was sent may no
  // longer be on the page (a step from the wrong status).
  const formErrors = ((actionData?.result as SubmissionResult<string[]> | undefined)?.error?.[""] ?? []) as string[];
  const areaName = (id: number | null) => neighbourhoods.find((n) => n.id === id)?.name ?? t("signals.list.wholeMunicipality");
  const categoryText = (category: string | null, kind: string | null) => {
    if (!category) return t("signals.detail.allCategories");
    const [group, value] = category.includes(":") ? category.split(":") : [kind, category];
    return t(categoryLabelKey(group ?? "kind", value ?? ""));
  };
  const anyCategory = [
    ...new Set(indicatorKeys.flatMap((k) => categoriesOf[indicatorCategoryKind[k]].map((c) => `${indicatorCategoryKind[k]}:${c}`))),
  ];
  return (
    <section className="stack narrow">
      <p>
        <Link to="/signals">{t("signals.detail.back")}</Link>
      </p>
      <h1 className="utrecht-heading-1">{signal.title}</h1>
      {formErrors.length ? <FormErrors id="signal-errors" errors={formErrors} /> : null}
      {search.has("created") ? (
        <p className="alert alert--ok" role="status">
          {t("signals.detail.created")}
        </p>
      ) : null}
      {search.has("updated") ? (
        <p className="alert alert--ok" role="status">
          {t("signals.detail.updated")}
        </p>
      ) : null}
      <dl className="details-list">
        <dt>{t("signals.detail.status")}</dt>
        <dd>
          <strong>{t(`signals.statuses.${signal.status}`)}</strong>
        </dd>
        <dt>{t("signals.detail.kind")}</dt>
        <dd>{t(`signals.kinds.${signal.kind}`)}</dd>
        <dt>{t("signals.detail.neighbourhood")}</dt>
        <dd>{signal.neighbourhood ?? t("signals.list.wholeMunicipality")}</dd>
        <dt>{t("signals.detail.category")}</dt>
        <dd>{categoryText(signal.category, null)}</dd>
      </dl>
      <h2 className="utrecht-heading-2">{t("signals.detail.description")}</h2>
      <p className="utrecht-paragraph preserve-lines">{signal.description}</p>
      {signal.raisedOn ? (
        <p className="utrecht-paragraph">{t("signals.detail.raised", { date: signal.raisedOn, with: signal.raisedWith })}</p>
      ) : null}
      {signal.respondedOn ? (
        <>
          <p className="utrecht-paragraph">{t("signals.detail.responded", { date: signal.respondedOn })}</p>
          <p className="utrecht-paragraph preserve-lines">{signal.response}</p>
        </>
      ) : null}
      {signal.resolvedOn ? <p className="utrecht-paragraph">{t("signals.detail.resolved", { date: signal.resolvedOn })}</p> : null}

      <h2 className="utrecht-heading-2">{t("signals.detail.evidenceTitle")}</h2>
      {evidence.length === 0 ? (
        <p className="utrecht-paragraph">{t("signals.detail.evidenceEmpty")}</p>
      ) : (
        <ul>
          {evidence.map((e) => (
            <li key={e.id}>
              {t("signals.detail.evidenceRow", {
                indicator: t(`signals.indicator.${e.indicator}.title`),
                area: areaName(e.neighbourhoodId),
                category: categoryText(e.category, indicatorCategoryKind[e.indicator as keyof typeof indicatorCategoryKind] ?? null),
                from: e.periodStart,
                to: e.periodEnd,
                value: e.value,
              })}
            </li>
          ))}
        </ul>
      )}

      {!canEdit ? <p className="alert">{t("signals.detail.readOnly")}</p> : null}
      {canEdit && signal.status === "draft" ? (
        <Form method="post" {...getFormProps(raiseForm)} className="stack">
          <fieldset className="utrecht-form-fieldset stack">
            <legend className="utrecht-form-fieldset__legend">{t("signals.actions.raiseTitle")}</legend>
            <input type="hidden" name="intent" value="raise" />
            <InputField field={raise.raisedOn} type="date" label={t("signals.actions.raisedOn")} />
            <InputField field={raise.raisedWith} type="text" label={t("signals.actions.raisedWith")} autoComplete="off" />
            <button type="submit" className="button button--primary utrecht-button">
              {t("signals.actions.raise")}
            </button>
          </fieldset>
        </Form>
      ) : null}
      {canEdit && signal.status === "raised" ? (
        <Form method="post" {...getFormProps(respondForm)} className="stack">
          <fieldset className="utrecht-form-fieldset stack">
            <legend className="utrecht-form-fieldset__legend">{t("signals.actions.respondTitle")}</legend>
            <input type="hidden" name="intent" value="respond" />
            <InputField field={respond.respondedOn} type="date" label={t("signals.actions.respondedOn")} />
            <TextAreaField field={respond.response} label={t("signals.actions.response")} />
            <button type="submit" className="button button--primary utrecht-button">
              {t("signals.actions.respond")}
            </button>
          </fieldset>
        </Form>
      ) : null}
      {canEdit && signal.status === "responded" ? (
        <Form method="post" {...getFormProps(resolveForm)} className="stack">
          <fieldset className="utrecht-form-fieldset stack">
            <legend className="utrecht-form-fieldset__legend">{t("signals.actions.resolveTitle")}</legend>
            <input type="hidden" name="intent" value="resolve" />
            <InputField field={resolve.resolvedOn} type="date" label={t("signals.actions.resolvedOn")} />
            <TextAreaField field={resolve.note} label={t("signals.actions.note")} rows={3} />
            <button type="submit" className="button button--primary utrecht-button">
              {t("signals.actions.resolve")}
            </button>
          </fieldset>
        </Form>
      ) : null}
      {canEdit && signal.status !== "resolved" ? (
        <Form method="post" {...getFormProps(evidenceForm)} className="stack">
          <fieldset className="utrecht-form-fieldset stack">
            <legend className="utrecht-form-fieldset__legend">{t("signals.actions.evidenceTitle")}</legend>
            <input type="hidden" name="intent" value="evidence" />
            <SelectField
              field={ev.indicator}
              label={t("signals.actions.indicator")}
              options={indicatorKeys.map((k) => ({ value: k, label: t(`signals.indicator.${k}.title`) }))}
            />
            <SelectField
              field={ev.neighbourhoodId}
              label={t("signals.form.neighbourhood")}
              placeholder={t("signals.form.wholeMunicipality")}
              options={neighbourhoods.map((n) => ({ value: String(n.id), label: n.name }))}
            />
            <SelectField
              field={ev.category}
              label={t("signals.actions.category")}
              placeholder={t("signals.actions.anyCategory")}
              options={anyCategory
                .map((key) => {
                  const [group, value] = key.split(":") as [string, string];
                  return { value, label: t(categoryLabelKey(group, value)) };
                })
                .filter((o, i, all) => all.findIndex((x) => x.value === o.value) === i)}
            />
            <InputField field={ev.from} type="text" label={t("signals.actions.from")} hint={t("signals.filter.hint")} inputMode="numeric" />
            <InputField field={ev.to} type="text" label={t("signals.actions.to")} inputMode="numeric" />
            <button type="submit" className="button utrecht-button">
              {t("signals.actions.addEvidence")}
            </button>
          </fieldset>
        </Form>
      ) : null}

      <h2 className="utrecht-heading-2">{t("signals.detail.historyTitle")}</h2>
      <ol>
        {events.map((e) => (
          <li key={e.id}>
            {e.atText}: {t(`signals.statuses.${e.status}`)}
            {e.note ? ` (${e.note})` : ""}
          </li>
        ))}
      </ol>
    </section>
  );
}
