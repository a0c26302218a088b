import { data, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import { readUnsubscribeLink, unsubscribeByLink } from "~/domain/notifications";
import { getT } from "~/locales/i18n";
import { getCtx } from "~/web/request.server";

// One-click unsubscribe (RFC 8058). The link in the mail is the credential: no session needed.
// A GET only shows the question (mail scanners open links); every POST unsubscribes — the page's
// button and the mail provider's `List-Unsubscribe=One-Click` POST alike.

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${getT(data?.locale ?? "nl")("notifications.unsubscribe.title")} · Noaber` },
  { name: "robots", content: "noindex" },
];

// Not "Referrer-Policy: no-referrer": Chromium then sends `Origin: null` with the page's own form
// POST, which the origin check refuses. The default (strict-origin-when-cross-origin) already
// keeps the token out of Referer headers to other sites.
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store" });

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const ctx = await getCtx(request, context);
  const link = await readUnsubscribeLink({ ctx, input: { token: params.token ?? "" } });
  return data({ locale: ctx.locale, link }, { status: link.valid ? 200 : 400 });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const ctx = await getCtx(request, context);
  const link = await unsubscribeByLink({ ctx, input: { token: params.token ?? "" } });
  return data({ done: link.valid }, { status: link.valid ? 200 : 400 });
}

export default function UnsubscribePage() {
  const { link } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  if (!link.valid) {
    return (
      <section className="stack narrow">
        <h1 className="utrecht-heading-1">{t("notifications.unsubscribe.invalidTitle")}</h1>
        <p className="utrecht-paragraph">{t("notifications.unsubscribe.invalid")}</p>
        <p>
          <Link to="/me" className="utrecht-link">
            {t("notifications.unsubscribe.settingsLink")}
          </Link>
        </p>
      </section>
    );
  }
  const kind = t(`notifications.kinds.${link.kind}`);
  return (
    <section className="stack narrow">
      <h1 className="utrecht-heading-1">{t("notifications.unsubscribe.title")}</h1>
      {actionData?.done ? (
        <p role="status" className="alert alert--ok">
          {t("notifications.unsubscribe.done", { kind })}
        </p>
      ) : link.off ? (
        <p className="utrecht-paragraph">{t("notifications.unsubscribe.alreadyOff", { kind })}</p>
      ) : (
        <Form method="post" className="stack">
          <p className="utrecht-paragraph">{t("notifications.unsubscribe.question", { kind })}</p>
          <button type="submit" className="button button--primary utrecht-button">
            {t("notifications.unsubscribe.button", { kind })}
          </button>
        </Form>
      )}
      <p className="utrecht-paragraph">{t("notifications.unsubscribe.settingsHint")}</p>
      <p>
        <Link to="/me#notifications" className="utrecht-link">
          {t("notifications.unsubscribe.settingsLink")}
        </Link>
      </p>
    </section>
  );
}
