import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { helpRequestSchema } from "~/domain/help/shared";
import { createHelpRequest, getHelpRequestFormOptions } from "~/domain/help";
import { getFacilityHandOff } from "~/domain/social-map";
import { runForm } from "~/web/forms.server";
import { getT } from "~/locales/i18n";
import { requireCtx } from "~/web/request.server";
import { formPage } from "~/components/forms/form-page";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${getT(data?.locale ?? "nl")("helpRequest.form.newTitle")} · Noaber` },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, context);
  // "Ask for help with this" on a facility page (/requests/new?facility=<id>) pre-fills kind and text.
  const facilityId = Number(new URL(request.url).searchParams.get("facility"));
  const handOff =
    Number.isSafeInteger(facilityId) && facilityId > 0
      ? await getFacilityHandOff({ ctx, input: { id: facilityId } }).catch(() => null)
      : null;
  return { locale: ctx.locale, options: await getHelpRequestFormOptions({ ctx }), handOff };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const submission = parseWithZod(await request.formData(), { schema: helpRequestSchema });
  // "Add a time" and "remove" come back here without JavaScript; they are not errors.
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: submission.status === "error" ? 400 : 200 });
  const outcome = await runForm(submission, () => createHelpRequest({ ctx, input: { ...submission.value, circleId: undefined } }));
  if (!outcome.ok) return outcome.response;
  return redirect(`/requests/${outcome.value.id}?created`);
}

export default formPage(() => import("./requests.new.page"));
