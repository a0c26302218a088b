import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import { getT } from "~/locales/i18n";
import { getRequestState } from "~/web/request.server";

// Where /me/delete lands after the account is gone (issue 14): a plain page, the same for everyone,
// no query, no session needed (the cookie was cleared with the redirect).

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${getT(data?.locale ?? "nl")("accountDeletion.done.title")} · Noaber` },
  { name: "robots", content: "noindex" },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { ctx } = await getRequestState(request, context);
  return { locale: ctx.locale };
}

export default function AccountDeletedPage() {
  useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <section className="stack narrow" aria-labelledby="deleted-title">
      <h1 id="deleted-title" className="utrecht-heading-1">
        {t("accountDeletion.done.title")}
      </h1>
      <p role="status" className="alert alert--ok">
        {t("accountDeletion.done.body")}
      </p>
      <p className="utrecht-paragraph">{t("accountDeletion.done.again")}</p>
      <p>
        <Link to="/" className="utrecht-link">
          {t("accountDeletion.done.home")}
        </Link>
      </p>
    </section>
  );
}
