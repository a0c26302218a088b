import type { i18n, InitOptions, TFunction } from "i18next";

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

/**
 * The namespace a key belongs to: its first segment (`t("activities.list.title")` → `activities`),
 * when that is a namespace. Keys stay as they were before namespaces existed: i18next takes the
 * first segment as the namespace because nsSeparator equals keySeparator and the segment is in `ns`.
 */
export function namespaceOf(key: unknown, namespaces: ReadonlySet<string>): string | undefined {
  if (typeof key !== "string") return undefined;
  const dot = key.indexOf(".");
  const first = dot === -1 ? key : key.slice(0, dot);
  return namespaces.has(first) ? first : undefined;
}

/** The options every i18next instance (server and browser) starts with. */
export function i18nOptions(lng: Locale, namespaces: readonly string[], resources: InitOptions["resources"]): InitOptions {
  return {
    lng,
    fallbackLng: false,
    ns: [...namespaces],
    // `app` is on every page (the header), so react-i18next's useTranslation() is always ready.
    defaultNS: "app",
    nsSeparator: ".",
    keySeparator: ".",
    resources,
    initAsync: false,
    interpolation: { escapeValue: false },
    returnNull: false,
    showSupportNotice: false,
    // A namespace that arrives later re-renders the components that use useTranslation().
    react: { bindI18nStore: "added", useSuspense: false },
  };
}

/**
 * Calls `onKey` with every key translated through this instance (react-i18next's `t`, `<Trans>`
 * and getFixedT all go through `instance.t`), then translates it as usual.
 */
export function observeKeys(instance: i18n, onKey: (key: unknown) => void): i18n {
  const translate = instance.t.bind(instance);
  const observed = ((key: unknown, ...rest: unknown[]) => {
    if (Array.isArray(key)) key.forEach(onKey);
    else onKey(key);
    return (translate as unknown as (...args: unknown[]) => unknown)(key, ...rest);
  }) as unknown as TFunction;
  instance.t = observed;
  return instance;
}

let provider: ((locale: Locale) => i18n) | undefined;

/** Where getT finds its instances: the server registers its full catalogues, the browser its one instance. */
export function provideI18n(get: (locale: Locale) => i18n) {
  provider = get;
}

/**
 * A `t` for code that is not a component, such as a route's `meta`, which runs on the server and
 * in the browser. Server-only code imports getT from `~/locales/i18n.server` instead.
 */
export function getT(locale: Locale): TFunction {
  if (!provider) throw new Error("No messages yet: import ~/locales/i18n.server (server) or i18n.client (browser) first.");
  const instance = provider(locale);
  return instance.getFixedT(instance.language === locale ? locale : instance.language);
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
