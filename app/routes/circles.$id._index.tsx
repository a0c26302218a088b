import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { changeCirclePlace, getTaskCalendar, LOAD_WEEKS } from "~/domain/circles";
import { circleTaskActionSchema } from "~/domain/circles/shared";
import { Conflict, Validation } from "~/domain/errors";
import { formatLocalDate, weekdayOf } from "~/domain/scheduling";
import { formatTimeRange } from "~/domain/time";
import { getT } from "~/locales/i18n";
import { parseForm } from "~/web/forms.server";
import { idParam, requireCtx, toResponse } from "~/web/request.server";
import circlesStyles from "~/styles/circles.css?url";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { CircleNav } from "~/components/circles/circle-nav";
import { useTranslation } from "~/locales/i18n-react";

// The circle's task calendar: the week's tasks by day, places to take, the lead's assign control,
// the load over the last weeks and (for leads) the hand-off suggestion. Members only (decision 048).
// Its forms are small plain POST forms without the form kit, so the page stays in this module.

export const links: LinksFunction = () => [{ rel: "stylesheet", href: circlesStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${getT(data?.locale ?? "nl")("circleTasks.title")}${data ? ` · ${data.circle.name}` : ""} · Noaber` },
];

const notices = ["claimed", "unclaimed", "assignedDone", "released", "already", "created", "taskCancelled"] as const;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const search = new URL(request.url).searchParams;
  const view = await getTaskCalendar({
    ctx,
    input: { circleId: idParam(params.id), week: search.get("week") ?? undefined },
  }).catch((e) => toResponse(e, request));
  const { locale } = ctx;
  const t = getT(locale);
  const zone = view.circle.timeZone;
  const body = {
    ...view,
    locale,
    notice: notices.find((n) => search.has(n)) ?? null,
    loadWeeks: LOAD_WEEKS,
    weekTitle: { from: formatLocalDate(view.week.monday, locale), to: formatLocalDate(view.week.sunday, locale) },
    days: view.days.map((day) => ({
      ...day,
      heading: `${t(`organiser.weekdays.${weekdayOf(day.date)}`)} ${formatLocalDate(day.date, locale)}`,
      occurrences: day.occurrences.map((o) => ({ ...o, when: formatTimeRange(o.startsAt, o.endsAt, zone, locale) })),
    })),
  };
  return data(body, { status: view.problem ? 400 : 200 });
}

const done = { claim: "claimed", unclaim: "unclaimed", assign: "assignedDone", release: "released" } as const;

export async function action({ request, context, params }: ActionFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const circleId = idParam(params.id);
  const submission = parseForm(await request.formData(), circleTaskActionSchema);
  if (submission.status !== "success") return data({ message: "errors.validation" }, { status: 400 });
  try {
    const outcome = await changeCirclePlace({ ctx, input: { circleId, form: submission.value } });
    const week = new URL(request.url).searchParams.get("week");
    const notice = outcome.intent === "claim" && outcome.already ? "already" : done[outcome.intent];
    return redirect(`/circles/${circleId}?${week ? `week=${encodeURIComponent(week)}&` : ""}${notice}#notice`);
  } catch (error) {
    // The last place just went, or the task is over or cancelled: a clear message, never a 500.
    if (error instanceof Conflict) return data({ message: error.message }, { status: 409 });
    if (error instanceof Validation) {
      const message = Object.values(error.fieldErrors).flat()[0] ?? error.message;
      return data({ message }, { status: 400 });
    }
    return toResponse(error, request);
  }
}

type View = ReturnType<typeof useLoaderData<typeof loader>>;
type Occurrence = View["days"][number]["occurrences"][number];

/**
 * One small POST form that keeps the week the person was looking at. A plain form, not Remix's
 * `<Form>`: it posts and is redirected back the same with or without JavaScript, and a busy week
 * holds dozens of them, each of which would resolve its action through the router while rendering
 * (measured in `npm run bench -- circles`).
 */
function PlaceForm({ children, label, week }: { children: React.ReactNode; label: string; week: string }) {
  return (
    <form method="post" action={`?week=${week}`} className="circle-task__form" aria-label={label}>
      {children}
    </form>
  );
}

/** Who took the places: "you", a member's name, or "former member"; "(assigned)" when a lead did. */
function takenBy(o: Occurrence, view: View, t: ReturnType<typeof useTranslation>["t"]) {
  if (o.taken.length === 0) return t("circleTasks.calendar.nobody");
  return o.taken
    .map(
      (c) =>
        `${c.userId === view.me ? t("circleTasks.calendar.you") : (c.name ?? t("circleTasks.calendar.formerMember"))}${c.assigned ? ` (${t("circleTasks.calendar.assigned")})` : ""}`,
    )
    .join(", ");
}

/**
 * A time that is over: one short line (what, when, who did it). Nothing to do on it any more, and
 * its notes are not sent (data minimisation: notes serve the people who still have to do the task).
 */
function PastTask({ o, view }: { o: Occurrence; view: View }) {
  const { t } = useTranslation();
  const cancelled = o.status === "cancelled";
  return (
    <li className="circle-task circle-task--past">
      <span className="circle-task__kind">{t(`circleTasks.kinds.${o.kind}`)}</span>: {cancelled ? <s>{o.title}</s> : o.title} ·{" "}
      <time dateTime={new Date(o.startsAt).toISOString()}>{o.when}</time> ·{" "}
      {cancelled ? t("circleTasks.calendar.cancelled") : `${t("circleTasks.calendar.takenBy")}: ${takenBy(o, view, t)}`}
    </li>
  );
}

function Task({ o, view }: { o: Occurrence; view: View }) {
  const { t } = useTranslation();
  if (o.over) return <PastTask o={o} view={view} />;
  const week = view.week.monday;
  const kind = t(`circleTasks.kinds.${o.kind}`);
  const cancelled = o.status === "cancelled";
  const canTake = !cancelled;
  const headingId = `task-${o.id}`;
  return (
    <li className={`card circle-task${cancelled ? " circle-task--cancelled" : ""}`} aria-labelledby={headingId}>
      <h4 id={headingId} className="circle-task__title">
        <span className="circle-task__kind">{kind}</span>: {cancelled ? <s>{o.title}</s> : o.title}
      </h4>
      <p>
        <time dateTime={new Date(o.startsAt).toISOString()}>{o.when}</time>
        {cancelled ? ` · ${t("circleTasks.calendar.cancelled")}` : null}
      </p>
      {o.notes ? (
        <p className="circle-task__notes">
          <strong>{t("circleTasks.calendar.notes")}:</strong> {o.notes}
        </p>
      ) : null}
      <p>
        {t("circleTasks.calendar.places", { taken: o.taken.length, places: o.places })}
        {canTake ? ` · ${o.open > 0 ? t("circleTasks.calendar.open", { count: o.open }) : t("circleTasks.calendar.full")}` : null}
      </p>
      <p className="circle-task__who">
        {t("circleTasks.calendar.takenBy")}: {takenBy(o, view, t)}
      </p>
      {canTake ? (
        <div className="circle-task__actions">
          {o.mine ? (
            <PlaceForm week={week} label={`${t("circleTasks.calendar.unclaim")}: ${o.title}`}>
              <input type="hidden" name="occurrenceId" value={o.id} />
              <button type="submit" name="intent" value="unclaim" className="button button--secondary utrecht-button">
                {t("circleTasks.calendar.unclaim")}
              </button>
            </PlaceForm>
          ) : o.open > 0 ? (
            <PlaceForm week={week} label={`${t("circleTasks.calendar.claim")}: ${o.title}`}>
              <input type="hidden" name="occurrenceId" value={o.id} />
              <button type="submit" name="intent" value="claim" className="button button--primary utrecht-button">
                {t("circleTasks.calendar.claim")}
              </button>
            </PlaceForm>
          ) : null}
          {view.leads
            ? o.taken
                .filter((c) => c.userId !== view.me)
                .map((c) => {
                  const label = t("circleTasks.calendar.releaseLabel", { name: c.name ?? t("circleTasks.calendar.formerMember") });
                  return (
                    <PlaceForm key={c.claimId} week={week} label={label}>
                      <input type="hidden" name="claimId" value={c.claimId} />
                      <button
                        type="submit"
                        name="intent"
                        value="release"
                        className="button button--secondary utrecht-button"
                        aria-label={label}
                      >
                        {t("circleTasks.calendar.release")}
                      </button>
                    </PlaceForm>
                  );
                })
            : null}
        </div>
      ) : null}
      <p>
        <Link to={`/circles/${view.circle.id}/tasks/${o.taskId}`} className="utrecht-link">
          {t("circleTasks.calendar.manage")}
          <span className="visually-hidden">: {o.title}</span>
        </Link>
      </p>
    </li>
  );
}

/**
 * A lead assigns a member to an open place: one form for the week (pick the time, pick the person)
 * rather than a list of every member under every task, which a circle of 30 would make long.
 */
function AssignForm({ view }: { view: View }) {
  const { t } = useTranslation();
  const open = view.days.flatMap((day) => day.occurrences).filter((o) => !o.over && o.status !== "cancelled" && o.open > 0);
  if (!view.leads || open.length === 0 || view.members.length === 0) return null;
  return (
    <section className="stack circle-assign" aria-labelledby="assign-title">
      <h2 id="assign-title">{t("circleTasks.calendar.assignTitle")}</h2>
      <PlaceForm week={view.week.monday} label={t("circleTasks.calendar.assignTitle")}>
        <div className="field">
          <label htmlFor="assign-occurrence">{t("circleTasks.calendar.assignWhich")}</label>
          <select id="assign-occurrence" name="occurrenceId" className="utrecht-select" required>
            {open.map((o) => (
              <option key={o.id} value={o.id}>
                {`${t(`circleTasks.kinds.${o.kind}`)}: ${o.title} · ${o.when}`}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="assign-member">{t("circleTasks.calendar.assignLabel")}</label>
          <select id="assign-member" name="userId" className="utrecht-select" required>
            {view.members.map((m) => (
              <option key={m.userId} value={m.userId}>
                {m.userId === view.me ? t("circleTasks.calendar.you") : m.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" name="intent" value="assign" className="button button--secondary utrecht-button">
          {t("circleTasks.calendar.assign")}
        </button>
      </PlaceForm>
    </section>
  );
}

function Load({ view }: { view: View }) {
  const { t } = useTranslation();
  return (
    <section className="stack circle-load" aria-labelledby="load-title">
      <h2 id="load-title">{t("circleTasks.load.title")}</h2>
      <p className="utrecht-paragraph">{t("circleTasks.load.intro", { weeks: view.loadWeeks })}</p>
      {view.load.length === 0 ? (
        <p className="utrecht-paragraph">{t("circleTasks.load.none")}</p>
      ) : (
        <table className="circle-load__table">
          <caption className="visually-hidden">{t("circleTasks.load.intro", { weeks: view.loadWeeks })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("circleTasks.load.person")}</th>
              <th scope="col">{t("circleTasks.load.total")}</th>
            </tr>
          </thead>
          <tbody>
            {view.load.map((p) => (
              <tr key={String(p.userId)}>
                <th scope="row">
                  {p.userId === view.me ? t("circleTasks.calendar.you") : (p.name ?? t("circleTasks.calendar.formerMember"))}
                </th>
                <td>
                  {p.total}
                  <span className="circle-load__kinds">
                    {" "}
                    (
                    {Object.entries(p.byKind)
                      .map(([kind, n]) => `${t(`circleTasks.kinds.${kind}`).toLowerCase()} ${n}`)
                      .join(", ")}
                    )
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export default function CircleCalendarPage() {
  const view = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const base = `/circles/${view.circle.id}`;
  return (
    <section className="stack circle-calendar">
      <CircleNav circleId={view.circle.id} name={view.circle.name} />
      <h1 className="utrecht-heading-1">
        {t("circleTasks.title")}: {view.circle.name}
      </h1>
      <div id="notice">
        {actionData?.message ? (
          <p role="alert" className="alert alert--error">
            {t(actionData.message)}
          </p>
        ) : null}
        {view.notice ? (
          <p role="status" className="alert alert--ok">
            {t(`circleTasks.calendar.${view.notice}`)}
          </p>
        ) : null}
        {view.problem ? (
          <p role="alert" className="alert alert--error">
            {t(view.problem)}
          </p>
        ) : null}
      </div>
      <p className="utrecht-paragraph">{t("circleTasks.calendar.intro")}</p>
      {view.suggestion.length > 0 ? (
        <aside className="circle-suggestion" aria-labelledby="suggestion-title">
          <h2 id="suggestion-title">{t("circleTasks.suggestion.title")}</h2>
          <ul>
            {view.suggestion.map((reason) => (
              <li key={reason}>{t(`circleTasks.suggestion.${reason}`)}</li>
            ))}
          </ul>
          <p>{t("circleTasks.suggestion.text")}</p>
          <p>
            <Link to={`${base}/hand-off`} className="utrecht-link">
              {t("circleTasks.suggestion.link")}
            </Link>
          </p>
        </aside>
      ) : null}
      <p>
        <Link to={`${base}/tasks/new`} className="button button--primary utrecht-button">
          {t("circleTasks.calendar.newTask")}
        </Link>
      </p>
      {view.leads && view.suggestion.length === 0 ? (
        <p>
          <Link to={`${base}/hand-off`} className="utrecht-link">
            {t("circleHandOff.link")}
          </Link>
        </p>
      ) : null}
      <h2 id="week-title">{t("circleTasks.calendar.weekTitle", view.weekTitle)}</h2>
      <nav aria-label={t("circleTasks.calendar.weekNav")}>
        <ul className="circle-week-nav">
          <li>
            <Link to={`${base}?week=${view.week.previous}`} className="utrecht-link">
              {t("circleTasks.calendar.previous")}
            </Link>
          </li>
          <li>
            <Link to={base} className="utrecht-link">
              {t("circleTasks.calendar.thisWeek")}
            </Link>
          </li>
          <li>
            <Link to={`${base}?week=${view.week.next}`} className="utrecht-link">
              {t("circleTasks.calendar.next")}
            </Link>
          </li>
        </ul>
      </nav>
      {view.days.map((day) => (
        <section key={day.date} className="stack circle-day" aria-labelledby={`day-${day.date}`}>
          <h3 id={`day-${day.date}`}>
            <time dateTime={day.date}>{day.heading}</time>
          </h3>
          {day.occurrences.length === 0 ? (
            <p className="circle-day__empty">{t("circleTasks.calendar.noTasks")}</p>
          ) : (
            <ul className="stack circle-day__tasks">
              {day.occurrences.map((o) => (
                <Task key={o.id} o={o} view={view} />
              ))}
            </ul>
          )}
        </section>
      ))}
      <AssignForm view={view} />
      <Load view={view} />
    </section>
  );
}
