import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { newSignalSchema } from "~/domain/signals/shared";
import { createSignal, getSignalFormOptions } from "~/domain/signals";
import { runForm } from "~/web/forms.server";
import { getT } from "~/locales/i18n";
import { requireCtx, toResponse } from "~/web/request.server";
import { formPage } from "~/components/forms/form-page";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${getT(data?.locale ?? "nl")("signals.form.title")} · Noaber` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const options = await getSignalFormOptions({ ctx }).catch((e) => toResponse(e, request));
  return { locale: ctx.locale, options };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const submission = parseWithZod(await request.formData(), { schema: newSignalSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: submission.status === "error" ? 400 : 200 });
  const outcome = await runForm(submission, () => createSignal({ ctx, input: submission.value })).catch((e) => toResponse(e, request));
  if (!outcome.ok) return outcome.response;
  return redirect(`/signals/${outcome.value.id}?created`);
}

export default formPage(() => import("./signals.new.page"));
