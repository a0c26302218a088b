import { parseWithZod } from "@conform-to/zod";
import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { startCircle, startCircleOptions, startCircleSchema } from "~/domain/circles";
import { getT } from "~/locales/i18n";
import { invalid, runForm } from "~/web/forms.server";
import { requireCtx } from "~/web/request.server";
import { formPage } from "~/components/forms/form-page";
import circlesStyles from "~/styles/circles.css?url";

// Starting a care circle: for one of my people cared for, for someone new, or for myself. The
// starter becomes the lead and goes on to the members page to invite others.

export const links: LinksFunction = () => [{ rel: "stylesheet", href: circlesStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${getT(data?.locale ?? "nl")("circles.start.title")} · Noaber` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, context);
  return { locale: ctx.locale, ...(await startCircleOptions({ ctx })) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const submission = parseWithZod(await request.formData(), { schema: startCircleSchema });
  if (submission.status !== "success") return invalid(submission);
  const outcome = await runForm(submission, () => startCircle({ ctx, input: submission.value }));
  return outcome.ok ? redirect(`/circles/${outcome.value.id}/members?started`) : outcome.response;
}

export default formPage(() => import("./circles.new.page"));
