import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Fragment, type ReactNode } from "react";
import { useTranslation } from "~/locales/i18n-react";
import { exportMyData } from "~/domain/accounts";
import { formatIsoDateTime } from "~/domain/time";
import { getT } from "~/locales/i18n";
import { requireCtx, toResponse } from "~/web/request.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${getT(data?.locale ?? "nl")("privacyRights.title")} · Noaber` }];

/** /me/data: everything Noaber holds about the signed-in person, readable, with the JSON download. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const data = await exportMyData({ ctx }).catch((e) => toResponse(e, request));
  return { locale: ctx.locale, data, times: formattedTimes(data, ctx.locale) };
}

/**
 * Every date-time in the export, formatted here: the page then needs no date library in the
 * browser (luxon is 20 KB; issue 15's script budget).
 */
function formattedTimes(data: unknown, locale: string): Record<string, string> {
  const times: Record<string, string> = {};
  const visit = (value: unknown) => {
    if (typeof value === "string" && ISO_DATE_TIME.test(value)) times[value] ??= formatIsoDateTime(value, locale);
    else if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === "object") Object.values(value).forEach(visit);
  };
  visit(data);
  return times;
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}|$)/;

type Cell = ReactNode;

/** A table that may scroll sideways on a narrow screen: its wrapper is a named region keyboard users can reach and scroll. */
function Table({ label, headers, rows }: { label: string; headers: string[]; rows: Cell[][] }) {
  const { t } = useTranslation();
  if (rows.length === 0) return <p className="utrecht-paragraph">{t("privacyRights.none")}</p>;
  return (
    // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- a scrolling region must be reachable by keyboard (axe scrollable-region-focusable)
    <div className="table-wrap" role="region" aria-label={label} tabIndex={0}>
      <table>
        <thead>
          <tr>
            {headers.map((h) => (
              <th key={h} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={i}>
              {row.map((cell, j) =>
                j === 0 ? (
                  <th key={j} scope="row">
                    {cell}
                  </th>
                ) : (
                  <td key={j}>{cell}</td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Details({ items }: { items: [string, Cell][] }) {
  return (
    <dl className="details">
      {items.map(([term, value]) => (
        <Fragment key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </Fragment>
      ))}
    </dl>
  );
}

export default function MyDataPage() {
  const { data, times } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const when = (iso: string | null) => (iso === null ? "—" : (times[iso] ?? iso));
  const yesNo = (value: boolean) => (value ? t("privacyRights.yes") : t("privacyRights.no"));
  const text = (value: string | number | null) => (value === null || value === "" ? "—" : String(value));
  const p = "privacyRights";
  const { account, volunteerProfile: volunteer, notificationSettings: mail } = data;
  return (
    <section className="stack">
      <h1 className="utrecht-heading-1">{t(`${p}.title`)}</h1>
      <p className="utrecht-paragraph">{t(`${p}.intro`)}</p>
      <p>
        <a className="utrecht-link" href="/me/data.json" download>
          {t(`${p}.download`)}
        </a>
        <br />
        {t(`${p}.downloadHint`)}
      </p>

      <h2 className="utrecht-heading-2">{t(`${p}.account.title`)}</h2>
      <Details
        items={[
          [t(`${p}.account.name`), account.name],
          [t(`${p}.account.email`), account.email],
          [t(`${p}.account.phone`), text(account.phone)],
          [t(`${p}.account.postcode`), account.postcode],
          [t(`${p}.account.neighbourhood`), account.neighbourhood],
          [t(`${p}.account.language`), t(`locale.${account.locale}`)],
          [t(`${p}.account.timeZone`), account.timeZone],
          [t(`${p}.account.created`), when(account.createdAt)],
          [
            t(`${p}.account.roles`),
            account.roles.length === 0
              ? t("roles.resident")
              : account.roles.map((r) => `${t(`roles.${r.role}`)}${r.neighbourhood ? ` (${r.neighbourhood})` : ""}`).join(", "),
          ],
        ]}
      />

      <h2 className="utrecht-heading-2">{t(`${p}.consents.title`)}</h2>
      <Table
        label={t(`${p}.consents.title`)}
        headers={[
          t(`${p}.consents.purpose`),
          t(`${p}.consents.version`),
          t(`${p}.consents.given`),
          t("careConsent.history.recordedBy"),
          t("careConsent.history.withdrawn"),
          t("careConsent.history.withdrawnBy"),
        ]}
        rows={data.consents.map((c) => [
          t(`careConsent.history.purpose.${c.purpose}`, { defaultValue: c.purpose }),
          c.version,
          when(c.givenAt),
          t(`careConsent.history.${c.recordedBy}`),
          c.withdrawnAt === null ? t("careConsent.history.notWithdrawn") : when(c.withdrawnAt),
          c.withdrawnBy === null ? "—" : t(`careConsent.history.${c.withdrawnBy}`),
        ])}
      />

      <h2 className="utrecht-heading-2">{t(`${p}.volunteer.title`)}</h2>
      {volunteer ? (
        <Details
          items={[
            [t(`${p}.volunteer.skills`), text(volunteer.skills.map((s) => s.name).join(", "))],
            [t(`${p}.volunteer.tags`), text(volunteer.tags.join(", "))],
            [t(`${p}.volunteer.languages`), text(volunteer.languages.join(", "))],
            [
              t(`${p}.volunteer.availability`),
              text(volunteer.availability.map((a) => `${a.weekday}: ${a.startTime}–${a.endTime}`).join(", ")),
            ],
            [t(`${p}.volunteer.unavailable`), text(volunteer.unavailableDates.map((d) => d.date).join(", "))],
            [t(`${p}.volunteer.travelRange`), t(`community.travelRanges.${volunteer.travelRange}`)],
            [
              t(`${p}.volunteer.vog`),
              `${t(`community.vog.${volunteer.vogStatus}`)}${volunteer.vogValidUntil ? ` (${volunteer.vogValidUntil})` : ""}`,
            ],
            [t(`${p}.volunteer.paused`), text(volunteer.pausedUntil)],
            [t(`${p}.volunteer.maxHours`), text(volunteer.maxHoursPerMonth)],
          ]}
        />
      ) : (
        <p className="utrecht-paragraph">{t(`${p}.none`)}</p>
      )}

      <h2 className="utrecht-heading-2">{t(`${p}.signups.title`)}</h2>
      <Table
        label={t(`${p}.signups.title`)}
        headers={[
          t(`${p}.signups.activity`),
          t(`${p}.signups.session`),
          t(`${p}.signups.shift`),
          t(`${p}.status`),
          t(`${p}.signups.attendance`),
          t(`${p}.minutes`),
        ]}
        rows={data.signups.map((s) => [
          `${s.activity} (${s.organisation})`,
          when(s.sessionStartsAt),
          s.shift ? s.shift.role : "—",
          s.status,
          text(s.attendance),
          text(s.minutes),
        ])}
      />

      <h2 className="utrecht-heading-2">{t(`${p}.hours.title`)}</h2>
      <Table
        label={t(`${p}.hours.title`)}
        headers={[t(`${p}.hours.year`), t(`${p}.hours.shifts`), t(`${p}.hours.help`), t(`${p}.hours.total`)]}
        rows={data.hours.map((h) => [h.year, h.shiftMinutes, h.helpMinutes, h.totalMinutes])}
      />

      <h2 className="utrecht-heading-2">{t(`${p}.careRecipients.title`)}</h2>
      <Table
        label={t(`${p}.careRecipients.title`)}
        headers={[
          t(`${p}.careRecipients.firstName`),
          t(`${p}.careRecipients.birthYear`),
          t(`${p}.account.neighbourhood`),
          t(`${p}.careRecipients.notes`),
        ]}
        rows={data.careRecipients.map((r) => [r.firstName, text(r.birthYear), r.neighbourhood, text(r.notesForHelpers)])}
      />

      <h2 className="utrecht-heading-2">{t(`${p}.requests.title`)}</h2>
      {data.helpRequests.length === 0 ? <p className="utrecht-paragraph">{t(`${p}.none`)}</p> : null}
      {data.helpRequests.map((r) => (
        <article key={r.id} className="stack">
          <h3 className="utrecht-heading-3">
            {t(`helpRequests.kinds.${r.kind}`)} · {when(r.createdAt)}
          </h3>
          <Details
            items={[
              [t(`${p}.status`), t(`helpRequests.status.${r.status}`)],
              [t(`${p}.account.neighbourhood`), r.neighbourhood],
              [t(`${p}.requests.address`), text(r.address)],
              [t(`${p}.requests.publicText`), r.publicText],
              [t(`${p}.requests.careDetails`), text(r.careDetails)],
              [t(`${p}.requests.helper`), text(r.helperFirstName)],
              [t(`${p}.requests.sessions`), text(r.sessions.map((s) => `${when(s.startsAt)} (${s.status})`).join(", "))],
              [t(`${p}.requests.feedback`), text(r.feedbackGiven)],
            ]}
          />
          <Table
            label={`${t(`${p}.requests.history`)}: ${t(`helpRequests.kinds.${r.kind}`)} · ${when(r.createdAt)}`}
            headers={[t(`${p}.when`), t(`${p}.status`), t(`${p}.requests.historyBy`), t(`${p}.requests.note`)]}
            rows={r.history.map((h) => [
              when(h.at),
              t(`helpRequests.status.${h.to}`),
              t(`${p}.requests.${h.by === "you" ? "byYou" : "byOther"}`),
              text(h.note),
            ])}
          />
        </article>
      ))}

      <h2 className="utrecht-heading-2">{t(`${p}.helping.title`)}</h2>
      <Table
        label={t(`${p}.helping.title`)}
        headers={[
          t(`${p}.requests.kind`),
          t(`${p}.account.neighbourhood`),
          t(`${p}.status`),
          t(`${p}.helping.sessions`),
          t(`${p}.requests.feedback`),
        ]}
        rows={data.helping.requests.map((r) => [
          t(`helpRequests.kinds.${r.kind}`),
          r.neighbourhood,
          t(`helpRequests.status.${r.status}`),
          text(r.sessions.map((s) => `${when(s.startsAt)}${s.minutes !== null ? ` (${s.minutes})` : ""}`).join(", ")),
          text(r.feedbackGiven),
        ])}
      />
      <h3 className="utrecht-heading-3">{t(`${p}.helping.invitations`)}</h3>
      <Table
        label={t(`${p}.helping.invitations`)}
        headers={[t(`${p}.when`), t(`${p}.requests.kind`), t(`${p}.status`)]}
        rows={data.helping.invitations.map((i) => [when(i.createdAt), t(`helpRequests.kinds.${i.kind}`), i.status])}
      />

      <h2 className="utrecht-heading-2">{t(`${p}.accessLog.title`)}</h2>
      <Table
        label={t(`${p}.accessLog.title`)}
        headers={[t(`${p}.when`), t(`${p}.accessLog.viewer`), t(`${p}.accessLog.fields`), t(`${p}.accessLog.request`)]}
        rows={data.careAccessLog.map((a) => [when(a.at), text(a.viewer), a.fields.join(", "), a.requestId])}
      />

      <h2 className="utrecht-heading-2">{t(`${p}.emails.title`)}</h2>
      <Table
        label={t(`${p}.emails.title`)}
        headers={[t(`${p}.emails.created`), t(`${p}.emails.template`), t(`${p}.status`), t(`${p}.emails.sent`)]}
        rows={data.emails.map((e) => [when(e.createdAt), e.template, e.status, when(e.sentAt)])}
      />

      <h2 className="utrecht-heading-2">{t(`${p}.sessions.title`)}</h2>
      <Table
        label={t(`${p}.sessions.title`)}
        headers={[t(`${p}.sessions.created`), t(`${p}.sessions.lastSeen`), t(`${p}.sessions.device`)]}
        rows={data.sessions.map((s) => [when(s.createdAt), when(s.lastSeenAt), text(s.device)])}
      />

      <h2 className="utrecht-heading-2">{t(`${p}.securityLog.title`)}</h2>
      <Table
        label={t(`${p}.securityLog.title`)}
        headers={[t(`${p}.when`), t(`${p}.securityLog.kind`), t(`${p}.securityLog.detail`)]}
        rows={data.securityLog.map((e) => [when(e.at), t(`securitySettings.log.kinds.${e.kind}`), text(e.detail)])}
      />

      <h2 className="utrecht-heading-2">{t(`${p}.organisations.title`)}</h2>
      <Table
        label={t(`${p}.organisations.title`)}
        headers={[t(`${p}.organisations.name`), t(`${p}.organisations.role`), t(`${p}.organisations.since`)]}
        rows={data.organisations.map((o) => [o.name, o.role, when(o.since)])}
      />

      <h2 className="utrecht-heading-2">{t(`${p}.notifications.title`)}</h2>
      <Details
        items={[
          [t(`${p}.notifications.dayBefore`), mail.dayBeforeAt ?? t(`${p}.notifications.off`)],
          [t(`${p}.notifications.hoursBefore`), mail.hoursBefore === null ? t(`${p}.notifications.off`) : String(mail.hoursBefore)],
          [t(`${p}.notifications.afterSession`), yesNo(mail.afterSession)],
          [t(`${p}.notifications.digest`), yesNo(mail.digest)],
          [t(`${p}.notifications.circleUpdates`), yesNo(mail.circleUpdates)],
          [t(`${p}.notifications.messages`), yesNo(mail.messages)],
        ]}
      />

      <h2 className="utrecht-heading-2">{t(`${p}.calendar.title`)}</h2>
      <Details
        items={[
          [t(`${p}.calendar.exists`), yesNo(data.calendarFeed.exists)],
          [t(`${p}.calendar.created`), when(data.calendarFeed.createdAt)],
        ]}
      />

      <h2 className="utrecht-heading-2">{t(`${p}.secondFactor.title`)}</h2>
      <Details
        items={[
          [t(`${p}.secondFactor.passkeys`), text(data.secondFactor.passkeys.map((k) => `${k.name} (${when(k.createdAt)})`).join(", "))],
          [t(`${p}.secondFactor.app`), t(`${p}.secondFactor.${data.secondFactor.authenticatorApp}`)],
          [t(`${p}.secondFactor.codesLeft`), String(data.secondFactor.recoveryCodesLeft)],
        ]}
      />

      <h2 className="utrecht-heading-2">{t(`${p}.emailChanges.title`)}</h2>
      <Table
        label={t(`${p}.emailChanges.title`)}
        headers={[t(`${p}.emailChanges.newEmail`), t(`${p}.when`), t(`${p}.emailChanges.expires`), t(`${p}.emailChanges.used`)]}
        rows={data.emailChanges.map((c) => [c.newEmail, when(c.createdAt), when(c.expiresAt), when(c.usedAt)])}
      />

      <h2 className="utrecht-heading-2">{t(`${p}.initiatives.title`)}</h2>
      <Table
        label={t(`${p}.initiatives.title`)}
        headers={[t(`${p}.initiatives.initiative`), t(`${p}.organisations.name`), t(`${p}.when`)]}
        rows={data.initiativeInterests.map((i) => [i.initiative, i.organisation, when(i.createdAt)])}
      />

      <h2 className="utrecht-heading-2">{t(`${p}.circles.title`)}</h2>
      {data.circles.length === 0 ? <p className="utrecht-paragraph">{t("privacyRights.none")}</p> : null}
      {data.circles.map((circle, i) => (
        <section key={i} className="stack" aria-label={circle.name}>
          <h3 className="utrecht-heading-3">{circle.name}</h3>
          <Table
            label={t(`${p}.circles.memberships`, { name: circle.name })}
            headers={[t(`${p}.circles.role`), t(`${p}.circles.joined`), t(`${p}.circles.left`)]}
            rows={circle.memberships.map((m) => [t(`circles.roles.${m.role}`), when(m.joinedAt), when(m.leftAt)])}
          />
          <h4 className="utrecht-heading-4">{t(`${p}.circles.tasks`)}</h4>
          <Table
            label={t(`${p}.circles.tasks`)}
            headers={[t(`${p}.when`), t(`${p}.circles.task`), t(`${p}.circles.released`)]}
            rows={circle.tasksTaken.map((c) => [when(c.startsAt), `${t(`circleTasks.kinds.${c.kind}`)}: ${c.title}`, when(c.releasedAt)])}
          />
          <h4 className="utrecht-heading-4">{t(`${p}.circles.writings`)}</h4>
          <Table
            label={t(`${p}.circles.writings`)}
            headers={[t(`${p}.when`), t(`${p}.circles.where`), t(`${p}.circles.text`)]}
            rows={[
              ...circle.updatesWritten.map((u) => [when(u.createdAt), t(`${p}.circles.update`), u.body]),
              ...circle.messagesWritten.map((m) => [when(m.createdAt), t(`${p}.circles.message`), m.body]),
            ]}
          />
        </section>
      ))}

      <h2 className="utrecht-heading-2">{t(`${p}.circleInvitations.title`)}</h2>
      <Table
        label={t(`${p}.circleInvitations.title`)}
        headers={[t(`${p}.when`), t(`${p}.circles.role`), t(`${p}.status`), t(`${p}.emailChanges.expires`)]}
        rows={data.circleInvitations.map((i) => [when(i.createdAt), t(`circles.roles.${i.role}`), i.status, when(i.expiresAt)])}
      />

      <h2 className="utrecht-heading-2">{t(`${p}.requestMessages.title`)}</h2>
      <Table
        label={t(`${p}.requestMessages.title`)}
        headers={[t(`${p}.when`), t(`${p}.accessLog.request`), t(`${p}.circles.text`)]}
        rows={data.requestMessages.map((m) => [when(m.createdAt), m.requestId, m.body])}
      />

      <h2 className="utrecht-heading-2">{t(`${p}.circleAccessLog.title`)}</h2>
      <Table
        label={t(`${p}.circleAccessLog.title`)}
        headers={[t(`${p}.when`), t(`${p}.accessLog.viewer`), t(`${p}.accessLog.fields`), t(`${p}.circleAccessLog.circle`)]}
        rows={data.circleAccessLog.map((a) => [when(a.at), text(a.viewer), a.fields.join(", "), a.circle])}
      />
      <p>
        <a className="utrecht-link" href="/me/delete">
          {t("accountDeletion.meLink")}
        </a>
      </p>
    </section>
  );
}
