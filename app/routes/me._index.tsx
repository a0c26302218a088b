import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { rolesOf } from "~/domain/permissions";
import { endAllSessions } from "~/domain/sessions.server";
import { getOwnAccount } from "~/domain/users.server";
import { getOwnVolunteerSummary } from "~/domain/volunteers.server";
import { getT } from "~/utils/i18n";
import { formatLocalDate } from "~/utils/local-date";
import { requireCtx } from "~/utils/request.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${getT(data?.locale ?? "nl")("me.title")} · Noaber` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const volunteer = await getOwnVolunteerSummary({ ctx });
  return {
    locale: ctx.locale,
    account: await getOwnAccount({ ctx }),
    roles: rolesOf(ctx.actor),
    volunteer: volunteer && { ...volunteer, pausedUntil: volunteer.pausedUntil ? formatLocalDate(volunteer.pausedUntil, ctx.locale) : null },
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
  return redirect("/me");
}

export default function MePage() {
  const { account, roles, volunteer } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <section className="stack">
      <h1 className="utrecht-heading-1">{t("me.title")}</h1>
      <dl className="details">
        <dt>{t("me.name")}</dt>
        <dd>{account.name}</dd>
        <dt>{t("me.email")}</dt>
        <dd>{account.email}</dd>
        <dt>{t("me.neighbourhood")}</dt>
        <dd>{account.neighbourhood}</dd>
        <dt>{t("me.language")}</dt>
        <dd>{t(`locale.${account.locale}`)}</dd>
        <dt>{t("me.roles")}</dt>
        <dd>{roles.map((r) => t(`roles.${r}`)).join(", ")}</dd>
      </dl>
      <h2 className="utrecht-heading-2">{t("community.me.volunteerTitle")}</h2>
      {volunteer ? (
        <dl className="details">
          <dt>{t("community.me.skills")}</dt>
          <dd>{volunteer.skills}</dd>
          <dt>{t("community.me.availability")}</dt>
          <dd>{volunteer.availabilitySlots}</dd>
          <dt>{t("community.me.travelRange")}</dt>
          <dd>{t(`community.travelRanges.${volunteer.travelRange}`)}</dd>
          <dt>{t("community.me.vog")}</dt>
          <dd>{t(`community.vog.${volunteer.vog}`)}</dd>
          {volunteer.pausedUntil ? <dd>{t("community.me.pausedUntil", { date: volunteer.pausedUntil })}</dd> : null}
        </dl>
      ) : (
        <p className="utrecht-paragraph">{t("community.me.volunteerNone")}</p>
      )}
      <p>
        <Link to="/me/volunteer">{volunteer ? t("community.me.volunteerEdit") : t("community.me.volunteerCreate")}</Link>
      </p>
      <p>
        <Link to="/organisations/new">{t("community.organisations.register.link")}</Link>
      </p>
      <h2 className="utrecht-heading-2">{t("me.sessionsTitle")}</h2>
      <p className="utrecht-paragraph">{t("me.sessionsText")}</p>
      <Form method="post">
        <button type="submit" name="intent" value="logout-everywhere" className="button button--secondary utrecht-button">
          {t("me.logoutEverywhere")}
        </button>
      </Form>
    </section>
  );
}
