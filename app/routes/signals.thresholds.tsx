import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { getThresholds, saveThresholds, thresholdKeys } from "~/domain/signals";
import { thresholdsSchema } from "~/domain/signals/shared";
import { runForm } from "~/web/forms.server";
import { getT } from "~/locales/i18n";
import { requireCtx, toResponse } from "~/web/request.server";
import { formPage } from "~/components/forms/form-page";

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

export default formPage(() => import("./signals.thresholds.page"));
