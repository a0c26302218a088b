import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { intakeSchema } from "~/domain/help/shared";
import { getHelpRequestFormOptions, registerIntakeRequest } from "~/domain/help";
import { Forbidden } from "~/domain/errors";
import { can } from "~/domain/permissions";
import { runForm } from "~/web/forms.server";
import { getT } from "~/locales/i18n";
import { requireCtx, toResponse } from "~/web/request.server";
import { formPage } from "~/components/forms/form-page";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${getT(data?.locale ?? "nl")("helpRequest.form.intakeTitle")} · Noaber` },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, context);
  // Through toResponse: a coordinator who has not proved the second factor yet goes there first.
  if (!can.coordinateAnywhere(ctx.actor)) toResponse(new Forbidden(), request);
  const options = await getHelpRequestFormOptions({ ctx });
  // Only the neighbourhoods this coordinator may register requests for.
  return {
    locale: ctx.locale,
    options: { ...options, neighbourhoods: options.neighbourhoods.filter((n) => options.coordinated.includes(n.id)) },
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = await requireCtx(request, context);
  // Through toResponse: a coordinator who has not proved the second factor yet goes there first.
  if (!can.coordinateAnywhere(ctx.actor)) toResponse(new Forbidden(), request);
  const submission = parseWithZod(await request.formData(), { schema: intakeSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: submission.status === "error" ? 400 : 200 });
  const outcome = await runForm(submission, () => registerIntakeRequest({ ctx, input: submission.value }));
  if (!outcome.ok) return outcome.response;
  return redirect(`/requests/${outcome.value.id}?created`);
}

export default formPage(() => import("./coordinator_.intake.page"));
