import { Form, Link, NavLink } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import type { Role } from "~/domain/permissions";
import type { Locale } from "~/locales/i18n";

interface NavItem {
  to: string;
  label: string;
  roles?: Role[];
}

// Only pages that exist; each capability adds its own entry here when it lands. Labels come from
// `nav` only, so the header needs no capability's messages (decision 039).
const items: NavItem[] = [
  { to: "/", label: "nav.home" },
  { to: "/activities", label: "nav.activities" },
  { to: "/initiatives", label: "nav.initiatives" },
  { to: "/map", label: "nav.map" },
  { to: "/activities/open-shifts", label: "nav.openShifts", roles: ["volunteer"] },
  { to: "/requests/new", label: "nav.requestHelp", roles: ["resident"] },
  { to: "/requests", label: "nav.myRequests", roles: ["resident"] },
  { to: "/circles", label: "nav.myCircles", roles: ["resident"] },
  // Shown to every resident: the page itself explains how to become a volunteer (no volunteer role yet).
  { to: "/requests/open", label: "nav.openRequests", roles: ["volunteer"] },
  { to: "/me/schedule", label: "nav.mySchedule", roles: ["resident"] },
  { to: "/me", label: "nav.me", roles: ["resident"] },
  { to: "/coordinator", label: "nav.coordinator", roles: ["coordinator", "admin"] },
  { to: "/signals", label: "nav.signals", roles: ["coordinator", "admin"] },
  { to: "/admin", label: "nav.admin", roles: ["admin"] },
  { to: "/activities/manage", label: "nav.myActivities", roles: ["organisation-member", "coordinator", "admin"] },
];

export function SiteHeader({ user, locale, returnTo }: { user: { name: string; roles: Role[] } | null; locale: Locale; returnTo: string }) {
  const { t } = useTranslation();
  const visible = items.filter((item) => !item.roles || item.roles.some((r) => user?.roles.includes(r)));
  const other: Locale = locale === "nl" ? "en" : "nl";
  return (
    <header className="site-header">
      <div className="site-header__bar">
        <Link to="/" className="site-header__brand">
          <span className="site-header__name">{t("app.name")}</span>
          <span className="site-header__tagline">{t("app.tagline")}</span>
        </Link>
        <div className="site-header__tools">
          <Form method="post" action="/locale" className="inline-form">
            <input type="hidden" name="locale" value={other} />
            <input type="hidden" name="returnTo" value={returnTo} />
            <button type="submit" className="link-button" lang={other} aria-label={t("app.switchToLabel")}>
              {t("app.switchTo")}
            </button>
          </Form>
          {user ? (
            <>
              <NavLink to="/me" end className="utrecht-link">
                {user.name}
              </NavLink>
              <Form method="post" action="/logout" className="inline-form">
                <button type="submit" className="link-button">
                  {t("nav.logout")}
                </button>
              </Form>
            </>
          ) : (
            <NavLink to="/login" className="utrecht-link">
              {t("nav.login")}
            </NavLink>
          )}
        </div>
      </div>
      <nav aria-label={t("app.mainNavigation")} className="site-nav">
        <ul className="site-nav__list">
          {visible.map((item) => (
            <li key={item.to}>
              <NavLink to={item.to} end className="site-nav__link">
                {t(item.label)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
    </header>
  );
}

/** The first thing a keyboard reaches on every page, before the demo banner and the header. */
export function SkipLink() {
  const { t } = useTranslation();
  return (
    <a className="skip-link" href="#main">
      {t("app.skipToContent")}
    </a>
  );
}

/** On every page while the local mailbox is on: email stays on this machine, and where to read it. */
export function DemoBanner() {
  const { t } = useTranslation();
  return (
    <aside className="demo-banner" aria-label={t("demo.bannerLabel")}>
      <p className="demo-banner__text">
        {t("demo.bannerText")}{" "}
        <Link to="/dev/mailbox" className="demo-banner__link">
          {t("demo.bannerLink")}
        </Link>
      </p>
    </aside>
  );
}

/**
 * For a coordinator or admin whose session has not proved its second factor: they use the site as a
 * resident until they confirm; this says so on every page and links to the confirmation.
 */
export function SecondFactorBanner({ returnTo }: { returnTo: string }) {
  const { t } = useTranslation();
  return (
    <aside className="notice-banner" aria-label={t("app.secondFactorBannerLabel")}>
      <p className="notice-banner__text">
        {t("app.secondFactorBannerText")}{" "}
        <Link to={`/login/second-factor?${new URLSearchParams({ redirectTo: returnTo })}`} className="notice-banner__link">
          {t("app.secondFactorBannerLink")}
        </Link>
      </p>
    </aside>
  );
}

export function SiteFooter({ showMailbox }: { showMailbox: boolean }) {
  const { t } = useTranslation();
  return (
    <footer className="site-footer">
      <nav aria-label={t("app.footerNavigation")}>
        <ul className="site-footer__list">
          <li>
            <Link to="/privacy" className="utrecht-link">
              {t("nav.privacy")}
            </Link>
          </li>
          <li>
            <Link to="/accessibility" className="utrecht-link">
              {t("nav.accessibility")}
            </Link>
          </li>
          {showMailbox ? (
            <li>
              <Link to="/dev/mailbox" className="utrecht-link">
                {t("demo.mailboxLink")}
              </Link>
            </li>
          ) : null}
        </ul>
      </nav>
    </footer>
  );
}
