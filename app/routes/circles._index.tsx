import { type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import { listMyCircles } from "~/domain/circles";
import { unreadMessagesInMyCircles } from "~/domain/conversations";
import { MessagesLink } from "~/components/conversations/messages-link";
import { getT } from "~/locales/i18n";
import { requireCtx } from "~/web/request.server";
import circlesStyles from "~/styles/circles.css?url";

// My care circles (decision 048): the circles I am a current member of, with my role. Starting a
// circle is its own form page (/circles/new), so this list stays a plain page without a form.

export const links: LinksFunction = () => [{ rel: "stylesheet", href: circlesStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${getT(data?.locale ?? "nl")("circles.title")} · Noaber` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const search = new URL(request.url).searchParams;
  return {
    locale: ctx.locale,
    circles: await listMyCircles({ ctx }),
    unread: await unreadMessagesInMyCircles({ ctx }),
    notice: search.has("deleted") ? ("deleted" as const) : search.has("left") ? ("left" as const) : null,
  };
}

export default function CirclesPage() {
  const { circles, unread, notice } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <section className="stack">
      <h1 className="utrecht-heading-1">{t("circles.title")}</h1>
      {notice ? (
        <p role="status" className="alert alert--ok">
          {t(`circles.index.${notice}`)}
        </p>
      ) : null}
      <p className="utrecht-paragraph">{t("circles.index.intro")}</p>
      {circles.length === 0 ? (
        <p className="utrecht-paragraph">{t("circles.index.none")}</p>
      ) : (
        <ul className="cards circle-list">
          {circles.map((c) => (
            <li key={c.id} className="card stack">
              <h2 className="utrecht-heading-3">
                <Link to={`/circles/${c.id}`} className="utrecht-link">
                  {c.name}
                </Link>
              </h2>
              <p className="utrecht-paragraph">
                {t("circles.index.yourRole", { role: t(`circles.roles.${c.role}`) })}
                <br />
                <Link to={`/circles/${c.id}/members`} className="utrecht-link">
                  {t("circles.index.members", { count: c.members })}
                </Link>
              </p>
              <MessagesLink circleId={c.id} unread={unread[c.id] ?? 0} />
            </li>
          ))}
        </ul>
      )}
      <p>
        <Link to="/circles/new" className="button button--primary utrecht-button">
          {t("circles.index.start")}
        </Link>
      </p>
    </section>
  );
}
