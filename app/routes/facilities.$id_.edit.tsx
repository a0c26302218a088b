import { parseWithZod } from "@conform-to/zod";
import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { getFacilityForEdit, updateFacility, updateFacilityStatus } from "~/domain/social-map";
import { facilityInput, facilityStatusInput } from "~/domain/social-map/shared";
import { invalid, runForm } from "~/web/forms.server";
import { getT } from "~/locales/i18n";
import { idParam, requireCtx, toResponse } from "~/web/request.server";
import socialMapStyles from "~/styles/social-map.css?url";
import { formPage } from "~/components/forms/form-page";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: socialMapStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${getT(data?.locale ?? "nl")("socialMap.form.editTitle")} · Noaber` },
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const form = await getFacilityForEdit({ ctx, input: { id: idParam(params.id) } }).catch((e) => toResponse(e, request));
  return { locale: ctx.locale, ...form };
}

/** The form posted says which verb: `mode=status` for the facility's own people, the full form otherwise. */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const id = idParam(params.id);
  const formData = await request.formData();
  if (formData.get("mode") === "status") {
    const submission = parseWithZod(formData, { schema: facilityStatusInput });
    if (submission.status !== "success") return invalid(submission);
    const outcome = await runForm(submission, () => updateFacilityStatus({ ctx, input: { ...submission.value, id } })).catch((e) =>
      toResponse(e, request),
    );
    return outcome.ok ? redirect(`/facilities/${id}`) : outcome.response;
  }
  const submission = parseWithZod(formData, { schema: facilityInput });
  if (submission.status !== "success") return invalid(submission);
  const outcome = await runForm(submission, () => updateFacility({ ctx, input: { ...submission.value, id } })).catch((e) =>
    toResponse(e, request),
  );
  return outcome.ok ? redirect(`/facilities/${id}`) : outcome.response;
}

export default formPage(() => import("./facilities.$id_.edit.page"));
