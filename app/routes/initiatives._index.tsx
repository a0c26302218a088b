import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import { targetGroups, type TargetGroup } from "~/domain/vocabulary";
import { Pagination } from "~/components/pagination";
import { listInitiatives } from "~/domain/organisations";
import { getT } from "~/locales/i18n";
import { formatLocalDate } from "~/domain/scheduling";
import { getCtx } from "~/web/request.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  const t = getT(data?.locale ?? "nl");
  return [{ title: `${t("community.initiatives.title")} · Noaber` }, { name: "description", content: t("community.initiatives.intro") }];
};

const isTargetGroup = (value: string | null): value is TargetGroup => (targetGroups as readonly (string | null)[]).includes(value);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const ctx = await getCtx(request, context);
  const params = new URL(request.url).searchParams;
  const group = params.get("group");
  const targetGroup = isTargetGroup(group) ? group : null;
  const result = await listInitiatives({ ctx, input: { targetGroup, page: Number(params.get("page") ?? 1) } });
  const date = (d: string) => formatLocalDate(d, ctx.locale);
  return {
    locale: ctx.locale,
    targetGroup,
    ...result,
    items: result.items.map((i) => ({ ...i, startsOn: date(i.startsOn), endsOn: i.endsOn ? date(i.endsOn) : null })),
  };
}

export default function InitiativesPage() {
  const { items, page, pages, targetGroup } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const href = (p: number) => `/initiatives?${new URLSearchParams({ ...(targetGroup ? { group: targetGroup } : {}), page: String(p) })}`;
  return (
    <section className="stack">
      <h1 className="utrecht-heading-1">{t("community.initiatives.title")}</h1>
      <p className="utrecht-paragraph">{t("community.initiatives.intro")}</p>
      <Form method="get" className="filter-form">
        <fieldset className="utrecht-form-fieldset">
          <legend className="utrecht-form-fieldset__legend">{t("community.initiatives.filterLegend")}</legend>
          <div className="field">
            <label htmlFor="group">{t("community.initiatives.targetGroup")}</label>
            <select id="group" name="group" defaultValue={targetGroup ?? ""} className="utrecht-select utrecht-select--html-select">
              <option value="">{t("community.initiatives.allGroups")}</option>
              {targetGroups.map((g) => (
                <option key={g} value={g}>
                  {t(`community.targetGroups.${g}`)}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button button--secondary utrecht-button">
            {t("community.initiatives.filter")}
          </button>
        </fieldset>
      </Form>
      {items.length === 0 ? <p className="utrecht-paragraph">{t("community.initiatives.none")}</p> : null}
      <ul className="cards">
        {items.map((i) => (
          <li key={i.id} className="card stack">
            <h2 className="utrecht-heading-3">
              <Link to={`/initiatives/${i.id}`}>{i.title}</Link>
            </h2>
            <p className="utrecht-paragraph">{i.goal}</p>
            <p className="utrecht-paragraph">
              {t("community.initiatives.by", { name: i.organisationName })}
              <br />
              {i.endsOn
                ? t("community.initiatives.fromTo", { from: i.startsOn, to: i.endsOn })
                : t("community.initiatives.from", { date: i.startsOn })}
              <br />
              {i.targetGroups.map((g) => t(`community.targetGroups.${g}`)).join(", ")}
              <br />
              {t("community.initiatives.interested", { count: i.interested })}
            </p>
          </li>
        ))}
      </ul>
      <Pagination page={page} pages={pages} href={href} />
    </section>
  );
}
