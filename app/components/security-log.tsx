import { useTranslation } from "~/locales/i18n-react";
import { secondFactorMethods, type SecondFactorMethod, type SecurityEventKind } from "~/domain/vocabulary";

// Recent sign-ins (when, device and browser) and a person's security log as tables (on /me/security and the admins' staff page): the kind in
// plain words, when, the detail, and who did it when that was an admin.

export interface LogRow {
  kind: SecurityEventKind;
  at: number;
  /** `at`, formatted in the reader's time zone and language. */
  when: string;
  detail: string | null;
  /** An admin's name when the admin did it (a reset), else null. */
  by: string | null;
}

const isMethod = (detail: string | null): detail is SecondFactorMethod => secondFactorMethods.some((m) => m === detail);

export function SecurityLogTable({ rows }: { rows: readonly LogRow[] }) {
  const { t } = useTranslation();
  if (rows.length === 0) return <p className="utrecht-paragraph">{t("securitySettings.log.none")}</p>;
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{t("securitySettings.log.when")}</th>
            <th scope="col">{t("securitySettings.log.what")}</th>
            <th scope="col">{t("securitySettings.log.detail")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={`${row.at}-${i}`}>
              <th scope="row">{row.when}</th>
              <td>{t(`securitySettings.log.kinds.${row.kind}`)}</td>
              <td>
                {isMethod(row.detail) ? t(`securitySettings.log.methods.${row.detail}`) : row.detail}
                {row.by ? (
                  <>
                    {row.detail ? <br /> : null}
                    {t("securitySettings.log.by", { name: row.by })}
                  </>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The recent sign-ins: when, and the device and browser (as the sign-in request described them). */
export function SignInsTable({ rows }: { rows: readonly LogRow[] }) {
  const { t } = useTranslation();
  if (rows.length === 0) return <p className="utrecht-paragraph">{t("securitySettings.signIns.none")}</p>;
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{t("securitySettings.signIns.when")}</th>
            <th scope="col">{t("securitySettings.signIns.device")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={`${row.at}-${i}`}>
              <th scope="row">{row.when}</th>
              <td>{row.detail ?? t("securitySettings.signIns.unknownDevice")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
