import type { TFunction } from "~/locales/translate";
import { useTranslation } from "~/locales/i18n-react";
import { RETENTION, type RetentionEntry } from "~/domain/privacy/shared";
import type { CalendarPeriod } from "~/domain/scheduling";

const UNITS = ["years", "months", "days"] as const;

/** "2 jaar en 3 maanden"; empty for a period of zero. */
function periodText(t: TFunction, period: CalendarPeriod): string {
  return UNITS.filter((unit) => period[unit])
    .map((unit) => t(`retention.units.${unit}`, { count: period[unit] }))
    .join(` ${t("retention.units.and")} `);
}

/** "3 maanden nadat de hulp is afgelopen", "Zodra ze verlopen zijn", "Zolang de hulpvraag bestaat". */
export function retentionWhen(t: TFunction, entry: RetentionEntry): string {
  if (!entry.period) return t("retention.asLongAsRequest");
  const period = periodText(t, entry.period);
  return period ? t(`retention.from.${entry.from}`, { period }) : t(`retention.now.${entry.from}`);
}

/**
 * The retention table on /privacy, rendered from the code table (app/domain/privacy/retention.ts):
 * the numbers exist only there.
 */
export function RetentionTable({ table = RETENTION }: { table?: readonly RetentionEntry[] }) {
  const { t } = useTranslation();
  return (
    <>
      <p className="utrecht-paragraph">{t("retention.intro")}</p>
      <div className="table-wrap">
        <table className="utrecht-table" id="retention">
          <caption>{t("retention.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("retention.columns.data")}</th>
              <th scope="col">{t("retention.columns.period")}</th>
              <th scope="col">{t("retention.columns.action")}</th>
              <th scope="col">{t("retention.columns.why")}</th>
            </tr>
          </thead>
          <tbody>
            {table.map((entry) => (
              <tr key={entry.key} data-retention={entry.key}>
                <th scope="row">{t(entry.data)}</th>
                <td>{retentionWhen(t, entry)}</td>
                <td>{t(`retention.actions.${entry.action}`)}</td>
                <td>{t(entry.why, { notice: entry.notice ? periodText(t, entry.notice) : "" })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
