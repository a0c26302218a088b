import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import { listStaffSecurity } from "~/domain/accounts";
import { getAdminOverview } from "~/domain/neighbourhoods.server";
import { formatDateTime } from "~/domain/time";
import { getT } from "~/locales/i18n";
import { requireCtx, toResponse } from "~/web/request.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${getT(data?.locale ?? "nl")("admin.title")} · Noaber` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const overview = await getAdminOverview({ ctx }).catch((e) => toResponse(e, request));
  const staff = await listStaffSecurity({ ctx }).catch((e) => toResponse(e, request));
  return {
    locale: ctx.locale,
    ...overview,
    staff: staff.map(({ email: _email, lastVerifiedAt, ...row }) => ({
      ...row,
      lastVerified: lastVerifiedAt === null ? null : formatDateTime(lastVerifiedAt, ctx.actor.timeZone, ctx.locale),
    })),
  };
}

export default function AdminPage() {
  const { neighbourhoods, organisations, staff } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <section className="stack">
      <h1 className="utrecht-heading-1">{t("admin.title")}</h1>
      <h2 className="utrecht-heading-2">{t("admin.neighbourhoods")}</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("me.neighbourhood")}</th>
              <th scope="col">{t("admin.municipality")}</th>
              <th scope="col">{t("admin.postcodes")}</th>
            </tr>
          </thead>
          <tbody>
            {neighbourhoods.map((n) => (
              <tr key={n.id}>
                <td>{n.name}</td>
                <td>{n.municipality}</td>
                <td>{n.postcodes.join(", ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2 className="utrecht-heading-2">{t("admin.organisations")}</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("admin.organisations")}</th>
              <th scope="col">{t("admin.status")}</th>
            </tr>
          </thead>
          <tbody>
            {organisations.map((o) => (
              <tr key={o.id}>
                <td>{o.name}</td>
                <td>{o.status === "approved" ? t("admin.statusApproved") : t("admin.statusPending")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2 id="staff-security" className="utrecht-heading-2">
        {t("securitySettings.staff.title")}
      </h2>
      <p className="utrecht-paragraph">{t("securitySettings.staff.intro")}</p>
      {staff.length === 0 ? (
        <p className="utrecht-paragraph">{t("securitySettings.staff.none")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("securitySettings.staff.name")}</th>
                <th scope="col">{t("securitySettings.staff.roles")}</th>
                <th scope="col">{t("securitySettings.staff.passkeys")}</th>
                <th scope="col">{t("securitySettings.staff.app")}</th>
                <th scope="col">{t("securitySettings.staff.lastVerified")}</th>
              </tr>
            </thead>
            <tbody>
              {staff.map((s) => (
                <tr key={s.userId}>
                  <th scope="row">
                    <Link to={`/admin/staff/${s.userId}`}>{s.name}</Link>
                  </th>
                  <td>{s.roles.map((r) => t(`roles.${r}`)).join(", ")}</td>
                  <td>{s.passkeys}</td>
                  <td>{s.totp ? t("securitySettings.staff.on") : t("securitySettings.staff.off")}</td>
                  <td>{s.lastVerified ?? t("securitySettings.staff.never")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
