import { Button, Heading, Text } from "@react-email/components";
import type { TFunction } from "~/locales/translate";
import { z } from "zod";
import { helpRequestKinds } from "~/domain/vocabulary";
import { formatDateTime, formatTimeRange } from "~/domain/time";
import { EmailLayout, emailStyles } from "./layout";

/**
 * The weekly digest: what is new near the person since the last one. Help requests carry only
 * their kind, neighbourhood and first time window (no text, no names: docs/architecture.md, Email).
 */
const period = { startsAt: z.number(), endsAt: z.number() };

export const digestProps = z.object({
  name: z.string(),
  since: z.number(),
  activities: z.array(z.object({ title: z.string(), neighbourhood: z.string(), url: z.string().url(), ...period })),
  shifts: z.array(z.object({ title: z.string(), role: z.string(), url: z.string().url(), ...period })),
  requests: z.array(z.object({ kind: z.enum(helpRequestKinds), neighbourhood: z.string(), url: z.string().url(), ...period })),
  /** How many more of each there were than listed. */
  more: z.object({ activities: z.number(), shifts: z.number(), requests: z.number() }),
  url: z.string().url(),
});

type Props = z.infer<typeof digestProps> & { t: TFunction; locale: string; timeZone: string };

const heading = { fontSize: "18px", fontWeight: 700, margin: "24px 0 8px" };

function Section({
  title,
  lines,
  more,
  t,
}: {
  title: string;
  lines: { key: string; text: string; url: string }[];
  more: number;
  t: TFunction;
}) {
  if (lines.length === 0) return null;
  return (
    <>
      <Heading as="h2" style={heading}>
        {title}
      </Heading>
      {lines.map((line) => (
        <Text key={line.key} style={{ ...emailStyles.paragraph, margin: "0 0 8px" }}>
          • <a href={line.url}>{line.text}</a>
        </Text>
      ))}
      {more > 0 ? <Text style={emailStyles.muted}>{t("digestEmail.more", { count: more })}</Text> : null}
    </>
  );
}

export function DigestEmail({ t, locale, timeZone, name, since, activities, shifts, requests, more, url }: Props) {
  const when = (p: { startsAt: number; endsAt: number }) => formatTimeRange(p.startsAt, p.endsAt, timeZone, locale);
  return (
    <EmailLayout t={t} locale={locale} preview={t("digestEmail.preview")}>
      <Text style={emailStyles.paragraph}>{t("digestEmail.greeting", { name })}</Text>
      <Text style={emailStyles.paragraph}>{t("digestEmail.intro", { since: formatDateTime(since, timeZone, locale) })}</Text>
      <Section
        t={t}
        title={t("digestEmail.activitiesTitle")}
        more={more.activities}
        lines={activities.map((a, i) => ({
          key: `a${i}`,
          url: a.url,
          text: t("digestEmail.activityLine", { title: a.title, neighbourhood: a.neighbourhood, when: when(a) }),
        }))}
      />
      <Section
        t={t}
        title={t("digestEmail.shiftsTitle")}
        more={more.shifts}
        lines={shifts.map((s, i) => ({
          key: `s${i}`,
          url: s.url,
          text: t("digestEmail.shiftLine", { title: s.title, role: s.role, when: when(s) }),
        }))}
      />
      <Section
        t={t}
        title={t("digestEmail.requestsTitle")}
        more={more.requests}
        lines={requests.map((r, i) => ({
          key: `r${i}`,
          url: r.url,
          text: t("digestEmail.requestLine", { kind: t(`helpRequests.kinds.${r.kind}`), neighbourhood: r.neighbourhood, when: when(r) }),
        }))}
      />
      <Button href={url} style={{ ...emailStyles.button, marginTop: "16px" }}>
        {t("digestEmail.open")}
      </Button>
      <Text style={{ ...emailStyles.muted, marginTop: "24px" }}>{t("digestEmail.why")}</Text>
    </EmailLayout>
  );
}

DigestEmail.PreviewProps = {
  name: "Willem de Boer",
  since: Date.UTC(2026, 10, 23, 7, 0),
  activities: [
    {
      title: "Wandelvoetbal",
      neighbourhood: "De Esch",
      url: "http://localhost:3000/activities/1",
      startsAt: Date.UTC(2026, 11, 1, 18),
      endsAt: Date.UTC(2026, 11, 1, 20),
    },
  ],
  shifts: [
    {
      title: "Wandelvoetbal",
      role: "Gastheer",
      url: "http://localhost:3000/activities/1",
      startsAt: Date.UTC(2026, 11, 1, 18),
      endsAt: Date.UTC(2026, 11, 1, 20),
    },
  ],
  requests: [
    {
      kind: "shopping",
      neighbourhood: "De Esch",
      url: "http://localhost:3000/requests/open",
      startsAt: Date.UTC(2026, 11, 2, 9),
      endsAt: Date.UTC(2026, 11, 2, 11),
    },
  ],
  more: { activities: 0, shifts: 0, requests: 2 },
  url: "http://localhost:3000/",
} satisfies Omit<Props, "t" | "locale" | "timeZone">;
