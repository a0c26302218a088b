import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import {
  changeCircleMemberRole,
  circleInvitationSchema,
  circleMemberChangeSchema,
  circleSettingsSchema,
  inviteToCircle,
  leaveCircle,
  listCircleMembers,
  removeCircleMember,
  revokeCircleInvitation,
  setMembersMayPost,
} from "~/domain/circles";
import { Validation } from "~/domain/errors";
import { formatDateTime } from "~/domain/time";
import { getT } from "~/locales/i18n";
import { invalid, parseForm, runTaggedForm } from "~/web/forms.server";
import { requireCtx, toResponse } from "~/web/request.server";
import { formPage } from "~/components/forms/form-page";
import circlesStyles from "~/styles/circles.css?url";

// The circle's members (decision 048): everyone sees who is in it with which role and may leave
// (after a confirmation step that is its own page state, ?leave, so it works without JavaScript).
// Leads also invite, revoke open invitations, remove members, change roles and the setting
// "members may post updates". Anyone who is not a current member gets the same 404.

export const links: LinksFunction = () => [{ rel: "stylesheet", href: circlesStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${getT(data?.locale ?? "nl")("circles.members.title", { name: data?.circle.name ?? "" })} · Noaber` },
];

const NOTICES = ["started", "invited", "revoked", "removed", "role", "saved"] as const;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const result = await listCircleMembers({ ctx, input: { circleId: Number(params.id) } }).catch((e) => toResponse(e, request));
  const search = new URL(request.url).searchParams;
  const zone = ctx.actor.timeZone;
  return {
    locale: ctx.locale,
    ...result,
    members: result.members.map((m) => ({ ...m, since: formatDateTime(m.joinedAt, zone, ctx.locale) })),
    invitations: result.invitations.map((i) => ({ ...i, expires: formatDateTime(i.expiresAt, zone, ctx.locale) })),
    notice: NOTICES.find((n) => search.has(n)) ?? null,
    confirmLeave: search.has("leave"),
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const circleId = Number(params.id);
  const here = `/circles/${circleId}/members`;
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent === "invite") {
    const submission = parseWithZod(form, { schema: circleInvitationSchema });
    if (submission.status !== "success") return invalid(submission);
    const outcome = await runTaggedForm(request, submission, () => inviteToCircle({ ctx, input: { circleId, ...submission.value } }));
    // The same answer for every address: whether it has an account or is a member stays unknown.
    return outcome.ok ? redirect(`${here}?invited`) : outcome.response;
  }
  try {
    if (intent === "revoke") {
      const invitationId = Number(form.get("invitationId"));
      if (!Number.isSafeInteger(invitationId) || invitationId <= 0) throw new Response("errors.notFound", { status: 404 });
      await revokeCircleInvitation({ ctx, input: { circleId, invitationId } });
      return redirect(`${here}?revoked`);
    }
    if (intent === "leave") {
      const { circleDeleted } = await leaveCircle({ ctx, input: { circleId } });
      return redirect(circleDeleted ? "/circles?deleted" : "/circles?left");
    }
    if (intent === "settings") {
      const parsed = parseForm(form, circleSettingsSchema);
      if (parsed.status !== "success") return data({ errors: ["errors.validation"] }, { status: 400 });
      await setMembersMayPost({ ctx, input: { circleId, membersMayPost: parsed.value.membersMayPost } });
      return redirect(`${here}?saved`);
    }
    const parsed = parseForm(form, circleMemberChangeSchema);
    if (parsed.status !== "success" || (intent === "role" && !parsed.value.role))
      return data({ errors: ["circles.errors.roleRequired"] }, { status: 400 });
    const { userId, role } = parsed.value;
    if (intent === "role" && role) {
      await changeCircleMemberRole({ ctx, input: { circleId, userId, role } });
      return redirect(`${here}?role`);
    }
    if (intent === "remove") {
      await removeCircleMember({ ctx, input: { circleId, userId } });
      return redirect(`${here}?removed`);
    }
    return data({ errors: ["errors.validation"] }, { status: 400 });
  } catch (error) {
    if (error instanceof Validation) return data({ errors: error.fieldErrors.form ?? [] }, { status: 400 });
    return toResponse(error, request);
  }
}

export default formPage(() => import("./circles.$id.members.page"));
