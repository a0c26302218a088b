import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import type { z } from "zod";
import { FormErrors, InputField } from "~/components/forms";
import { getThresholds, saveThresholds, thresholdKeys } from "~/domain/signals";
import { thresholdsSchema } from "~/domain/signals/shared";
import { runForm } from "~/web/forms.server";
import { getT } from "~/locales/i18n";
import { requireCtx, toResponse } from "~/web/request.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${getT(data?.locale ?? "nl")("signals.thresholds.title")} · Noaber` },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const loaded = await getThresholds({ ctx }).catch((e) => toResponse(e, request));
  return { locale: ctx.locale, keys: thresholdKeys, thresholds: loaded.thresholds, defaults: loaded.defaults };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const submission = parseWithZod(await request.formData(), { schema: thresholdsSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const outcome = await runForm(submission, () => saveThresholds({ ctx, input: submission.value })).catch((e) => toResponse(e, request));
  if (!outcome.ok) return outcome.response;
  return redirect("/signals/thresholds?saved");
}

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
