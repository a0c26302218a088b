import { Link } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";

/** Previous / next links for a paginated list; `href` builds the link for a page number. */
export function Pagination({ page, pages, href }: { page: number; pages: number; href: (page: number) => string }) {
  const { t } = useTranslation();
  if (pages <= 1) return null;
  return (
    <nav aria-label={t("community.pagination.label")} className="pagination">
      {page > 1 ? (
        <Link to={href(page - 1)} className="utrecht-link" rel="prev">
          {t("community.pagination.previous")}
        </Link>
      ) : null}
      <span>{t("community.pagination.page", { page, pages })}</span>
      {page < pages ? (
        <Link to={href(page + 1)} className="utrecht-link" rel="next">
          {t("community.pagination.next")}
        </Link>
      ) : null}
    </nav>
  );
}
