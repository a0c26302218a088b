import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import { formatDateTime } from "~/domain/time";
import { getT } from "~/locales/i18n";
import { listDemoCodes, listMailbox, requireMailbox } from "~/web/mailbox.server";
import { getCtx } from "~/web/request.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${getT(data?.locale ?? "nl")("testInbox.title")} · Noaber` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireMailbox(context.services.env);
  const ctx = await getCtx(request, context);
  const zone = ctx.actor?.timeZone ?? ctx.defaultTimeZone;
  const [messages, codes] = await Promise.all([listMailbox(context.services.database), listDemoCodes(context.services)]);
  return {
    locale: ctx.locale,
    codes,
    messages: messages.map((m) => ({ ...m, received: formatDateTime(m.receivedAt, zone, ctx.locale) })),
  };
}

export default function MailboxPage() {
  const { messages, codes } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <section className="stack">
      <h1 className="utrecht-heading-1">{t("testInbox.title")}</h1>
      <p className="utrecht-paragraph">{t("testInbox.intro")}</p>
      {messages.length === 0 ? (
        <p className="utrecht-paragraph">{t("testInbox.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("testInbox.received")}</th>
                <th scope="col">{t("testInbox.to")}</th>
                <th scope="col">{t("testInbox.subject")}</th>
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
      {codes.length > 0 && (
        <section className="stack" aria-labelledby="demo-codes">
          <h2 className="utrecht-heading-2" id="demo-codes">
            {t("testInbox.codes.title")}
          </h2>
          <p className="utrecht-paragraph">{t("testInbox.codes.intro")}</p>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("testInbox.codes.account")}</th>
                  <th scope="col">{t("testInbox.codes.code")}</th>
                  <th scope="col">{t("testInbox.codes.secondsLeft")}</th>
                </tr>
              </thead>
              <tbody>
                {codes.map((c) => (
                  <tr key={c.email}>
                    <td>{c.email}</td>
                    <td>
                      <code data-demo-code={c.email}>{c.code}</code>
                    </td>
                    <td>{t("testInbox.codes.seconds", { count: c.secondsLeft })}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </section>
  );
}
