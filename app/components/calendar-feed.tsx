import { Form } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";

/** The personal calendar feed link: a POST makes a new one, which is shown only once. */
export function CalendarFeedSection({ feedUrl }: { feedUrl: string | null }) {
  const { t } = useTranslation();
  return (
    <section className="stack" aria-labelledby="calendar-feed">
      <h2 id="calendar-feed">{t("calendar.title")}</h2>
      <p className="utrecht-paragraph">{t("calendar.intro")}</p>
      <p className="utrecht-paragraph">{t("calendar.secret")}</p>
      {feedUrl ? (
        <div className="field" role="status">
          <label htmlFor="calendar-feed-url">{t("calendar.created")}</label>
          <input id="calendar-feed-url" type="text" readOnly value={feedUrl} autoComplete="off" />
        </div>
      ) : null}
      <Form method="post">
        <button type="submit" name="intent" value="calendar-feed" className="button button--primary">
          {t("calendar.make")}
        </button>
      </Form>
    </section>
  );
}
