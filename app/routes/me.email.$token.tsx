import { data, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import { LinkGone } from "~/components/link-gone";
import { confirmEmailChange, describeEmailChange } from "~/domain/accounts";
import { getT } from "~/locales/i18n";
import { getRequestState } from "~/web/request.server";

// Confirming a new email address, from the link mailed to that address. The token is the
// credential, so the page is the same for everyone, signed in or not. Opening the link only shows
// the page (mail scanners follow links); the button POSTs. A dead, used or expired link, and a new
// address that meanwhile belongs to another account, all get the same "does not work" page (404).

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${getT(data?.locale ?? "nl")("profile.confirm.metaTitle")} · Noaber` },
  { name: "robots", content: "noindex" },
];

// The page holds a one-time link: never kept by a shared cache.
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store" });

type Page = { state: "gone" } | { state: "open"; maskedEmail: string } | { state: "changed"; signedIn: boolean };

function respond(page: Page, locale: "nl" | "en") {
  return data({ page, locale }, { status: page.state === "gone" ? 404 : 200 });
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx } = await getRequestState(request, context);
  const view = await describeEmailChange({ ctx, input: { token: params.token ?? "" } });
  return respond(view ? { state: "open", maskedEmail: view.maskedEmail } : { state: "gone" }, ctx.locale);
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { ctx, sessionId } = await getRequestState(request, context);
  const outcome = await confirmEmailChange({ ctx, input: { token: params.token ?? "", keepSessionId: sessionId } });
  return respond(outcome.changed ? { state: "changed", signedIn: outcome.keptSession } : { state: "gone" }, ctx.locale);
}

export default function ConfirmEmailPage() {
  const loaded = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  const { page } = acted ?? loaded;
  const { t } = useTranslation();

  if (page.state === "gone") {
    return <LinkGone title={t("profile.confirm.goneTitle")} text={t("profile.confirm.goneText")} home={t("profile.confirm.goHome")} />;
  }

  if (page.state === "changed") {
    return (
      <section className="stack narrow">
        <h1 className="utrecht-heading-1">{t("profile.confirm.doneTitle")}</h1>
        <p role="status" className="alert alert--ok">
          {t("profile.confirm.doneText")}
        </p>
        <p>
          <Link to={page.signedIn ? "/me" : "/login"} className="utrecht-link">
            {t(page.signedIn ? "profile.confirm.goMe" : "profile.confirm.signIn")}
          </Link>
        </p>
      </section>
    );
  }

  return (
    <section className="stack narrow" aria-labelledby="confirm-email-title">
      <h1 id="confirm-email-title" className="utrecht-heading-1">
        {t("profile.confirm.title")}
      </h1>
      <p className="utrecht-paragraph">{t("profile.confirm.text", { email: page.maskedEmail })}</p>
      <Form method="post">
        <button type="submit" className="button button--primary utrecht-button">
          {t("profile.confirm.button")}
        </button>
      </Form>
    </section>
  );
}
