import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatDateTime } from "~/domain/time";
import { getT } from "~/locales/i18n";
import { listMailbox, requireMailbox } from "~/web/mailbox.server";
import { getCtx } from "~/web/request.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${getT(data?.locale ?? "nl")("mailbox.title")} · Noaber` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireMailbox(context.services.env);
  const ctx = await getCtx(request, context);
  const zone = ctx.actor?.timeZone ?? ctx.defaultTimeZone;
  const messages = await listMailbox(context.services.database);
  return {
    locale: ctx.locale,
    messages: messages.map((m) => ({ ...m, received: formatDateTime(m.receivedAt, zone, ctx.locale) })),
  };
}

export default function MailboxPage() {
  const { messages } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <section className="stack">
      <h1 className="utrecht-heading-1">{t("mailbox.title")}</h1>
      <p className="utrecht-paragraph">{t("mailbox.intro")}</p>
      {messages.length === 0 ? (
        <p className="utrecht-paragraph">{t("mailbox.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("mailbox.received")}</th>
                <th scope="col">{t("mailbox.to")}</th>
                <th scope="col">{t("mailbox.subject")}</th>
              </tr>
            </thead>
            <tbody>
              {messages.map((m) => (
                <tr key={m.id}>
                  <td>{m.received}</td>
                  <td>{m.toAddress}</td>
                  <td>
                    <Link to={`/dev/mailbox/${m.id}`}>{m.subject}</Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
