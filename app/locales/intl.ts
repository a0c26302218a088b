/**
 * The locale Intl formats with for one of the app's languages: Dutch as in the Netherlands, and
 * English as in Britain (day before month, 24-hour clock). Anything else formats as Dutch, the
 * default language.
 */
export function intlLocale(locale: string): "nl-NL" | "en-GB" {
  return locale === "en" ? "en-GB" : "nl-NL";
}
