import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { volunteerProfileSchema } from "~/domain/organisations/shared";
import { getOwnVolunteerProfile, saveOwnVolunteerProfile } from "~/domain/accounts";
import { runForm } from "~/web/forms.server";
import { getT } from "~/locales/i18n";
import { formatLocalDate } from "~/domain/scheduling";
import { requireCtx } from "~/web/request.server";
import { formPage } from "~/components/forms/form-page";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${getT(data?.locale ?? "nl")("community.volunteer.title")} · Noaber` },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const profile = await getOwnVolunteerProfile({ ctx });
  return {
    locale: ctx.locale,
    saved: new URL(request.url).searchParams.has("saved"),
    ...profile,
    vogValidUntil: profile.vog.validUntil ? formatLocalDate(profile.vog.validUntil, ctx.locale) : null,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const submission = parseWithZod(await request.formData(), { schema: volunteerProfileSchema });
  // "Add a row" and "remove a row" come back here without JavaScript; they are not errors.
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: submission.status === "error" ? 400 : 200 });
  const outcome = await runForm(submission, () => saveOwnVolunteerProfile({ ctx, input: submission.value }));
  if (!outcome.ok) return outcome.response;
  return redirect("/me/volunteer?saved");
}

export default formPage(() => import("./me.volunteer.page"));
