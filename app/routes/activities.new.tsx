import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { createActivity, getCreateActivityOptions } from "~/domain/activities";
import { createActivitySchema } from "~/domain/activities/shared";
import { getT } from "~/locales/i18n";
import { parseForm, replyUnfinished, runTaggedForm } from "~/web/forms.server";
import { requireCtx } from "~/web/request.server";
import activitiesStyles from "~/styles/activities.css?url";
import { formPage } from "~/components/forms/form-page";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: activitiesStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${getT(data?.locale ?? "nl")("organiser.create.title")} · Noaber` },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const options = await getCreateActivityOptions({ ctx });
  // `?organisationId=` (from an organisation's page) preselects it when the actor may post for it.
  const asked = Number(new URL(request.url).searchParams.get("organisationId"));
  const preselected =
    options.organisations.find((o) => o.id === asked) ?? (options.organisations.length === 1 ? options.organisations[0] : undefined);
  return { locale: ctx.locale, options, preselected: preselected?.id ?? null };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const submission = parseForm(await request.formData(), createActivitySchema);
  if (submission.status !== "success") return replyUnfinished(submission);
  const outcome = await runTaggedForm(request, submission, () => createActivity({ ctx, input: submission.value }));
  if (!outcome.ok) return outcome.response;
  return redirect(`/activities/${outcome.value.activityId}/manage?created=${outcome.value.sessionIds.length}`);
}

export default formPage(() => import("./activities.new.page"));
