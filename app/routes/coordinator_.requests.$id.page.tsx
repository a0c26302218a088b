import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import type { ComponentProps } from "react";
import { useTranslation } from "~/locales/i18n-react";
import { CareConsentSection } from "~/components/care-consent-section";
import { MessagesLink } from "~/components/conversations/messages-link";
import type { action, loader } from "./coordinator_.requests.$id";

type ConsentResult = ComponentProps<typeof CareConsentSection>["lastResult"];

const DONE = { triage: "triaged", ask: "asked", confirm: "confirmed", cancel: "cancelled" } as const;
// `done=withdrawConsent` is announced inside the consent section.

export default function TriagePage() {
  const { request: r, windows, events, invites, ranking, createdText, careConsent, unreadMessages } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t } = useTranslation();
  const done = params.get("done") as keyof typeof DONE | null;
  const offers = invites.filter((i) => i.status === "offered");
  const waiting = r.status === "submitted" || r.status === "open" || r.status === "asked";
  const error = (intent: string) =>
    actionData?.error && actionData.intent === intent ? (
      <p role="alert" className="alert alert--error" id={`${intent}-error`}>
        {t(actionData.error)}
      </p>
    ) : null;
  return (
    <section className="stack">
      <p>
        <Link to="/coordinator">{t("helpCoordinator.triage.back")}</Link>
      </p>
      <h1 className="utrecht-heading-1">{t("helpCoordinator.triage.title", { id: r.id })}</h1>
      {done && DONE[done] ? (
        <p role="status" className="alert alert--ok">
          {t(`helpCoordinator.triage.${DONE[done]}`, { count: Number(params.get("count") ?? 0) })}
        </p>
      ) : null}
      {r.waitingTooLong ? <p className="alert alert--error">{t("helpCoordinator.triage.waitingTooLong")}</p> : null}
      {r.flagReason ? (
        <p className="alert alert--error">{t("helpCoordinator.queue.flagged", { reason: t(`helpCoordinator.flag.${r.flagReason}`) })}</p>
      ) : null}

      <MessagesLink requestId={r.id} unread={unreadMessages} />
      <h2 className="utrecht-heading-2">{t("helpCoordinator.triage.details")}</h2>
      <p className="utrecht-paragraph">{t("helpCoordinator.triage.logged")}</p>
      <dl className="details">
        <dt>{t("helpCoordinator.triage.kind")}</dt>
        <dd>{t(`helpRequests.kinds.${r.kind}`)}</dd>
        <dt>{t("helpCoordinator.triage.status")}</dt>
        <dd>{t(`helpRequests.status.${r.status}`)}</dd>
        <dt>{t("helpCoordinator.triage.urgency")}</dt>
        <dd>{t(`helpRequests.urgency.${r.urgency}`)}</dd>
        <dt>{t("helpCoordinator.queue.waiting")}</dt>
        <dd>{createdText}</dd>
        <dt>{t("helpCoordinator.triage.neighbourhood")}</dt>
        <dd>{r.neighbourhood}</dd>
        {r.viaFacility || r.viaCircle ? (
          <>
            <dt>{t("helpCoordinator.triage.origin")}</dt>
            <dd>
              {r.viaCircle ? t("helpCoordinator.triage.viaCircle") : t("helpCoordinator.triage.viaFacility", { name: r.viaFacility })}
            </dd>
          </>
        ) : null}
        <dt>{t("helpCoordinator.triage.windows")}</dt>
        <dd>
          <ul>
            {windows.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </dd>
        <dt>{t("helpCoordinator.triage.requirements")}</dt>
        <dd>
          {[
            r.requiresVog ? t("helpCoordinator.triage.vogRequired") : null,
            r.language ? t("helpCoordinator.triage.language", { language: r.language }) : null,
            r.skillNl ? t("helpCoordinator.triage.skill", { skill: r.skillNl }) : null,
          ]
            .filter(Boolean)
            .join(" · ") || t("helpCoordinator.triage.none")}
        </dd>
        <dt>{t("helpCoordinator.triage.publicText")}</dt>
        <dd>{r.publicText}</dd>
        <dt>{t("helpCoordinator.triage.privateText")}</dt>
        <dd>{r.privateText || t("helpCoordinator.triage.none")}</dd>
        <dt>{t("helpCoordinator.triage.address")}</dt>
        <dd>{r.address || t("careConsent.addressRemoved")}</dd>
        {r.requesterName ? (
          <>
            <dt>{t("helpCoordinator.triage.requester")}</dt>
            <dd>
              {r.requesterName}
              {r.requesterPhone ? ` · ${t("helpCoordinator.triage.phone")}: ${r.requesterPhone}` : null}
              {r.requesterEmail ? ` · ${t("helpCoordinator.triage.email")}: ${r.requesterEmail}` : null}
            </dd>
          </>
        ) : null}
        {r.contactName || r.contactPhone || r.contactEmail ? (
          <>
            <dt>{t("helpCoordinator.triage.intakeContact")}</dt>
            <dd>{[r.contactName, r.contactPhone, r.contactEmail].filter(Boolean).join(" · ")}</dd>
            <dd>
              <Link to={`/coordinator/requests/${r.id}/erase`}>{t("accountDeletion.intake.link")}</Link>
            </dd>
          </>
        ) : null}
        {r.recipientFirstName ? (
          <>
            <dt>{t("helpCoordinator.triage.careRecipient")}</dt>
            <dd>
              {r.recipientFirstName}
              {r.recipientBirthYear ? ` (${t("helpCoordinator.triage.birthYear", { year: r.recipientBirthYear })})` : null}
            </dd>
            <dt>{t("helpCoordinator.triage.notesForHelpers")}</dt>
            <dd>{r.notesForHelpers || t("helpCoordinator.triage.none")}</dd>
          </>
        ) : null}
      </dl>

      {careConsent ? (
        <>
          {error("withdrawConsent")}
          <CareConsentSection
            info={careConsent}
            lastResult={actionData && "result" in actionData ? (actionData.result as ConsentResult) : undefined}
            done={params.get("done") === "withdrawConsent"}
          />
        </>
      ) : null}

      {r.status === "submitted" ? (
        <Form method="post" className="stack">
          <h2 className="utrecht-heading-2">{t("helpCoordinator.triage.triageTitle")}</h2>
          <p className="utrecht-paragraph">{t("helpCoordinator.triage.triageText")}</p>
          {error("triage")}
          <button type="submit" name="intent" value="triage" className="button button--primary utrecht-button">
            {t("helpCoordinator.triage.triage")}
          </button>
        </Form>
      ) : null}

      {ranking ? (
        <>
          <h2 className="utrecht-heading-2">{t("helpCoordinator.triage.rankedTitle")}</h2>
          <p className="utrecht-paragraph">
            {ranking.ranked.length ? t("helpCoordinator.triage.rankedIntro") : t("helpCoordinator.triage.rankedNone")}
          </p>
          {ranking.ranked.length ? (
            <Form method="post" className="stack">
              {error("ask")}
              <fieldset className="utrecht-form-fieldset" aria-describedby={actionData?.intent === "ask" ? "ask-error" : undefined}>
                <legend className="utrecht-form-fieldset__legend">{t("helpCoordinator.triage.askLegend")}</legend>
                <ol className="stack ranked-list">
                  {ranking.ranked.map((v) => (
                    <li key={v.userId} className="card">
                      {v.mayMissReminders ? (
                        <p className="may-miss">
                          <strong>{t("notifications.coordinator.mayMiss")}</strong> {t("notifications.coordinator.mayMissHint")}
                        </p>
                      ) : null}
                      {v.invite === null ? (
                        <div className="field field--checkbox">
                          <input type="checkbox" id={`volunteer-${v.userId}`} name="volunteerId" value={v.userId} />
                          <label htmlFor={`volunteer-${v.userId}`}>
                            {t("helpCoordinator.triage.askLabel", { name: v.name, score: v.score, neighbourhood: v.neighbourhood })}
                          </label>
                        </div>
                      ) : (
                        <p>
                          <strong>{v.name}</strong> ({t("helpCoordinator.triage.score", { score: v.score })}) —{" "}
                          {t("helpCoordinator.triage.inviteStatus", { status: t(`helpCoordinator.invite.${v.invite}`) })}
                        </p>
                      )}
                      <ul>
                        {v.reasons.map((reason) => (
                          <li key={reason.factor}>
                            {t(`helpCoordinator.factor.${reason.factor}`)}: {t(reason.key, reason.values ?? {})} (
                            {t("helpCoordinator.triage.points", { points: reason.points, max: reason.max })})
                          </li>
                        ))}
                      </ul>
                    </li>
                  ))}
                </ol>
              </fieldset>
              <button type="submit" name="intent" value="ask" className="button button--primary utrecht-button">
                {t("helpCoordinator.triage.ask")}
              </button>
            </Form>
          ) : null}
          {ranking.excluded.length ? (
            <details>
              <summary>{t("helpCoordinator.triage.excludedTitle", { count: ranking.excluded.length })}</summary>
              <ul>
                {ranking.excluded.slice(0, 200).map((v) => (
                  <li key={v.userId}>
                    {v.name}: {t(v.key, v.values ?? {})}
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
        </>
      ) : null}

      <h2 className="utrecht-heading-2">{t("helpCoordinator.triage.offersTitle")}</h2>
      {error("confirm")}
      {offers.length === 0 ? <p className="utrecht-paragraph">{t("helpCoordinator.triage.offersNone")}</p> : null}
      <ul className="stack">
        {offers.map((o) => (
          <li key={o.volunteerId}>
            <Form method="post">
              <input type="hidden" name="volunteerId" value={o.volunteerId} />
              <button type="submit" name="intent" value="confirm" className="button button--primary utrecht-button">
                {t("helpCoordinator.triage.confirm", { name: o.name })}
              </button>
            </Form>
          </li>
        ))}
      </ul>

      <h2 className="utrecht-heading-2">{t("helpCoordinator.triage.invitesTitle")}</h2>
      {invites.length === 0 ? (
        <p className="utrecht-paragraph">{t("helpCoordinator.triage.invitesNone")}</p>
      ) : (
        <ul>
          {invites.map((i) => (
            <li key={i.volunteerId}>
              {i.name}: {t(`helpCoordinator.invite.${i.status}`)}
              {i.reason ? ` — ${i.reason}` : null}
            </li>
          ))}
        </ul>
      )}

      <h2 className="utrecht-heading-2">{t("helpCoordinator.triage.historyTitle")}</h2>
      <ol>
        {events.map((e) => (
          <li key={e.id}>
            {t("helpCoordinator.triage.historyItem", {
              when: e.when,
              from: e.from ? t(`helpRequests.status.${e.from}`) : "–",
              to: t(`helpRequests.status.${e.to}`),
            })}
            {e.actor ? ` ${t("helpCoordinator.triage.by", { name: e.actor })}` : null}
            {e.note ? ` — ${e.note}` : null}
          </li>
        ))}
      </ol>

      {waiting || r.status === "matched" ? (
        <Form method="post" className="stack">
          <h2 className="utrecht-heading-2">{t("helpCoordinator.triage.cancelTitle")}</h2>
          {error("cancel")}
          <div className="field">
            <label htmlFor="reason">{t("helpCoordinator.triage.cancelReason")}</label>
            <textarea id="reason" name="reason" maxLength={500} rows={3} className="utrecht-textarea" />
          </div>
          <button type="submit" name="intent" value="cancel" className="button button--secondary utrecht-button">
            {t("helpCoordinator.triage.cancel")}
          </button>
        </Form>
      ) : null}
    </section>
  );
}
