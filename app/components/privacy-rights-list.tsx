import { Link } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import { PRIVACY_RIGHTS } from "~/domain/privacy/shared";

/** The rights on /privacy, each a link to the page where it is done (signed in). */
export function PrivacyRightsList() {
  const { t } = useTranslation();
  return (
    <ul className="utrecht-unordered-list" aria-label={t("privacyRights.statement.listLabel")}>
      {PRIVACY_RIGHTS.map((right) => (
        <li key={right.key} className="utrecht-unordered-list__item" data-right={right.key}>
          <Link className="utrecht-link" to={right.href} reloadDocument={right.href.endsWith(".json")}>
            {t(`privacyRights.statement.${right.key}`)}
          </Link>
        </li>
      ))}
    </ul>
  );
}
