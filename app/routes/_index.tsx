import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import { getT } from "~/locales/i18n";
import { getCtx } from "~/web/request.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  const t = getT(data?.locale ?? "nl");
  return [{ title: t("home.title") }, { name: "description", content: t("home.intro") }];
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const ctx = await getCtx(request, context);
  return { locale: ctx.locale, name: ctx.actor?.name ?? null };
}

export default function HomePage() {
  const { name } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <div className="stack">
      <h1 className="utrecht-heading-1">{name ? t("home.greeting", { name }) : t("home.title")}</h1>
      <p className="utrecht-paragraph">{t("home.intro")}</p>
      <ul className="cards">
        {(["carers", "volunteers", "organisations"] as const).map((group) => (
          <li key={group} className="card">
            <h2 className="utrecht-heading-3">{t(`home.${group}Title`)}</h2>
            <p className="utrecht-paragraph">{t(`home.${group}Text`)}</p>
          </li>
        ))}
      </ul>
      {name ? null : (
        <p>
          <Link to="/login" className="button button--primary">
            {t("home.start")}
          </Link>
        </p>
      )}
    </div>
  );
}
