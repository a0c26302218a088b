import { data, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import { actOnReminderLink, describeReminderLink, type ReminderLinkView } from "~/domain/notifications";
import { formatTimeRange } from "~/domain/time";
import { getT } from "~/locales/i18n";
import { getCtx } from "~/web/request.server";

// One-click Confirm / Cancel from a reminder email. Opening the link only shows this page (mail
// scanners follow links); the button POSTs. The signed link is the credential: no sign-in needed.

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${getT(data?.locale ?? "nl")("reminders.link.metaTitle")} · Noaber` },
  { name: "robots", content: "noindex" },
];

// The page names a person's place: never kept by a shared cache.
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store" });

const statusOf = (view: ReminderLinkView) =>
  view.state === "invalid" ? (view.reason === "expired" ? 410 : 400) : view.state === "closed" ? 409 : 200;

function respond(view: ReminderLinkView, locale: "nl" | "en") {
  const when = view.state === "invalid" ? null : formatTimeRange(view.item.startsAt, view.item.endsAt, view.item.timeZone, locale);
  return data({ view, when, locale }, { status: statusOf(view) });
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const ctx = await getCtx(request, context);
  return respond(await describeReminderLink({ ctx, input: { token: params.token ?? "" } }), ctx.locale);
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const ctx = await getCtx(request, context);
  return respond(await actOnReminderLink({ ctx, input: { token: params.token ?? "" } }), ctx.locale);
}

const closedText = {
  "session-cancelled": "reminders.link.closedSessionCancelled",
  "not-confirmed": "reminders.link.closedNotConfirmed",
  cutoff: "reminders.link.closedCutoff",
  "match-ended": "reminders.link.closedMatchEnded",
} as const;

export default function ReminderLinkPage() {
  const loaded = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  const { view, when } = acted ?? loaded;
  const { t } = useTranslation();

  if (view.state === "invalid") {
    const prefix = view.reason === "expired" ? "reminders.link.expired" : "reminders.link.tampered";
    return (
      <section className="stack narrow">
        <h1 className="utrecht-heading-1">{t(`${prefix}Title`)}</h1>
        <p className="utrecht-paragraph">{t(`${prefix}Text`)}</p>
        <p>
          <Link to="/me/schedule" className="utrecht-link">
            {t("reminders.link.goSchedule")}
          </Link>
        </p>
      </section>
    );
  }

  const { item, action: intent } = view;
  const heading =
    view.state === "ready"
      ? t(intent === "confirm" ? "reminders.link.confirmTitle" : "reminders.link.cancelTitle")
      : view.state === "done"
        ? t(intent === "confirm" ? "reminders.link.confirmedTitle" : "reminders.link.cancelledTitle")
        : view.state === "already"
          ? t(intent === "confirm" ? "reminders.link.alreadyConfirmedTitle" : "reminders.link.alreadyCancelledTitle")
          : t("reminders.link.closedTitle");
  const text =
    view.state === "ready"
      ? t(intent === "confirm" ? "reminders.link.confirmText" : "reminders.link.cancelText")
      : view.state === "done"
        ? t(intent === "confirm" ? "reminders.link.confirmedText" : "reminders.link.cancelledText")
        : view.state === "already"
          ? t(intent === "confirm" ? "reminders.link.alreadyConfirmedText" : "reminders.link.alreadyCancelledText")
          : t(closedText[view.reason]);
  const what =
    item.about === "activity" ? item.title : t("reminders.link.helpWhat", { kind: t(`helpRequests.kinds.${item.helpKind ?? "other"}`) });

  return (
    <section className="stack narrow" aria-labelledby="reminder-title">
      <h1 id="reminder-title" className="utrecht-heading-1">
        {heading}
      </h1>
      {view.state === "ready" ? (
        <p className="utrecht-paragraph">{text}</p>
      ) : (
        <p role="status" className={view.state === "closed" ? "alert" : "alert alert--ok"}>
          {text}
        </p>
      )}
      <dl className="details">
        <dt>{t("reminders.link.what")}</dt>
        <dd>{what}</dd>
        <dt>{t("reminders.link.when")}</dt>
        <dd>{when}</dd>
        {item.address ? (
          <>
            <dt>{t("reminders.link.where")}</dt>
            <dd>{item.address}</dd>
          </>
        ) : null}
        {item.role ? (
          <>
            <dt>{t("reminders.link.role")}</dt>
            <dd>{item.role}</dd>
          </>
        ) : null}
      </dl>
      {view.state === "ready" ? (
        <Form method="post">
          <button type="submit" className="button button--primary utrecht-button">
            {t(intent === "confirm" ? "reminders.link.confirmButton" : "reminders.link.cancelButton")}
          </button>
        </Form>
      ) : null}
      <p>
        <Link to={item.path} className="utrecht-link">
          {t(item.about === "activity" ? "reminders.link.goActivity" : "reminders.link.goSessions")}
        </Link>
      </p>
    </section>
  );
}
