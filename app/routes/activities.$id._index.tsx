import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useParams } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import { z } from "zod";
import { NoticeBanner, placesText } from "~/components/activity-bits";
import { getActivityPage } from "~/domain/activities";
import { Validation } from "~/domain/errors";
import { signUp, signUpForSeries } from "~/domain/activities";
import { formatTimeRange } from "~/domain/time";
import { backTo, readNotice, withNotice } from "~/web/activity-notices";
import { parseForm } from "~/web/forms.server";
import { getCtx, idParam, toResponse } from "~/web/request.server";
import activitiesStyles from "~/styles/activities.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: activitiesStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.page.activity.title ?? ""} · Noaber` }];

const id = z.coerce
  .number()
  .int()
  .positive()
  .max(2 ** 31);
const signupForm = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("signup"),
    sessionId: id,
    shiftId: id.optional(),
    acceptClash: z.literal("1").optional(),
    returnTo: z.string().optional(),
  }),
  z.object({
    intent: z.literal("series"),
    seriesId: id,
    role: z.string().max(80).optional(),
    acceptClash: z.literal("1").optional(),
    returnTo: z.string().optional(),
  }),
]);

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const ctx = await getCtx(request, context);
  const activityId = idParam(params.id);
  const url = new URL(request.url);
  const page = await getActivityPage({ ctx, input: { activityId, after: url.searchParams.get("after") } }).catch((e) =>
    toResponse(e, request),
  );
  return { locale: ctx.locale, signedIn: !!ctx.actor, page, notice: readNotice(url.searchParams) };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const ctx = await getCtx(request, context);
  const form = parseForm(await request.formData(), signupForm);
  const back = backTo(
    form.status === "success" ? (form.value.returnTo ?? null) : null,
    `/activities/${params.id}`,
    `/activities/${params.id}`,
  );
  if (!ctx.actor) throw redirect(`/login?${new URLSearchParams({ redirectTo: back })}`);
  if (form.status !== "success") return data({ errors: ["activityPages.errors.badRequest"] }, { status: 400 });
  const f = form.value;
  try {
    if (f.intent === "signup") {
      const result = await signUp({ ctx, input: { sessionId: f.sessionId, shiftId: f.shiftId ?? null, acceptClash: !!f.acceptClash } });
      if (result.outcome !== "clash") return redirect(withNotice(back, result.outcome));
      return data(
        {
          clash: {
            form: { ...f, returnTo: back },
            items: result.clashes.map((c) => ({
              title: c.title,
              when: formatTimeRange(c.startsAt, c.endsAt, ctx.actor!.timeZone, ctx.locale),
            })),
          },
        },
        { status: 409 },
      );
    }
    const result = await signUpForSeries({ ctx, input: { seriesId: f.seriesId, shiftRole: f.role ?? null, acceptClash: !!f.acceptClash } });
    if (result.outcome === "clash") {
      return data(
        {
          clash: {
            form: { ...f, returnTo: back },
            items: result.clashes.map((c) => ({
              title: c.title,
              when: formatTimeRange(c.startsAt, c.endsAt, ctx.actor!.timeZone, ctx.locale),
            })),
          },
        },
        { status: 409 },
      );
    }
    const { confirmed, waitlisted, already, refused } = result;
    return redirect(
      withNotice(back, "series", {
        counts: { confirmed, waitlisted, already, refused: refused.length },
        reasons: [...new Set(refused.flatMap((r) => r.reasons))],
      }),
    );
  } catch (error) {
    if (error instanceof Validation) return data({ errors: error.fieldErrors.form ?? ["errors.validation"] }, { status: 400 });
    return toResponse(error, request);
  }
}

type Page = ReturnType<typeof useLoaderData<typeof loader>>["page"];
type Session = Page["sessions"][number];

/** The page to come back to after a POST: this activity, at the same page of sessions. */
function useReturnTo() {
  const location = useLocation();
  const params = new URLSearchParams(location.search);
  const after = params.get("after");
  return `${location.pathname}${after ? `?${new URLSearchParams({ after })}` : ""}`;
}

export default function ActivityPage() {
  const { page, notice, signedIn } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const { activity } = page;
  return (
    <article className="stack">
      <h1 className="utrecht-heading-1">{activity.title}</h1>
      <NoticeBanner notice={actionData ? null : notice} />
      {actionData && "errors" in actionData ? (
        <div role="alert" className="alert alert--error">
          <h2 className="utrecht-heading-3">{t("activityPages.refused.title")}</h2>
          {actionData.errors.map((key) => (
            <p key={key}>{t(key)}</p>
          ))}
        </div>
      ) : null}
      {actionData && "clash" in actionData ? <ClashConfirm clash={actionData.clash} /> : null}
      <Details activity={activity} />
      {activity.description.split(/\n{2,}/).map((paragraph, i) => (
        <p key={i} className="utrecht-paragraph">
          {paragraph}
        </p>
      ))}
      <p className="utrecht-paragraph">
        {activity.cancelCutoffHours > 0
          ? t("activityPages.detail.cutoff", { hours: activity.cancelCutoffHours })
          : t("activityPages.detail.cutoffNone")}
      </p>
      {signedIn ? null : <p className="alert">{t("activityPages.detail.signInFirst")}</p>}
      {page.series.length > 0 ? <SeriesBlock series={page.series} /> : null}
      <Sessions page={page} />
    </article>
  );
}

function Details({ activity }: { activity: Page["activity"] }) {
  const { t } = useTranslation();
  return (
    <dl className="details">
      <dt>{t("activityPages.detail.organisation")}</dt>
      <dd>
        <Link to={`/organisations/${activity.organisation.slug}`} className="utrecht-link">
          {activity.organisation.name}
        </Link>
      </dd>
      {activity.initiative ? (
        <>
          <dt>{t("activityPages.detail.initiative")}</dt>
          <dd>
            <Link to={`/initiatives/${activity.initiative.id}`} className="utrecht-link">
              {activity.initiative.title}
            </Link>
          </dd>
        </>
      ) : null}
      <dt>{t("activityPages.detail.category")}</dt>
      <dd>{t(`activityPages.category.${activity.category}`)}</dd>
      <dt>{t("activityPages.detail.targetGroup")}</dt>
      <dd>{activity.targetGroups.map((g) => t(`activityPages.targetGroup.${g}`)).join(", ")}</dd>
      <dt>{t("activityPages.detail.address")}</dt>
      <dd>{activity.address}</dd>
      <dt>{t("activityPages.detail.neighbourhood")}</dt>
      <dd>{activity.neighbourhood}</dd>
      <dt>{t("activityPages.detail.accessibility")}</dt>
      <dd>{activity.accessibility || t("activityPages.detail.noAccessibility")}</dd>
    </dl>
  );
}

function SeriesBlock({ series }: { series: Page["series"] }) {
  const { t } = useTranslation();
  const returnTo = useReturnTo();
  return (
    <section aria-labelledby="series-title" className="stack">
      <h2 id="series-title" className="utrecht-heading-2">
        {t("activityPages.detail.seriesTitle")}
      </h2>
      {series.map((s) => (
        <div key={s.id} className="card stack">
          <p>{t("activityPages.detail.seriesText", { count: s.upcoming, first: s.first, last: s.last })}</p>
          <div className="button-row">
            <Form method="post" className="inline-form">
              <input type="hidden" name="intent" value="series" />
              <input type="hidden" name="seriesId" value={s.id} />
              <input type="hidden" name="returnTo" value={returnTo} />
              <button type="submit" className="button button--primary utrecht-button">
                {t("activityPages.detail.seriesParticipant", { count: s.upcoming })}
              </button>
            </Form>
            {s.roles.map((role) => (
              <Form method="post" className="inline-form" key={role}>
                <input type="hidden" name="intent" value="series" />
                <input type="hidden" name="seriesId" value={s.id} />
                <input type="hidden" name="role" value={role} />
                <input type="hidden" name="returnTo" value={returnTo} />
                <button type="submit" className="button button--secondary utrecht-button">
                  {t("activityPages.detail.seriesShift", { role })}
                </button>
              </Form>
            ))}
          </div>
        </div>
      ))}
    </section>
  );
}

function Sessions({ page }: { page: Page }) {
  const { t } = useTranslation();
  const location = useLocation();
  return (
    <section aria-labelledby="sessions-title" className="stack">
      <h2 id="sessions-title" className="utrecht-heading-2">
        {t("activityPages.detail.sessionsTitle")}
      </h2>
      {page.sessions.length === 0 ? <p className="utrecht-paragraph">{t("activityPages.detail.noSessions")}</p> : null}
      <ul className="session-list">
        {page.sessions.map((s) => (
          <SessionCard key={s.id} session={s} />
        ))}
      </ul>
      <nav aria-label={t("activityPages.detail.sessionsTitle")} className="pager">
        {location.search.includes("after=") ? (
          <Link to={location.pathname} className="utrecht-link">
            {t("activityPages.detail.firstSessions")}
          </Link>
        ) : null}
        {page.nextSessions ? (
          <Link to={`${location.pathname}?${new URLSearchParams({ after: page.nextSessions })}`} className="utrecht-link">
            {t("activityPages.detail.moreSessions")}
          </Link>
        ) : null}
      </nav>
    </section>
  );
}

function SessionCard({ session: s }: { session: Session }) {
  const { t } = useTranslation();
  const params = useParams();
  const returnTo = useReturnTo();
  const cancelled = s.status === "cancelled";
  return (
    <li id={`session-${s.id}`} className="card stack session">
      <h3 className="utrecht-heading-3">{s.when}</h3>
      {cancelled ? null : (
        <p>
          <a href={`/activities/${params.id}/calendar.ics?session=${s.id}`} download className="utrecht-link">
            {t("calendar.addSession")}
            <span className="visually-hidden">{`, ${s.when}`}</span>
          </a>
        </p>
      )}
      {cancelled ? (
        <p className="alert alert--error">{t("activityPages.detail.cancelledSession")}</p>
      ) : (
        <>
          <p>
            {placesText(t, s.placesLeft)}
            {s.waitlisted > 0 ? ` · ${t("activityPages.places.waitlist", { count: s.waitlisted })}` : null}
          </p>
          <Participation
            mine={s.mine}
            cutoffPassed={s.cancelCutoffPassed}
            when={s.when}
            returnTo={returnTo}
            signUp={
              <Form method="post" className="inline-form">
                <input type="hidden" name="intent" value="signup" />
                <input type="hidden" name="sessionId" value={s.id} />
                <input type="hidden" name="returnTo" value={returnTo} />
                <button type="submit" className="button button--primary utrecht-button">
                  {s.placesLeft === 0 ? t("activityPages.detail.signUpWaitlist") : t("activityPages.detail.signUp")}
                  <span className="visually-hidden">{`, ${s.when}`}</span>
                </button>
              </Form>
            }
          />
        </>
      )}
      {s.shifts.length > 0 ? (
        <>
          <h4 className="utrecht-heading-4">{t("activityPages.detail.shiftsTitle")}</h4>
          <ul className="shift-list">
            {s.shifts.map((sh) => (
              <li key={sh.id} id={`shift-${sh.id}`} className="shift">
                <p>
                  <strong>{sh.role}</strong>
                </p>
                <p>{t("activityPages.detail.shiftTime", { when: sh.when })}</p>
                <p>
                  {sh.openPlaces > 0
                    ? t("activityPages.detail.shiftOpen", { open: sh.openPlaces, needed: sh.needed })
                    : t("activityPages.detail.shiftFull")}
                  {sh.waitlisted > 0 ? ` · ${t("activityPages.places.waitlist", { count: sh.waitlisted })}` : null}
                </p>
                {sh.requiresVog ? <p>{t("activityPages.detail.requiresVog")}</p> : null}
                {sh.skill ? <p>{t("activityPages.detail.requiresSkill", { skill: sh.skill })}</p> : null}
                {cancelled ? null : (
                  <Participation
                    mine={sh.mine}
                    cutoffPassed={sh.cancelCutoffPassed}
                    when={`${sh.role}, ${sh.when}`}
                    returnTo={returnTo}
                    signUp={
                      <Form method="post" className="inline-form">
                        <input type="hidden" name="intent" value="signup" />
                        <input type="hidden" name="sessionId" value={s.id} />
                        <input type="hidden" name="shiftId" value={sh.id} />
                        <input type="hidden" name="returnTo" value={returnTo} />
                        <button type="submit" className="button button--secondary utrecht-button">
                          {sh.openPlaces === 0 ? t("activityPages.detail.takeShiftWaitlist") : t("activityPages.detail.takeShift")}
                          <span className="visually-hidden">{`: ${sh.role}, ${sh.when}`}</span>
                        </button>
                      </Form>
                    }
                  />
                )}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </li>
  );
}

/** The viewer's own status with a cancel button, or the sign-up form. */
function Participation({
  mine,
  cutoffPassed,
  when,
  returnTo,
  signUp,
}: {
  mine: Session["mine"];
  cutoffPassed: boolean;
  when: string;
  returnTo: string;
  signUp: JSX.Element;
}) {
  const { t } = useTranslation();
  if (!mine) return signUp;
  return (
    <div className="stack">
      <p className="mine">
        <strong>
          {mine.status === "confirmed"
            ? t("activityPages.detail.mineConfirmed")
            : t("activityPages.detail.mineWaitlisted", { position: mine.position })}
        </strong>
      </p>
      {cutoffPassed && mine.status === "confirmed" ? (
        <p>{t("activityPages.detail.cutoffPassed")}</p>
      ) : (
        <Form method="post" action={`/signups/${mine.id}`} className="inline-form">
          <input type="hidden" name="intent" value="cancel" />
          <input type="hidden" name="returnTo" value={returnTo} />
          <button type="submit" className="button button--secondary utrecht-button">
            {t("activityPages.detail.cancel")}
            <span className="visually-hidden">{`, ${when}`}</span>
          </button>
        </Form>
      )}
    </div>
  );
}

function ClashConfirm({
  clash,
}: {
  clash: { form: Record<string, string | number | undefined>; items: { title: string; when: string }[] };
}) {
  const { t } = useTranslation();
  const returnTo = typeof clash.form.returnTo === "string" ? clash.form.returnTo : undefined;
  return (
    <section role="alert" aria-labelledby="clash-title" className="alert stack">
      <h2 id="clash-title" className="utrecht-heading-3">
        {t("activityPages.clash.title")}
      </h2>
      <p>{t("activityPages.clash.intro")}</p>
      <ul>
        {clash.items.map((item, i) => (
          <li key={i}>{t("activityPages.clash.item", item)}</li>
        ))}
      </ul>
      <p>{t("activityPages.clash.question")}</p>
      <div className="button-row">
        <Form method="post" className="inline-form">
          {Object.entries(clash.form).map(([name, value]) =>
            value === undefined || name === "acceptClash" ? null : <input key={name} type="hidden" name={name} value={String(value)} />,
          )}
          <input type="hidden" name="acceptClash" value="1" />
          <button type="submit" className="button button--primary utrecht-button">
            {t("activityPages.clash.accept")}
          </button>
        </Form>
        <Link to={returnTo ?? "."} className="utrecht-link">
          {t("activityPages.clash.decline")}
        </Link>
      </div>
    </section>
  );
}
