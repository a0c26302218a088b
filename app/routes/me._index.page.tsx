import { getFormProps } from "@conform-to/react";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import type { ComponentProps } from "react";
import { useTranslation } from "~/locales/i18n-react";
import { CheckboxField, FormErrors, InputField, SelectField, useIntentForm } from "~/components/forms";
import { emailChangeFormSchema, profileFormSchema } from "~/domain/accounts/shared";
import { notificationSettingsSchema } from "~/domain/notifications/shared";
import type { action, loader } from "./me._index";

export default function MePage() {
  const { account, roles, volunteer } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <section className="stack">
      <h1 className="utrecht-heading-1">{t("me.title")}</h1>
      <dl className="details">
        <dt>{t("me.name")}</dt>
        <dd>{account.name}</dd>
        <dt>{t("me.email")}</dt>
        <dd>{account.email}</dd>
        <dt>{t("me.neighbourhood")}</dt>
        <dd>{account.neighbourhood}</dd>
        <dt>{t("me.language")}</dt>
        <dd>{t(`locale.${account.locale}`)}</dd>
        <dt>{t("me.roles")}</dt>
        <dd>{roles.map((r) => t(`roles.${r}`)).join(", ")}</dd>
      </dl>
      <ProfileSection />
      <EmailSection />
      <p>
        <Link to="/me/security">{t("securitySettings.meLink")}</Link>
      </p>
      <p>
        <Link to="/me/data">{t("privacyRights.meLink")}</Link>
      </p>
      <p>
        <Link to="/me/delete">{t("accountDeletion.meLink")}</Link>
      </p>
      <h2 className="utrecht-heading-2">{t("community.me.volunteerTitle")}</h2>
      {volunteer ? (
        <dl className="details">
          <dt>{t("community.me.skills")}</dt>
          <dd>{volunteer.skills}</dd>
          <dt>{t("community.me.availability")}</dt>
          <dd>{volunteer.availabilitySlots}</dd>
          <dt>{t("community.me.travelRange")}</dt>
          <dd>{t(`community.travelRanges.${volunteer.travelRange}`)}</dd>
          <dt>{t("community.me.vog")}</dt>
          <dd>{t(`community.vog.${volunteer.vog}`)}</dd>
          {volunteer.pausedUntil ? <dd>{t("community.me.pausedUntil", { date: volunteer.pausedUntil })}</dd> : null}
        </dl>
      ) : (
        <p className="utrecht-paragraph">{t("community.me.volunteerNone")}</p>
      )}
      <p>
        <Link to="/me/volunteer">{volunteer ? t("community.me.volunteerEdit") : t("community.me.volunteerCreate")}</Link>
      </p>
      <p>
        <Link to="/organisations/new">{t("community.organisations.register.link")}</Link>
      </p>
      <NotificationsSection />
      <h2 id="sessions" className="utrecht-heading-2">
        {t("me.sessionsTitle")}
      </h2>
      <p className="utrecht-paragraph">{t("me.sessionsText")}</p>
      <Form method="post">
        <button type="submit" name="intent" value="logout-everywhere" className="button button--secondary utrecht-button">
          {t("me.logoutEverywhere")}
        </button>
      </Form>
    </section>
  );
}

type ActionData = ReturnType<typeof useActionData<typeof action>>;

/** The server's answer for one of the page's forms (the profile and email forms are tagged, the mail settings not). */
function resultFor(actionData: ActionData, form: "profile" | "email" | undefined) {
  if (!actionData) return undefined;
  const tag = "form" in actionData ? actionData.form : undefined;
  return tag === form ? actionData.result : undefined;
}

/** Name, postcode (and so the neighbourhood), phone and language: corrected in one form. */
function ProfileSection() {
  const { account } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t } = useTranslation();
  const [form, fields] = useIntentForm("profile", profileFormSchema, resultFor(actionData, "profile"), {
    name: account.name,
    postcode: account.postcode,
    phone: account.phone ?? "",
    locale: account.locale,
  });
  return (
    // The heading's id is not "profile": that is the form's id, which its fields name in form="…".
    <section className="stack" aria-labelledby="profile-title">
      <h2 id="profile-title" className="utrecht-heading-2">
        {t("profile.me.title")}
      </h2>
      {params.get("saved") === "profile" ? (
        <p role="status" className="alert alert--ok">
          {t("profile.me.saved")}
        </p>
      ) : null}
      <p className="utrecht-paragraph">{t("profile.me.intro")}</p>
      <Form method="post" className="stack" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors as string[] | undefined} />
        <InputField field={fields.name} label={t("profile.me.name")} autoComplete="name" />
        <InputField
          field={fields.postcode}
          label={t("profile.me.postcode")}
          hint={t("profile.me.postcodeHint")}
          autoComplete="postal-code"
        />
        <InputField field={fields.phone} type="tel" label={t("profile.me.phone")} hint={t("profile.me.phoneHint")} autoComplete="tel" />
        <SelectField
          field={fields.locale}
          label={t("profile.me.language")}
          options={[
            { value: "nl", label: t("locale.nl") },
            { value: "en", label: t("locale.en") },
          ]}
        />
        <div>
          <button type="submit" name="intent" value="profile" className="button button--primary utrecht-button">
            {t("profile.me.save")}
          </button>
        </div>
      </Form>
    </section>
  );
}

/** A new email address: a link goes to it, and only that link changes the address. */
function EmailSection() {
  const { account } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t } = useTranslation();
  const [form, fields] = useIntentForm("email-change", emailChangeFormSchema, resultFor(actionData, "email"));
  return (
    <section className="stack" aria-labelledby="email">
      <h2 id="email" className="utrecht-heading-2">
        {t("profile.me.emailTitle")}
      </h2>
      {params.get("saved") === "email" ? (
        <p role="status" className="alert alert--ok">
          {t("profile.me.sent")}
        </p>
      ) : null}
      <p className="utrecht-paragraph">{t("profile.me.emailIntro", { email: account.email })}</p>
      <Form method="post" className="stack" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors as string[] | undefined} />
        <InputField field={fields.email} type="email" label={t("profile.me.newEmail")} autoComplete="email" />
        <div>
          <button type="submit" name="intent" value="email" className="button button--secondary utrecht-button">
            {t("profile.me.send")}
          </button>
        </div>
      </Form>
    </section>
  );
}

/** The schema's checkboxes are booleans (Conform sends "on"); the shared field component is typed for strings. */
const checkbox = (field: unknown) => field as ComponentProps<typeof CheckboxField>["field"];

/** Mail settings: essential mail listed (always sent), each optional kind with its control. */
function NotificationsSection() {
  const { notifications } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t } = useTranslation();
  const { settings, suppressed, email, timeZone } = notifications;
  const [form, fields] = useIntentForm("notification-settings", notificationSettingsSchema, resultFor(actionData, undefined), {
    dayBeforeOn: settings.dayBeforeAt !== null,
    dayBeforeAt: settings.dayBeforeAt ?? "18:00",
    hoursBeforeOn: settings.hoursBefore !== null,
    hoursBefore: String(settings.hoursBefore ?? 2),
    afterSession: settings.afterSession,
    digest: settings.digest,
    circleUpdates: settings.circleUpdates,
    messages: settings.messages,
  });
  const saved = params.get("saved");
  return (
    <section className="stack" aria-labelledby="notifications">
      <h2 id="notifications" className="utrecht-heading-2">
        {t("notifications.me.title")}
      </h2>
      {saved === "notifications" ? (
        <p role="status" className="alert alert--ok">
          {t("notifications.me.saved")}
        </p>
      ) : null}
      {saved === "mail" ? (
        <p role="status" className="alert alert--ok">
          {t("notifications.me.resumed")}
        </p>
      ) : null}
      {suppressed ? (
        <div className="alert alert--error stack">
          <h3 className="utrecht-heading-3">{t("notifications.me.suppressedTitle")}</h3>
          <p>{t(`notifications.me.suppressed.${suppressed}`, { email })}</p>
          <p>{t("notifications.me.suppressedFix")}</p>
          <Form method="post">
            <button type="submit" name="intent" value="resume-mail" className="button button--secondary utrecht-button">
              {t("notifications.me.resume")}
            </button>
          </Form>
        </div>
      ) : null}
      <p className="utrecht-paragraph">{t("notifications.me.intro")}</p>
      <h3 className="utrecht-heading-3">{t("notifications.me.essentialLegend")}</h3>
      <p className="utrecht-paragraph">{t("notifications.me.essentialText")}</p>
      <ul>
        <li>{t("notifications.me.essentialSignIn")}</li>
        <li>{t("notifications.me.essentialChanges")}</li>
        <li>{t("notifications.me.essentialHelp")}</li>
      </ul>
      <h3 className="utrecht-heading-3">{t("notifications.me.optionalLegend")}</h3>
      <Form method="post" className="stack" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors as string[] | undefined} />
        <fieldset className="utrecht-form-fieldset">
          <legend className="utrecht-form-fieldset__legend">{t("notifications.me.dayBeforeLegend")}</legend>
          <CheckboxField field={checkbox(fields.dayBeforeOn)} label={t("notifications.me.dayBeforeOn")} />
          <InputField
            field={fields.dayBeforeAt}
            type="time"
            label={t("notifications.me.dayBeforeAt")}
            hint={t("notifications.me.dayBeforeHint", { zone: timeZone })}
          />
        </fieldset>
        <fieldset className="utrecht-form-fieldset">
          <legend className="utrecht-form-fieldset__legend">{t("notifications.me.hoursBeforeLegend")}</legend>
          <CheckboxField field={checkbox(fields.hoursBeforeOn)} label={t("notifications.me.hoursBeforeOn")} />
          <InputField
            field={fields.hoursBefore}
            type="number"
            inputMode="numeric"
            label={t("notifications.me.hoursBefore")}
            hint={t("notifications.me.hoursBeforeHint")}
          />
        </fieldset>
        <fieldset className="utrecht-form-fieldset">
          <legend className="utrecht-form-fieldset__legend">{t("notifications.me.afterSessionLegend")}</legend>
          <CheckboxField field={checkbox(fields.afterSession)} label={t("notifications.me.afterSession")} />
        </fieldset>
        <fieldset className="utrecht-form-fieldset">
          <legend className="utrecht-form-fieldset__legend">{t("notifications.me.digestLegend")}</legend>
          <CheckboxField field={checkbox(fields.digest)} label={t("notifications.me.digest")} />
        </fieldset>
        <fieldset className="utrecht-form-fieldset">
          <legend className="utrecht-form-fieldset__legend">{t("conversations.me.circleUpdatesLegend")}</legend>
          <CheckboxField field={checkbox(fields.circleUpdates)} label={t("conversations.me.circleUpdates")} />
        </fieldset>
        <fieldset className="utrecht-form-fieldset">
          <legend className="utrecht-form-fieldset__legend">{t("conversations.me.messagesLegend")}</legend>
          <CheckboxField field={checkbox(fields.messages)} label={t("conversations.me.messages")} />
        </fieldset>
        <div>
          <button type="submit" name="intent" value="notifications" className="button button--primary utrecht-button">
            {t("notifications.me.save")}
          </button>
        </div>
      </Form>
    </section>
  );
}
