import { data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import { placesText } from "~/components/activity-bits";
import { FieldErrors } from "~/components/forms";
import { filterValues, getActivityListPage } from "~/domain/activities";
import { getT } from "~/locales/i18n";
import { getCtx } from "~/web/request.server";
import activitiesStyles from "~/styles/activities.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: activitiesStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${getT(data?.locale ?? "nl")("activityPages.list.title")} · Noaber` },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const ctx = await getCtx(request, context);
  const params = new URL(request.url).searchParams;
  const page = await getActivityListPage({ ctx, input: Object.fromEntries(params) });
  return data({ locale: ctx.locale, signedIn: !!ctx.actor, values: filterValues(params), ...page }, { status: page.result ? 200 : 400 });
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

export default function ActivitiesPage() {
  const { signedIn, values, options, errors, result } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  // Fields show their values as defaults: a new search (also "clear all") must remount the form.
  const { search } = useLocation();
  return (
    <section className="stack">
      <h1 className="utrecht-heading-1">{t("activityPages.list.title")}</h1>
      <p className="utrecht-paragraph">{t("activityPages.list.intro")}</p>
      {signedIn ? (
        <p className="utrecht-paragraph">
          <Link to="/activities/open-shifts" className="utrecht-link standalone-link">
            {t("activityPages.list.openShiftsLink")}
          </Link>
        </p>
      ) : null}
      <Filters key={search} values={values} options={options} errors={errors} />
      {result ? <Results result={result} /> : null}
    </section>
  );
}

function Filters({ values, options, errors }: Pick<Data, "values" | "options" | "errors">) {
  const { t } = useTranslation();
  const invalid = Object.keys(errors).length > 0;
  const select = (
    name: "neighbourhood" | "category" | "targetGroup",
    label: string,
    all: string,
    choices: { value: string; label: string }[],
  ) => (
    <div className={`field utrecht-form-field${errors[name] ? " utrecht-form-field--invalid" : ""}`}>
      <label htmlFor={`filter-${name}`} className="utrecht-form-label">
        {label}
      </label>
      <select
        id={`filter-${name}`}
        name={name}
        defaultValue={values[name]}
        className="utrecht-select utrecht-select--html-select"
        aria-invalid={errors[name] ? true : undefined}
        aria-describedby={errors[name] ? `filter-${name}-error` : undefined}
      >
        <option value="">{all}</option>
        {choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
      <FieldErrors id={`filter-${name}-error`} errors={errors[name]} />
    </div>
  );
  const date = (name: "from" | "to", label: string) => (
    <div className={`field utrecht-form-field${errors[name] ? " utrecht-form-field--invalid" : ""}`}>
      <label htmlFor={`filter-${name}`} className="utrecht-form-label">
        {label}
      </label>
      <p id={`filter-${name}-hint`} className="field__hint utrecht-form-field-description">
        {t("activityPages.list.dateHint")}
      </p>
      <input
        type="date"
        id={`filter-${name}`}
        name={name}
        defaultValue={values[name]}
        className="utrecht-textbox utrecht-textbox--html-input"
        aria-invalid={errors[name] ? true : undefined}
        aria-describedby={[`filter-${name}-hint`, errors[name] ? `filter-${name}-error` : ""].join(" ").trim()}
      />
      <FieldErrors id={`filter-${name}-error`} errors={errors[name]} />
    </div>
  );
  return (
    <Form method="get" role="search" className="activity-filters" aria-labelledby="filters-title">
      <h2 id="filters-title" className="utrecht-heading-2">
        {t("activityPages.list.filtersTitle")}
      </h2>
      {invalid ? (
        <div role="alert" className="alert alert--error">
          <p>{t("activityPages.list.invalid")}</p>
          {errors.after || errors.before ? <p>{t("activityPages.errors.page")}</p> : null}
        </div>
      ) : null}
      <div className="activity-filters__grid">
        {select(
          "neighbourhood",
          t("activityPages.list.neighbourhood"),
          t("activityPages.list.allNeighbourhoods"),
          options.neighbourhoods.map((n) => ({ value: String(n.id), label: n.name })),
        )}
        {select(
          "category",
          t("activityPages.list.category"),
          t("activityPages.list.allCategories"),
          options.categories.map((c) => ({ value: c, label: t(`activityPages.category.${c}`) })),
        )}
        {select(
          "targetGroup",
          t("activityPages.list.targetGroup"),
          t("activityPages.list.allTargetGroups"),
          options.targetGroups.map((g) => ({ value: g, label: t(`activityPages.targetGroup.${g}`) })),
        )}
        {date("from", t("activityPages.list.from"))}
        {date("to", t("activityPages.list.to"))}
      </div>
      <div className={`field field--checkbox${errors.needsVolunteers ? " utrecht-form-field--invalid" : ""}`}>
        <input
          type="checkbox"
          id="filter-needsVolunteers"
          name="needsVolunteers"
          value="on"
          defaultChecked={values.needsVolunteers}
          className="utrecht-checkbox utrecht-checkbox--html-input"
          aria-invalid={errors.needsVolunteers ? true : undefined}
          aria-describedby={errors.needsVolunteers ? "filter-needsVolunteers-error" : undefined}
        />
        <label htmlFor="filter-needsVolunteers">{t("activityPages.list.needsVolunteers")}</label>
        <FieldErrors id="filter-needsVolunteers-error" errors={errors.needsVolunteers} />
      </div>
      <div className="button-row">
        <button type="submit" className="button button--primary utrecht-button">
          {t("activityPages.list.submit")}
        </button>
        <Link to="/activities" className="utrecht-link">
          {t("activityPages.list.clear")}
        </Link>
      </div>
    </Form>
  );
}

function Results({ result }: { result: NonNullable<Data["result"]> }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="results-title" className="stack">
      <h2 id="results-title" className="utrecht-heading-2">
        {t("activityPages.list.resultsTitle")}
      </h2>
      {result.items.length === 0 ? <p className="utrecht-paragraph">{t("activityPages.list.none")}</p> : null}
      <ul className="cards">
        {result.items.map((item) => (
          <li key={item.id} className="card activity-card">
            <h3 className="utrecht-heading-3 activity-card__title">
              <Link to={`/activities/${item.id}`} className="utrecht-link">
                {item.title}
              </Link>
            </h3>
            <p className="activity-card__meta">
              {t(`activityPages.category.${item.category}`)} · {item.neighbourhood}
            </p>
            <p>{t("activityPages.list.nextSession", { when: item.nextSession.when })}</p>
            <p>{placesText(t, item.nextSession.placesLeft)}</p>
            <p className="activity-card__meta">{t("activityPages.list.organisedBy", { organisation: item.organisation.name })}</p>
            {item.needsVolunteers ? <p className="badge">{t("activityPages.list.volunteersWanted")}</p> : null}
          </li>
        ))}
      </ul>
      <PageLinks previous={result.previous} next={result.next} />
    </section>
  );
}

/** Links keep the current filters and change only the page position. */
function PageLinks({ previous, next }: { previous: string | null; next: string | null }) {
  const { t } = useTranslation();
  const { values } = useLoaderData<typeof loader>();
  if (!previous && !next) return null;
  const href = (key: "after" | "before", cursor: string) => {
    const params = new URLSearchParams();
    for (const name of ["neighbourhood", "category", "targetGroup", "from", "to"] as const)
      if (values[name]) params.set(name, values[name]);
    if (values.needsVolunteers) params.set("needsVolunteers", "on");
    params.set(key, cursor);
    return `/activities?${params}`;
  };
  return (
    <nav aria-label={t("activityPages.list.pages")} className="pager">
      {previous ? (
        <Link to={href("before", previous)} className="utrecht-link" aria-label={t("activityPages.list.previousLabel")}>
          {t("activityPages.list.previous")}
        </Link>
      ) : null}
      {next ? (
        <Link to={href("after", next)} className="utrecht-link" aria-label={t("activityPages.list.nextLabel")}>
          {t("activityPages.list.next")}
        </Link>
      ) : null}
    </nav>
  );
}
