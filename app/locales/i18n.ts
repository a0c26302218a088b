import type { TFunction } from "./translate";

// Browser-safe: no message catalogue here. The server keeps every message (i18n.server.ts); the
// browser holds only the namespaces its pages use (i18n.client.ts). Decision 039.

export const locales = ["nl", "en"] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = "nl";

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (locales as readonly string[]).includes(value);
}

/** The messages of one language, split into namespaces: the top-level keys of nl.ts (app, nav, activities, …). */
export type NamespaceResources = Record<string, Record<string, unknown>>;

/** The id of the `<script type="application/json">` that carries a page's messages to the browser. */
export const pageMessagesElementId = "noaber-messages";

/** What the server inlines in a page (and the browser starts with): see PageMessages in i18n-react.tsx. */
export interface PageMessagesData {
  lng: Locale;
  /** Only the namespaces this page uses, in its language only. */
  resources: NamespaceResources;
  /** Every namespace's file per language: `/assets/messages/<lng>/<ns>.<hash>.json` (hash only). */
  files: Record<Locale, Record<string, string>>;
}

export function messageFileUrl(lng: Locale, ns: string, hash: string) {
  return `/assets/messages/${lng}/${ns}.${hash}.json`;
}

let provider: ((locale: Locale) => TFunction) | undefined;

/** Where getT finds its `t`: the server registers its full catalogues, the browser the page's messages. */
export function provideT(get: (locale: Locale) => TFunction) {
  provider = get;
}

/**
 * A `t` for code that is not a component, such as a route's `meta`, which runs on the server and
 * in the browser. Server-only code imports getT from `~/locales/i18n.server` instead.
 */
export function getT(locale: Locale): TFunction {
  if (!provider) throw new Error("No messages yet: import ~/locales/i18n.server (server) or i18n.client (browser) first.");
  return provider(locale);
}

/** Picks a supported language from an Accept-Language header; Dutch when nothing fits. */
export function localeFromAcceptLanguage(header: string | null): Locale {
  if (!header) return defaultLocale;
  const ranked = header
    .split(",")
    .map((part) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.find((p) => p.trim().startsWith("q="));
      return { lang: tag.toLowerCase().split("-")[0], q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((e) => e.q > 0)
    .sort((a, b) => b.q - a.q);
  return (ranked.find((e) => isLocale(e.lang))?.lang as Locale | undefined) ?? defaultLocale;
}
