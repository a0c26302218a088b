import { data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import { listOpenShiftsForMe, parseShiftCursor } from "~/domain/activities";
import { getT } from "~/locales/i18n";
import { requireCtx } from "~/web/request.server";
import activitiesStyles from "~/styles/activities.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: activitiesStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${getT(data?.locale ?? "nl")("activityPages.openShifts.title")} · Noaber` },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const after = parseShiftCursor(new URL(request.url).searchParams.get("after"));
  if (after === "invalid") return data({ locale: ctx.locale, invalidPage: true, result: null }, { status: 400 });
  return { locale: ctx.locale, invalidPage: false, result: await listOpenShiftsForMe({ ctx, input: { after } }) };
}

export default function OpenShiftsPage() {
  const { result, invalidPage } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <section className="stack narrow">
      <h1 className="utrecht-heading-1">{t("activityPages.openShifts.title")}</h1>
      {invalidPage ? (
        <div role="alert" className="alert alert--error">
          <p>{t("activityPages.errors.page")}</p>
          <p>
            <Link to="/activities/open-shifts" className="utrecht-link standalone-link">
              {t("activityPages.openShifts.title")}
            </Link>
          </p>
        </div>
      ) : null}
      {result && !result.profile ? (
        <div className="alert stack">
          <h2 className="utrecht-heading-2">{t("activityPages.openShifts.noProfileTitle")}</h2>
          <p>{t("activityPages.openShifts.noProfile")}</p>
          <p>
            <Link to="/me/volunteer" className="utrecht-link standalone-link">
              {t("activityPages.openShifts.toProfile")}
            </Link>
          </p>
        </div>
      ) : null}
      {result?.profile ? <ShiftList result={result} profile={result.profile} /> : null}
    </section>
  );
}

type Result = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["result"]>;

function ShiftList({ result, profile }: { result: Result; profile: NonNullable<Result["profile"]> }) {
  const { t } = useTranslation();
  return (
    <>
      <p className="utrecht-paragraph">{t("activityPages.openShifts.intro")}</p>
      <p className="utrecht-paragraph">
        {t(`activityPages.openShifts.range.${profile.travelRange}`)}{" "}
        {profile.hasWeeklyAvailability ? null : t("activityPages.openShifts.noWeekly")}{" "}
        <Link to="/me/volunteer" className="utrecht-link">
          {t("activityPages.openShifts.changeProfile")}
        </Link>
      </p>
      {result.items.length === 0 ? (
        <p className="utrecht-paragraph">
          {t("activityPages.openShifts.none")}{" "}
          <Link to="/activities" className="utrecht-link">
            {t("activityPages.openShifts.allActivities")}
          </Link>
        </p>
      ) : null}
      <ul className="open-shifts">
        {result.items.map((item) => (
          <li key={item.shiftId} className="card stack open-shift">
            <h2 className="utrecht-heading-3">
              {item.role} · {item.title}
            </h2>
            <p>{t("activityPages.openShifts.when", { when: item.when })}</p>
            <p>{t("activityPages.openShifts.where", { address: item.address, neighbourhood: item.neighbourhood })}</p>
            <p>{t("activityPages.openShifts.open", { open: item.openPlaces, needed: item.needed })}</p>
            {item.requiresVog ? <p>{t("activityPages.detail.requiresVog")}</p> : null}
            {item.skill ? <p>{t("activityPages.detail.requiresSkill", { skill: item.skill })}</p> : null}
            <Form method="post" action={`/activities/${item.activityId}?index`} className="inline-form">
              <input type="hidden" name="intent" value="signup" />
              <input type="hidden" name="sessionId" value={item.sessionId} />
              <input type="hidden" name="shiftId" value={item.shiftId} />
              <input type="hidden" name="returnTo" value={`/activities/${item.activityId}`} />
              <button type="submit" className="button button--primary utrecht-button">
                {t("activityPages.openShifts.signUp")}
                <span className="visually-hidden">{`: ${item.role}, ${item.title}, ${item.when}`}</span>
              </button>
            </Form>
            <p>
              <Link to={`/activities/${item.activityId}#shift-${item.shiftId}`} className="utrecht-link standalone-link">
                {t("activityPages.openShifts.viewActivity")}
              </Link>
            </p>
          </li>
        ))}
      </ul>
      {result.next ? (
        <nav aria-label={t("activityPages.openShifts.moreLabel")} className="pager">
          <Link to={`/activities/open-shifts?${new URLSearchParams({ after: result.next })}`} className="utrecht-link">
            {t("activityPages.openShifts.more")}
          </Link>
        </nav>
      ) : null}
    </>
  );
}
