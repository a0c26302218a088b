import { Link } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";

/**
 * The 10 recovery codes, shown once: a numbered list, how to keep them, and (with `continueTo`) the
 * "I have saved them — continue" link. Used after a first second factor was added and when the
 * codes are made again.
 */
export function RecoveryCodes({ codes, continueTo }: { codes: readonly string[]; continueTo?: string }) {
  const { t } = useTranslation();
  return (
    <div className="recovery-codes stack">
      <p className="utrecht-paragraph">{t("security.login.codes.intro")}</p>
      <p className="utrecht-paragraph">
        <strong>{t("security.login.codes.once")}</strong> {t("security.login.codes.save")}
      </p>
      <ol className="recovery-codes__list" aria-label={t("security.login.codes.listLabel")}>
        {codes.map((code) => (
          <li key={code}>
            <code translate="no">{code}</code>
          </li>
        ))}
      </ol>
      {continueTo ? (
        <p className="utrecht-paragraph recovery-codes__continue">
          <Link to={continueTo} className="button button--primary utrecht-button">
            {t("security.login.codes.continue")}
          </Link>
        </p>
      ) : null}
    </div>
  );
}
