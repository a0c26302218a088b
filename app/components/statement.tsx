import type { ReactNode } from "react";
import { useTranslation } from "~/locales/i18n-react";

/** A statement page (privacy, accessibility): a title, an intro and titled sections from the locale files. */
export function Statement({
  page,
  sections,
  version,
  extras = {},
}: {
  page: "privacy" | "accessibility";
  sections: readonly string[];
  version?: string;
  /** More content after a section's text, by section (the retention table on /privacy). */
  extras?: Readonly<Record<string, ReactNode>>;
}) {
  const { t } = useTranslation();
  return (
    <article className="stack narrow">
      <h1 className="utrecht-heading-1">{t(`${page}.title`)}</h1>
      {version ? <p className="field__hint">{t("privacy.version", { version })}</p> : null}
      <p className="utrecht-paragraph">{t(`${page}.intro`)}</p>
      {sections.map((section) => (
        <section key={section}>
          <h2 className="utrecht-heading-2">{t(`${page}.${section}.title`)}</h2>
          <p className="utrecht-paragraph">{t(`${page}.${section}.body`)}</p>
          {extras[section]}
        </section>
      ))}
    </article>
  );
}
