import type { TFunction } from "~/locales/translate";
import { Link } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import type { Notice } from "~/web/activity-notices";

/** "Nog 3 plekken vrij", "Vol…" or "Iedereen kan meedoen" for a participant capacity. */
export function placesText(t: TFunction, placesLeft: number | null): string {
  if (placesLeft === null) return t("activityPages.places.unlimited");
  if (placesLeft === 0) return t("activityPages.places.full");
  if (placesLeft === 1) return t("activityPages.places.leftOne");
  return t("activityPages.places.left", { count: placesLeft });
}

/** The status message after a sign-up or cancellation (read from the redirect's query string). */
export function NoticeBanner({ notice }: { notice: Notice | null }) {
  const { t } = useTranslation();
  if (!notice) return null;
  const { counts, reasons } = notice;
  const lines =
    notice.key === "series"
      ? [
          counts.confirmed + counts.waitlisted > 0
            ? t("activityPages.notice.series", { confirmed: counts.confirmed, waitlisted: counts.waitlisted })
            : t("activityPages.notice.seriesNothing"),
          counts.already > 0 ? t("activityPages.notice.seriesAlready", { count: counts.already }) : null,
          counts.refused > 0
            ? t("activityPages.notice.seriesRefused", {
                count: counts.refused,
                reasons: reasons.map((r) => t(`activities.requirements.${r}`)).join(" "),
              })
            : null,
        ]
      : [t(`activityPages.notice.${notice.key}`)];
  return (
    <div role={notice.tone === "error" ? "alert" : "status"} className={`alert alert--${notice.tone}`}>
      {lines.filter(Boolean).map((line) => (
        <p key={line}>{line}</p>
      ))}
    </div>
  );
}

/** A list of activity links with their neighbourhood, or `emptyText` when there are none. */
export function ActivityLinks({
  activities,
  emptyText,
}: {
  activities: readonly { id: number; title: string; neighbourhood: string }[];
  emptyText: string;
}) {
  if (activities.length === 0) return <p className="utrecht-paragraph">{emptyText}</p>;
  return (
    <ul>
      {activities.map((a) => (
        <li key={a.id}>
          <Link to={`/activities/${a.id}`}>{a.title}</Link> ({a.neighbourhood})
        </li>
      ))}
    </ul>
  );
}
