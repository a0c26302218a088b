import {
  data,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
  type HeadersFunction,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import { CalendarFeedSection } from "~/components/calendar-feed";
import { regenerateFeedToken } from "~/domain/calendar";
import { getMySchedule, type ScheduleItem } from "~/domain/calendar";
import { formatTimeRange } from "~/domain/time";
import { getT } from "~/locales/i18n";
import { formatLocalDate } from "~/domain/scheduling";
import { requireCtx } from "~/web/request.server";
import calendarStyles from "~/styles/calendar.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: calendarStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${getT(data?.locale ?? "nl")("schedule.title")} · Noaber` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const params = new URL(request.url).searchParams;
  const schedule = await getMySchedule({ ctx, input: { from: params.get("from") ?? undefined, to: params.get("to") ?? undefined } });
  const { locale } = ctx;
  const show = (days: typeof schedule.days) =>
    days.map((day) => ({
      heading: formatLocalDate(day.date, locale),
      date: day.date,
      items: day.items.map((item) => ({ ...item, when: formatTimeRange(item.startsAt, item.endsAt, schedule.zone, locale) })),
    }));
  const body = {
    locale,
    zone: schedule.zone,
    problem: schedule.problem,
    period: { from: formatLocalDate(schedule.period.from, locale), to: formatLocalDate(schedule.period.to, locale) },
    previous: `/me/schedule?from=${schedule.previous.from}&to=${schedule.previous.to}`,
    next: `/me/schedule?from=${schedule.next.from}&to=${schedule.next.to}`,
    days: show(schedule.days),
    past: show(schedule.past),
  };
  return data(body, { status: schedule.problem ? 400 : 200 });
}

/** Makes a new personal calendar feed link; the URL is shown once, in the response. */
// The page that shows a new feed link must not be stored anywhere: pass the action's no-store on.
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const cacheControl = actionHeaders.get("Cache-Control");
  return cacheControl ? { "Cache-Control": cacheControl } : new Headers();
};

export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const { url } = await regenerateFeedToken({ ctx });
  return data({ feedUrl: url }, { headers: { "Cache-Control": "private, no-store" } });
}

type Shown = ScheduleItem & { when: string };
type Day = { heading: string; date: string; items: Shown[] };

function Item({ item }: { item: Shown }) {
  const { t } = useTranslation();
  const title = t(`schedule.kinds.${item.kind}`, {
    title: item.activityTitle ?? "",
    role: item.role ?? "",
    kind: item.helpKind
      ? t(`helpRequests.kinds.${item.helpKind}`)
      : item.circleTaskKind
        ? t(`circleTasks.kinds.${item.circleTaskKind}`).toLowerCase()
        : "",
  });
  const cancelled = item.status === "cancelled";
  return (
    <li className={`card schedule-item${cancelled ? " schedule-item--cancelled" : ""}${item.clash ? " schedule-item--clash" : ""}`}>
      <p className="schedule-item__when">{item.when}</p>
      <p className="schedule-item__title">
        <Link to={item.href} className="utrecht-link">
          {cancelled ? <s>{title}</s> : title}
        </Link>
      </p>
      {item.otherName ? <p>{t("schedule.withName", { name: item.otherName })}</p> : null}
      <p>
        <span className="schedule-item__status">{t(`schedule.status.${item.status}`)}</span>
        {item.hours === "toConfirm" && item.kind === "shift" ? (
          <span>
            {" · "}
            <Link to={`/me/hours#${item.key}`} className="utrecht-link">
              {t("schedule.hours.toConfirm")}
            </Link>
          </span>
        ) : item.hours ? (
          <span> · {t(`schedule.hours.${item.hours}`)}</span>
        ) : null}
      </p>
      {item.clash ? <p className="alert">{t("schedule.clash")}</p> : null}
    </li>
  );
}

function Days({ days, empty }: { days: Day[]; empty: string }) {
  if (days.length === 0) return <p className="utrecht-paragraph">{empty}</p>;
  return days.map((day) => (
    <section key={day.date} className="stack" aria-labelledby={`day-${day.date}`}>
      <h3 id={`day-${day.date}`}>{day.heading}</h3>
      <ul className="stack schedule-list">
        {day.items.map((item) => (
          <Item key={item.key} item={item} />
        ))}
      </ul>
    </section>
  ));
}

export default function SchedulePage() {
  const loaded = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <section className="stack narrow">
      <h1 className="utrecht-heading-1">{t("schedule.title")}</h1>
      {loaded.problem ? (
        <p role="alert" className="alert alert--error">
          {t(loaded.problem)}
        </p>
      ) : null}
      <p className="utrecht-paragraph">{t("schedule.intro")}</p>
      <p className="utrecht-paragraph">{t("schedule.zoneNote", { zone: loaded.zone })}</p>
      <p className="utrecht-paragraph">
        <Link to="/me/hours" className="utrecht-link">
          {t("myHours.scheduleLink")}
        </Link>
      </p>
      <h2>{t("schedule.periodTitle", loaded.period)}</h2>
      <nav aria-label={t("schedule.periodNav")}>
        <ul className="schedule-period-nav">
          <li>
            <Link to={loaded.previous} className="utrecht-link">
              {t("schedule.previous")}
            </Link>
          </li>
          <li>
            <Link to={loaded.next} className="utrecht-link">
              {t("schedule.next")}
            </Link>
          </li>
        </ul>
      </nav>
      <Days days={loaded.days} empty={t("schedule.none")} />
      <h2>{t("schedule.pastTitle")}</h2>
      <Days days={loaded.past} empty={t("schedule.pastNone")} />
      <CalendarFeedSection feedUrl={useActionData<typeof action>()?.feedUrl ?? null} />
    </section>
  );
}
