import { parseWithZod } from "@conform-to/zod";
import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { createFacility, getNewFacilityForm } from "~/domain/social-map";
import { facilityInput } from "~/domain/social-map/shared";
import { invalid, runForm } from "~/web/forms.server";
import { getT } from "~/locales/i18n";
import { requireCtx, toResponse } from "~/web/request.server";
import socialMapStyles from "~/styles/social-map.css?url";
import { formPage } from "~/components/forms/form-page";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: socialMapStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${getT(data?.locale ?? "nl")("socialMap.form.newTitle")} · Noaber` },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const form = await getNewFacilityForm({ ctx }).catch((e) => toResponse(e, request));
  return { locale: ctx.locale, ...form };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const submission = parseWithZod(await request.formData(), { schema: facilityInput });
  if (submission.status !== "success") return invalid(submission);
  const outcome = await runForm(submission, () => createFacility({ ctx, input: submission.value })).catch((e) => toResponse(e, request));
  if (!outcome.ok) return outcome.response;
  return redirect(`/facilities/${outcome.value.id}`);
}

export default formPage(() => import("./facilities.new.page"));
