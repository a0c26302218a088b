import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { invitationSchema, memberChangeSchema } from "~/domain/organisations/shared";
import { Validation } from "~/domain/errors";
import { inviteMember, revokeInvitation } from "~/domain/organisations";
import { changeMemberRole, listMembersForManagement, removeMember } from "~/domain/organisations";
import { formatDateTime } from "~/domain/time";
import { invalid, parseForm, runForm } from "~/web/forms.server";
import { getT } from "~/locales/i18n";
import { requireCtx, toResponse } from "~/web/request.server";
import { formPage } from "~/components/forms/form-page";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${getT(data?.locale ?? "nl")("community.organisations.membersPage.title", { name: data?.organisation.name ?? "" })} · Noaber` },
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const result = await listMembersForManagement({ ctx, input: { slug: params.slug ?? "" } }).catch((e) => toResponse(e, request));
  const search = new URL(request.url).searchParams;
  return {
    locale: ctx.locale,
    ...result,
    invitations: result.invitations.map((i) => ({ ...i, expires: formatDateTime(i.expiresAt, ctx.actor.timeZone, ctx.locale) })),
    notice: search.has("invited") ? ("invited" as const) : search.has("revoked") ? ("revoked" as const) : null,
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const slug = params.slug ?? "";
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent === "invite") {
    const submission = parseWithZod(form, { schema: invitationSchema });
    if (submission.status !== "success") return invalid(submission);
    const outcome = await runForm(submission, () => inviteMember({ ctx, input: { slug, ...submission.value } })).catch((e) =>
      toResponse(e, request),
    );
    // The same answer for every address: whether it has an account or is a member stays unknown.
    return outcome.ok ? redirect(`/organisations/${slug}/members?invited`) : outcome.response;
  }
  if (intent === "revoke") {
    const invitationId = Number(form.get("invitationId"));
    if (!Number.isSafeInteger(invitationId) || invitationId <= 0) throw new Response("errors.notFound", { status: 404 });
    await revokeInvitation({ ctx, input: { slug, invitationId } }).catch((e) => toResponse(e, request));
    return redirect(`/organisations/${slug}/members?revoked`);
  }
  const parsed = parseForm(form, memberChangeSchema);
  // Conform reads a blank role as no role: a role change needs one (a blank one was refused before).
  if (parsed.status !== "success" || (intent === "role" && !parsed.value.role))
    return data({ errors: ["community.errors.roleRequired"] }, { status: 400 });
  const { userId, role } = parsed.value;
  try {
    if (intent === "role" && role) await changeMemberRole({ ctx, input: { slug, userId, role } });
    else await removeMember({ ctx, input: { slug, userId } });
  } catch (error) {
    if (error instanceof Validation) return data({ errors: error.fieldErrors.form ?? [] }, { status: 400 });
    toResponse(error, request);
  }
  return redirect(ctx.actor.userId === userId && intent === "remove" ? "/me" : `/organisations/${slug}/members`);
}

export default formPage(() => import("./organisations.$slug_.members.page"));
