import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import { CareConsentSection } from "~/components/care-consent-section";
import { MessagesLink } from "~/components/conversations/messages-link";
import type { action, loader } from "./requests.$id._index";

export default function HelpRequestPage() {
  const { request: r, notice, careConsent, consentWithdrawn, unreadMessages } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const fieldNames = (fields: string[]) => fields.map((f) => t(`helpRequest.page.field.${f}`)).join(", ");
  return (
    <article className="stack narrow">
      <h1 className="utrecht-heading-1">{t("helpRequest.page.title", { kind: t(`helpRequests.kinds.${r.kind}`) })}</h1>
      {notice ? (
        <p role="status" className="alert alert--ok">
          {t(`helpRequest.page.${notice}`)}
        </p>
      ) : null}
      <MessagesLink requestId={r.id} unread={unreadMessages} />
      {actionData && "message" in actionData ? (
        <p role="alert" className="alert alert--error">
          {t(actionData.message)}
        </p>
      ) : null}
      <dl className="stack">
        {r.status ? (
          <div>
            <dt>{t("helpRequest.page.status")}</dt>
            <dd>{t(`helpRequests.status.${r.status}`)}</dd>
          </div>
        ) : null}
        <div>
          <dt>{t("helpRequest.page.neighbourhood")}</dt>
          <dd>{r.neighbourhood}</dd>
        </div>
        <div>
          <dt>{r.weekly ? `${t("helpRequest.page.when")} (${t("helpRequest.page.weekly")})` : t("helpRequest.page.when")}</dt>
          <dd>
            <ul>
              {r.windows.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          </dd>
        </div>
        <div>
          <dt>{t("helpRequest.page.whatFor")}</dt>
          <dd className="prose-text">{r.publicText}</dd>
        </div>
        {r.urgency ? (
          <div>
            <dt>{t("helpRequest.page.urgency")}</dt>
            <dd>{t(`helpRequests.urgency.${r.urgency}`)}</dd>
          </div>
        ) : null}
        {r.requirements ? (
          <div>
            <dt>{t("helpRequest.page.requirements")}</dt>
            <dd>
              {[
                r.requirements.vog ? t("helpRequest.page.vog") : null,
                r.requirements.language
                  ? t("helpRequest.page.languageLabel", { language: t(`community.languages.${r.requirements.language}`) })
                  : null,
                r.requirements.skill ? t("helpRequest.page.skillLabel", { skill: r.requirements.skill }) : null,
              ]
                .filter(Boolean)
                .join(" · ") || t("helpRequest.page.noRequirements")}
            </dd>
          </div>
        ) : null}
      </dl>

      {/* ── After acceptance (h8): the match's helping sessions ── */}
      {(r.status === "matched" || r.status === "completed") &&
      ["requester", "coordinator", "accepted-volunteer", "former-volunteer"].includes(r.relation) ? (
        <p>
          <Link to={`/requests/${r.id}/sessions`} className="utrecht-link">
            {t("helpMatch.link")}
          </Link>
        </p>
      ) : null}

      {r.address !== null ? (
        <section className="stack" aria-labelledby="care-title">
          <h2 id="care-title" className="utrecht-heading-2">
            {t("helpRequest.page.care")}
          </h2>
          <dl className="stack">
            {r.requesterName ? (
              <div>
                <dt>{t("helpRequest.page.requesterName")}</dt>
                <dd>{r.requesterName}</dd>
              </div>
            ) : null}
            {r.careRecipientFirstName ? (
              <div>
                <dt>{t("helpRequest.page.careRecipient")}</dt>
                <dd>{r.careRecipientFirstName}</dd>
              </div>
            ) : null}
            <div>
              <dt>{t("helpRequest.page.address")}</dt>
              <dd>{r.address || t("careConsent.addressRemoved")}</dd>
            </div>
            {r.phone ? (
              <div>
                <dt>{t("helpRequest.page.phone")}</dt>
                <dd>{r.phone}</dd>
              </div>
            ) : null}
            {r.privateText ? (
              <div>
                <dt>{t("helpRequest.page.privateText")}</dt>
                <dd className="prose-text">{r.privateText}</dd>
              </div>
            ) : null}
            {r.notesForHelpers ? (
              <div>
                <dt>{t("helpRequest.page.notesForHelpers")}</dt>
                <dd className="prose-text">{r.notesForHelpers}</dd>
              </div>
            ) : null}
            {r.intakeContact ? (
              <div>
                <dt>{t("helpRequest.page.intake")}</dt>
                <dd>{[r.intakeContact.name, r.intakeContact.phone, r.intakeContact.email].filter(Boolean).join(" · ")}</dd>
              </div>
            ) : null}
          </dl>
        </section>
      ) : null}

      {r.canAnswer ? (
        <section className="stack card" aria-labelledby="asked-title">
          <h2 id="asked-title" className="utrecht-heading-2">
            {t("helpRequest.page.askedTitle")}
          </h2>
          <p className="utrecht-paragraph">{t("helpRequest.page.askedText")}</p>
          <Form method="post">
            <button type="submit" name="intent" value="accept" className="button button--primary utrecht-button">
              {t("helpRequest.page.accept")}
            </button>
          </Form>
          <Form method="post" className="stack">
            <div className="field utrecht-form-field">
              <label htmlFor="decline-reason" className="utrecht-form-label">
                {t("helpRequest.page.reason")} {t("helpRequest.optional")}
              </label>
              <textarea
                id="decline-reason"
                name="reason"
                rows={2}
                maxLength={500}
                className="utrecht-textarea utrecht-textarea--html-textarea"
              />
            </div>
            <button type="submit" name="intent" value="decline" className="button button--secondary utrecht-button">
              {t("helpRequest.page.decline")}
            </button>
          </Form>
        </section>
      ) : r.invite ? (
        <p className="utrecht-paragraph">{t(`helpRequest.page.inviteStatus.${r.invite.status}`)}</p>
      ) : null}

      {r.canOffer ? (
        <section className="stack card" aria-labelledby="offer-title">
          <h2 id="offer-title" className="utrecht-heading-2">
            {t("helpRequest.page.offerTitle")}
          </h2>
          <Form method="post">
            <button type="submit" name="intent" value="offer" className="button button--primary utrecht-button">
              {t("helpRequest.page.offer")}
            </button>
          </Form>
        </section>
      ) : null}

      {r.canEdit || r.canWithdraw ? (
        <section className="stack">
          {r.canEdit ? (
            <p>
              <Link to={`/requests/${r.id}/edit`}>{t("helpRequest.page.edit")}</Link>
            </p>
          ) : null}
          {r.canWithdraw ? (
            <Form method="post" className="stack">
              <p className="utrecht-paragraph">{t("helpRequest.page.withdrawHint")}</p>
              <button type="submit" name="intent" value="withdraw" className="button button--secondary utrecht-button">
                {t("helpRequest.page.withdraw")}
              </button>
            </Form>
          ) : null}
        </section>
      ) : null}

      {careConsent ? (
        <CareConsentSection
          info={careConsent}
          lastResult={actionData && "form" in actionData ? actionData.result : undefined}
          done={consentWithdrawn}
        />
      ) : null}

      {r.fields.includes("history") ? (
        <section className="stack" aria-labelledby="history-title">
          <h2 id="history-title" className="utrecht-heading-2">
            {t("helpRequest.page.history")}
          </h2>
          <ol>
            {r.history.map((h, i) => (
              <li key={i}>
                {h.at}: {t(`helpRequests.status.${h.to}`)} ({t("helpRequest.page.by", { name: h.actor ?? t("helpRequest.page.someone") })})
                {h.note ? ` — ${h.note}` : null}
              </li>
            ))}
          </ol>
        </section>
      ) : null}

      {r.fields.includes("accessLog") ? (
        <section className="stack" aria-labelledby="log-title">
          <h2 id="log-title" className="utrecht-heading-2">
            {t("helpRequest.page.accessLog")}
          </h2>
          {r.accessLog.length === 0 ? (
            <p className="utrecht-paragraph">{t("helpRequest.page.accessLogEmpty")}</p>
          ) : (
            <div className="table-wrap">
              <table className="utrecht-table">
                <thead>
                  <tr>
                    <th scope="col">{t("helpRequest.page.viewer")}</th>
                    <th scope="col">{t("helpRequest.page.at")}</th>
                    <th scope="col">{t("helpRequest.page.fields")}</th>
                  </tr>
                </thead>
                <tbody>
                  {r.accessLog.map((a, i) => (
                    <tr key={i}>
                      <td>{a.viewer ?? t("helpRequest.page.someone")}</td>
                      <td>{a.at}</td>
                      <td>{fieldNames(a.fields)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ) : null}

      {r.relation === "requester" ? (
        <p>
          <Link to="/requests">{t("helpRequest.page.back")}</Link>
        </p>
      ) : null}
    </article>
  );
}
