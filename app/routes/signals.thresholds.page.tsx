import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import type { z } from "zod";
import { FormErrors, InputField } from "~/components/forms";
import { thresholdsSchema } from "~/domain/signals/shared";
import type { action, loader } from "./signals.thresholds";

export default function ThresholdsPage() {
  const { keys, thresholds, defaults } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [search] = useSearchParams();
  const { t } = useTranslation();
  const [form, fields] = useForm<z.input<typeof thresholdsSchema>, z.output<typeof thresholdsSchema>>({
    id: "thresholds",
    lastResult: actionData?.result,
    defaultValue: Object.fromEntries(keys.map((k) => [k, String(thresholds[k])])),
    constraint: getZodConstraint(thresholdsSchema),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: thresholdsSchema }),
  });
  return (
    <section className="stack narrow">
      <p>
        <Link to="/signals">{t("signals.detail.back")}</Link>
      </p>
      <h1 className="utrecht-heading-1">{t("signals.thresholds.title")}</h1>
      <p className="utrecht-paragraph">{t("signals.thresholds.intro")}</p>
      {search.has("saved") ? (
        <p className="alert alert--ok" role="status">
          {t("signals.thresholds.saved")}
        </p>
      ) : null}
      <Form method="post" {...getFormProps(form)} className="stack">
        <FormErrors id={form.errorId} errors={form.errors} />
        {keys.map((key) => (
          <InputField
            key={key}
            field={fields[key]}
            type="number"
            label={t(`signals.thresholds.${key}`)}
            hint={t("signals.thresholds.default", { value: defaults[key] })}
          />
        ))}
        <button type="submit" className="button button--primary utrecht-button">
          {t("signals.thresholds.submit")}
        </button>
      </Form>
    </section>
  );
}
