import i18next, { type i18n, type TFunction } from "i18next";
import { en } from "./en";
import { namespaceFiles } from "./i18n-files";
import {
  i18nOptions,
  locales,
  namespaceOf,
  observeKeys,
  provideI18n,
  type Locale,
  type NamespaceResources,
  type PageMessagesData,
} from "./i18n";
import { nl } from "./nl";

// The whole catalogue of both languages, for the server only: page rendering, route meta, emails,
// CSV headers. The browser gets just the namespaces a page uses (decision 039).

const catalogues: Record<Locale, NamespaceResources> = { nl, en };
const namespaces: readonly string[] = Object.keys(nl);
const namespaceSet = new Set(namespaces);

const instances = new Map<Locale, i18n>();

/** One i18next instance per language with every message, created synchronously. */
export function getI18n(locale: Locale): i18n {
  let instance = instances.get(locale);
  if (!instance) {
    instance = i18next.createInstance();
    void instance.init(i18nOptions(locale, namespaces, { [locale]: catalogues[locale] }));
    instances.set(locale, instance);
  }
  return instance;
}

export function getT(locale: Locale): TFunction {
  return getI18n(locale).getFixedT(locale);
}

provideI18n(getI18n);

const files = Object.fromEntries(
  locales.map((lng) => [lng, Object.fromEntries(Object.entries(namespaceFiles(catalogues[lng])).map(([ns, file]) => [ns, file.hash]))]),
) as PageMessagesData["files"];

/** The JSON text of a `<script type="application/json">`: `<` escaped, so no `</script` or `<!--` can end or bend it. */
export function jsonForScript(value: unknown) {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}

/**
 * The messages of one page render. `i18n(locale)` is the instance the page renders with: it
 * notes the namespace of every key it translates. `json()` is what the page inlines for the
 * browser: those namespaces plus the ones the build found in the matched routes' client code
 * (`routeNamespaces`, route id → namespaces; they cover what a click may show), in the page's
 * language only.
 */
/**
 * Namespaces inlined only when the render used them, never because a route's code mentions them:
 * the demo banner's text stays out of every page of a deployment without the local mailbox.
 */
const RENDER_ONLY_NAMESPACES = new Set(["demo"]);

export function createPageMessages(routeNamespaces: Readonly<Record<string, readonly string[]>>) {
  const used = new Set<string>();
  const recording = new Map<Locale, i18n>();
  return {
    i18n(locale: Locale): i18n {
      let instance = recording.get(locale);
      if (!instance) {
        // A thin per-request view of the shared instance: only `t` is its own.
        instance = observeKeys(Object.create(getI18n(locale)) as i18n, (key) => {
          const ns = namespaceOf(key, namespaceSet);
          if (ns) used.add(ns);
        });
        recording.set(locale, instance);
      }
      return instance;
    },
    json(locale: Locale, routeIds: readonly string[], extra: readonly string[] = []): string {
      const wanted = new Set([...used, ...extra]);
      for (const id of routeIds) for (const ns of routeNamespaces[id] ?? []) if (!RENDER_ONLY_NAMESPACES.has(ns)) wanted.add(ns);
      const catalogue = catalogues[locale];
      const resources = Object.fromEntries([...wanted].flatMap((ns) => (catalogue[ns] ? [[ns, catalogue[ns]]] : [])));
      const data: PageMessagesData = { lng: locale, resources, files };
      return jsonForScript(data);
    },
  };
}
