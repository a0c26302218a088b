import { getFormProps } from "@conform-to/react";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import { FormErrors, useIntentForm } from "~/components/forms";
import { CircleNav } from "~/components/circles/circle-nav";
import { emptyWindow, HelpRequestFields } from "~/components/help-request-form";
import { helpRequestSchema } from "~/domain/help/shared";
import type { action, loader } from "./circles.$id.hand-off";

export default function CircleHandOffPage() {
  const { circle, running, openTasks, defaults, options } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const [form, fields] = useIntentForm("circle-hand-off", helpRequestSchema, actionData?.result, {
    forWhom: "self",
    schedule: "windows",
    urgency: "normal",
    kind: defaults.kind,
    neighbourhoodId: defaults.neighbourhoodId,
    windows: defaults.windows.length ? defaults.windows : [emptyWindow],
    publicText: defaults.publicText,
  });
  return (
    <section className="stack narrow">
      <CircleNav circleId={circle.id} name={circle.name} />
      <h1 className="utrecht-heading-1">{t("circleHandOff.title")}</h1>
      {running.length > 0 ? (
        <section className="alert" aria-labelledby="running-title">
          <h2 id="running-title" className="utrecht-heading-3">
            {t("circleHandOff.running.title")}
          </h2>
          <ul>
            {running.map((r) => (
              <li key={`${r.createdAt}-${r.status}`}>
                {t("circleHandOff.running.item", { date: r.sent, status: t(`helpRequests.status.${r.status}`) })}
                {r.id !== null ? (
                  <>
                    {" "}
                    <Link to={`/requests/${r.id}`} className="utrecht-link">
                      {t("circleHandOff.running.open")}
                    </Link>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
          <p>{t("circleHandOff.running.text")}</p>
        </section>
      ) : null}
      {openTasks === 0 ? (
        <>
          <p role="status" className="alert">
            {t("circleHandOff.none")}
          </p>
          <p className="utrecht-paragraph">
            <Link to={`/circles/${circle.id}`} className="utrecht-link">
              {t("circleHandOff.back")}
            </Link>
          </p>
        </>
      ) : (
        <>
          <p className="utrecht-paragraph">{t("circleHandOff.intro")}</p>
          <p className="utrecht-paragraph">{t("circleHandOff.openTasks", { count: openTasks })}</p>
          <p className="utrecht-paragraph">{t("circleHandOff.publicTextHint")}</p>
          <Form method="post" {...getFormProps(form)} className="stack">
            {/* Enter in a text field presses the first submit button: that must be "send", not "remove". */}
            <button type="submit" className="visually-hidden" tabIndex={-1} aria-hidden="true">
              {t("helpRequest.form.submitHidden")}
            </button>
            <FormErrors id={form.errorId} errors={form.errors} />
            <input type="hidden" name={fields.forWhom.name} value="self" />
            <HelpRequestFields form={form} fields={fields} options={options} />
            <button type="submit" className="button button--primary utrecht-button">
              {t("circleHandOff.submit")}
            </button>
          </Form>
        </>
      )}
    </section>
  );
}
