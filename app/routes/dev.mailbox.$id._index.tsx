import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import { formatDateTime } from "~/domain/time";
import { getMailboxMessage, requireMailbox } from "~/web/mailbox.server";
import { getCtx, idParam } from "~/web/request.server";
import devMailboxStyles from "~/styles/dev-mailbox.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: devMailboxStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.message.subject ?? ""} · Noaber` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  requireMailbox(context.services.env);
  const ctx = await getCtx(request, context);
  const message = await getMailboxMessage(context.services.database, idParam(params.id));
  return {
    locale: ctx.locale,
    message: {
      id: message.id,
      toAddress: message.toAddress,
      subject: message.subject,
      text: message.text,
      received: formatDateTime(message.receivedAt, ctx.actor?.timeZone ?? ctx.defaultTimeZone, ctx.locale),
    },
  };
}

export default function MailboxMessagePage() {
  const { message } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <article className="stack">
      <p>
        <Link to="/dev/mailbox">{t("testInbox.back")}</Link>
      </p>
      <h1 className="utrecht-heading-1">{message.subject}</h1>
      <dl className="details">
        <dt>{t("testInbox.to")}</dt>
        <dd>{message.toAddress}</dd>
        <dt>{t("testInbox.received")}</dt>
        <dd>{message.received}</dd>
      </dl>
      <p>
        <a href={`/dev/mailbox/${message.id}/html`}>{t("testInbox.htmlVersion")}</a>
      </p>
      <h2 className="utrecht-heading-2">{t("testInbox.textVersion")}</h2>
      <pre className="mail-text">{message.text}</pre>
    </article>
  );
}
