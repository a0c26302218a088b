import { parseWithZod } from "@conform-to/zod";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { emailChangeFormSchema, profileFormSchema } from "~/domain/accounts/shared";
import { notificationSettingsSchema } from "~/domain/notifications/shared";
import { getOwnNotificationSettings, resumeOwnMail, updateNotificationSettings } from "~/domain/notifications";
import { rolesOf } from "~/domain/permissions";
import { endAllSessions } from "~/domain/accounts";
import { getOwnAccount } from "~/domain/accounts";
import { getOwnVolunteerSummary } from "~/domain/accounts";
import { requestEmailChange, updateMyProfile } from "~/domain/accounts";
import { invalid, parseForm, replyUnfinished, runForm, runTaggedForm } from "~/web/forms.server";
import { getT } from "~/locales/i18n";
import { formatLocalDate } from "~/domain/scheduling";
import { requireCtx } from "~/web/request.server";
import { formPage } from "~/components/forms/form-page";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${getT(data?.locale ?? "nl")("me.title")} · Noaber` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const volunteer = await getOwnVolunteerSummary({ ctx });
  return {
    locale: ctx.locale,
    account: await getOwnAccount({ ctx }),
    roles: rolesOf(ctx.actor),
    volunteer: volunteer && {
      ...volunteer,
      pausedUntil: volunteer.pausedUntil ? formatLocalDate(volunteer.pausedUntil, ctx.locale) : null,
    },
    notifications: await getOwnNotificationSettings({ ctx }),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const form = await request.formData();
  if (form.get("intent") === "logout-everywhere") {
    await endAllSessions({ ctx });
    return redirect("/login", {
      headers: { "Set-Cookie": await context.services.cookies.session.serialize("", { maxAge: 0 }) },
    });
  }
  if (form.get("intent") === "notifications") {
    const submission = parseWithZod(form, { schema: notificationSettingsSchema });
    if (submission.status !== "success") return invalid(submission);
    const outcome = await runForm(submission, () => updateNotificationSettings({ ctx, input: submission.value }));
    if (!outcome.ok) return outcome.response;
    return redirect("/me?saved=notifications#notifications");
  }
  if (form.get("intent") === "profile") {
    const submission = parseForm(form, profileFormSchema);
    if (submission.status !== "success") return replyUnfinished(submission, "profile");
    const outcome = await runTaggedForm(request, submission, () => updateMyProfile({ ctx, input: submission.value }), "profile");
    if (!outcome.ok) return outcome.response;
    return redirect("/me?saved=profile#profile", {
      headers: { "Set-Cookie": await context.services.cookies.locale.serialize(outcome.value.locale) },
    });
  }
  if (form.get("intent") === "email") {
    const submission = parseForm(form, emailChangeFormSchema);
    if (submission.status !== "success") return replyUnfinished(submission, "email");
    const outcome = await runTaggedForm(request, submission, () => requestEmailChange({ ctx, input: submission.value }), "email");
    if (!outcome.ok) return outcome.response;
    // The same answer for every address: nothing tells whether it has an account.
    return redirect("/me?saved=email#email");
  }
  if (form.get("intent") === "resume-mail") {
    await resumeOwnMail({ ctx });
    return redirect("/me?saved=mail#notifications");
  }
  return redirect("/me");
}

export default formPage(() => import("./me._index.page"));
