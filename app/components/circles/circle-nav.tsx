import { NavLink } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";

/**
 * The circle's own navigation, on every circle page: the task calendar, the updates board, the
 * conversation and the members. The current page is marked with aria-current (NavLink).
 */
export function CircleNav({ circleId, name }: { circleId: number; name: string }) {
  const { t } = useTranslation();
  const base = `/circles/${circleId}`;
  const links = [
    { to: base, label: t("circles.nav.calendar"), end: true },
    { to: `${base}/updates`, label: t("circles.nav.updates"), end: false },
    { to: `${base}/messages`, label: t("circles.nav.messages"), end: false },
    { to: `${base}/members`, label: t("circles.nav.members"), end: false },
  ];
  return (
    <nav aria-label={t("circles.nav.label", { name })} className="circle-nav">
      <ul>
        {links.map((link) => (
          <li key={link.to}>
            <NavLink to={link.to} end={link.end} className="utrecht-link">
              {link.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
