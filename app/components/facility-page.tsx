import { Form, Link, useActionData, type useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import { FieldErrors } from "~/components/forms";
import type { action, loader } from "~/routes/facilities.$id";

// The presentational parts of the facility page (route facilities.$id): contact, partners, keeper tools.

type Page = ReturnType<typeof useLoaderData<typeof loader>>["page"];

export function Contact({ page }: { page: Page }) {
  const { t } = useTranslation();
  const email = page.service.email ?? page.organization.email;
  const phone = page.service.phone ?? page.organization.phone;
  const url = page.service.url ?? page.organization.website;
  if (!email && !phone && !url) return null;
  return (
    <section className="stack" aria-labelledby="contact-title">
      <h2 id="contact-title" className="utrecht-heading-2">
        {t("socialMap.facility.contact")}
      </h2>
      <dl className="details">
        {email ? (
          <>
            <dt>{t("socialMap.facility.email")}</dt>
            <dd>
              <a href={`mailto:${email}`}>{email}</a>
            </dd>
          </>
        ) : null}
        {phone ? (
          <>
            <dt>{t("socialMap.facility.phone")}</dt>
            <dd>
              <a href={`tel:${phone.replace(/[^\d+]/g, "")}`}>{phone}</a>
            </dd>
          </>
        ) : null}
        {url ? (
          <>
            <dt>{t("socialMap.facility.website")}</dt>
            <dd>
              <a href={url} rel="noopener noreferrer">
                {url.replace(/^https?:\/\//, "")}
              </a>
            </dd>
          </>
        ) : null}
      </dl>
    </section>
  );
}

export function Partners({ page }: { page: Page }) {
  const { t } = useTranslation();
  const actionData = useActionData<typeof action>();
  const errors = (actionData && "partnerErrors" in actionData ? actionData.partnerErrors : {}) as Record<string, string[] | undefined>;
  const values = (actionData && "values" in actionData ? actionData.values : {}) as Record<string, string | undefined>;
  const label = (p: Page["partners"][number]) =>
    p.kind === "agreement"
      ? t("socialMap.facility.agreementWith")
      : p.direction === "outgoing"
        ? t("socialMap.facility.refersTo")
        : t("socialMap.facility.referredBy");
  const err = (name: string) => (errors[name]?.length ? { "aria-invalid": true, "aria-describedby": `partner-${name}-error` } : {});
  return (
    <section className="stack" aria-labelledby="partners" id="partners-section">
      <h2 id="partners" className="utrecht-heading-2">
        {t("socialMap.facility.partners")}
      </h2>
      {page.partners.length === 0 ? (
        <p className="utrecht-paragraph">{t("socialMap.facility.noPartners")}</p>
      ) : (
        <ul className="link-list">
          {page.partners.map((p) => (
            <li key={p.linkId}>
              {label(p)} <Link to={`/facilities/${p.serviceId}`}>{p.name}</Link> <span className="muted">({p.organization})</span>:{" "}
              {p.purpose}
              {page.permissions.recordCooperation ? (
                <Form method="post" className="inline-form">
                  <input type="hidden" name="intent" value="removePartner" />
                  <input type="hidden" name="linkId" value={p.linkId} />
                  <button type="submit" className="link-button" aria-label={t("socialMap.facility.removePartnerLabel", { name: p.name })}>
                    {t("socialMap.facility.removePartner")}
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {page.permissions.recordCooperation && page.partnerChoices.length ? (
        <Form method="post" className="stack form-section" aria-labelledby="add-partner-title">
          <h3 id="add-partner-title" className="utrecht-heading-3">
            {t("socialMap.facility.addPartner")}
          </h3>
          <FieldErrors id="partner-form-error" errors={errors.form} />
          <input type="hidden" name="intent" value="addPartner" />
          <div className="field utrecht-form-field">
            <label htmlFor="partner-partnerId" className="utrecht-form-label">
              {t("socialMap.facility.partner")}
            </label>
            <select
              id="partner-partnerId"
              name="partnerId"
              defaultValue={values.partnerId ?? ""}
              className="utrecht-select utrecht-select--html-select"
              {...err("partnerId")}
            >
              <option value="">{t("socialMap.facility.choosePartner")}</option>
              {page.partnerChoices.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name} ({c.organization})
                </option>
              ))}
            </select>
            <FieldErrors id="partner-partnerId-error" errors={errors.partnerId} />
          </div>
          <fieldset className="field choice-group utrecht-form-fieldset" {...err("kind")}>
            <legend className="utrecht-form-fieldset__legend">{t("socialMap.facility.kind")}</legend>
            {(["referral", "agreement"] as const).map((k) => (
              <div className="field--checkbox choice-group__item" key={k}>
                <input type="radio" id={`partner-kind-${k}`} name="kind" value={k} defaultChecked={(values.kind ?? "referral") === k} />
                <label htmlFor={`partner-kind-${k}`}>{t(`socialMap.cooperationKinds.${k}`)}</label>
              </div>
            ))}
            <FieldErrors id="partner-kind-error" errors={errors.kind} />
          </fieldset>
          <fieldset className="field choice-group utrecht-form-fieldset" {...err("direction")}>
            <legend className="utrecht-form-fieldset__legend">{t("socialMap.facility.direction")}</legend>
            {(["outgoing", "incoming"] as const).map((d) => (
              <div className="field--checkbox choice-group__item" key={d}>
                <input
                  type="radio"
                  id={`partner-direction-${d}`}
                  name="direction"
                  value={d}
                  defaultChecked={(values.direction ?? "outgoing") === d}
                />
                <label htmlFor={`partner-direction-${d}`}>
                  {d === "outgoing" ? t("socialMap.facility.thisRefers") : t("socialMap.facility.otherRefers")}
                </label>
              </div>
            ))}
            <FieldErrors id="partner-direction-error" errors={errors.direction} />
          </fieldset>
          <div className="field utrecht-form-field">
            <label htmlFor="partner-purpose" className="utrecht-form-label">
              {t("socialMap.facility.purpose")}
            </label>
            <p id="partner-purpose-hint" className="field__hint utrecht-form-field-description">
              {t("socialMap.facility.purposeHint")}
            </p>
            <input
              type="text"
              id="partner-purpose"
              name="purpose"
              maxLength={500}
              defaultValue={values.purpose ?? ""}
              className="utrecht-textbox utrecht-textbox--html-input"
              aria-invalid={errors.purpose?.length ? true : undefined}
              aria-describedby={errors.purpose?.length ? "partner-purpose-hint partner-purpose-error" : "partner-purpose-hint"}
            />
            <FieldErrors id="partner-purpose-error" errors={errors.purpose} />
          </div>
          <button type="submit" className="button button--secondary utrecht-button">
            {t("socialMap.facility.savePartner")}
          </button>
        </Form>
      ) : null}
    </section>
  );
}

export function KeeperTools({ page }: { page: Page }) {
  const { t } = useTranslation();
  return (
    <section className="stack card" aria-labelledby="keeper-title">
      <h2 id="keeper-title" className="utrecht-heading-2">
        {t("socialMap.facility.verified")}
      </h2>
      <Form method="post" className="stack">
        <input type="hidden" name="intent" value="verify" />
        <p className="utrecht-paragraph">{t("socialMap.facility.verifyHint")}</p>
        <p>
          <button type="submit" className="button button--primary utrecht-button">
            {t("socialMap.facility.verify")}
          </button>
        </p>
      </Form>
      <p className="utrecht-paragraph">
        <Link to={`/facilities/${page.service.id}/edit`} className="utrecht-link standalone-link">
          {page.permissions.edit ? t("socialMap.facility.edit") : t("socialMap.facility.updateStatus")}
        </Link>
      </p>
      {page.permissions.edit ? (
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="delete" />
          <div className="field field--checkbox">
            <input
              type="checkbox"
              id="delete-confirm"
              name="confirm"
              value="on"
              required
              className="utrecht-checkbox utrecht-checkbox--html-input"
            />
            <label htmlFor="delete-confirm">{t("socialMap.facility.deleteConfirm")}</label>
          </div>
          <p>
            <button type="submit" className="button button--secondary utrecht-button">
              {t("socialMap.facility.delete")}
            </button>
          </p>
        </Form>
      ) : null}
    </section>
  );
}
