import { en } from "./en";
import { namespaceFiles } from "./i18n-files";
import { locales, provideT, type Locale, type NamespaceResources, type PageMessagesData } from "./i18n";
import { nl } from "./nl";
import { createT, type TFunction } from "./translate";

// The whole catalogue of both languages, for the server only: page rendering, route meta, emails,
// CSV headers. The browser gets just the namespaces a page uses (decision 039).

const catalogues: Record<Locale, NamespaceResources> = { nl, en };
const namespaces: ReadonlySet<string> = new Set(Object.keys(nl));

/** A `t` over the whole catalogue of `locale`, told of each namespace it looks a key up in. */
const catalogueT = (locale: Locale, onNamespace?: (ns: string) => void) =>
  createT({ locale, namespaces, messages: (ns) => catalogues[locale][ns], onNamespace });

const shared = new Map<Locale, TFunction>();

/** The `t` of a language, with every message. */
export function getT(locale: Locale): TFunction {
  let t = shared.get(locale);
  if (!t) {
    t = catalogueT(locale);
    shared.set(locale, t);
  }
  return t;
}

provideT(getT);

const files = Object.fromEntries(
  locales.map((lng) => [lng, Object.fromEntries(Object.entries(namespaceFiles(catalogues[lng])).map(([ns, file]) => [ns, file.hash]))]),
) as PageMessagesData["files"];

/** The JSON text of a `<script type="application/json">`: `<` escaped, so no `</script` or `<!--` can end or bend it. */
export function jsonForScript(value: unknown) {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}

/**
 * The messages of one page render. `t(locale)` is what the page renders with: it notes the
 * namespace of every key it looks up. `json()` is what the page inlines for the
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
  const recording = new Map<Locale, TFunction>();
  return {
    t(locale: Locale): TFunction {
      let t = recording.get(locale);
      if (!t) {
        t = catalogueT(locale, (ns) => used.add(ns));
        recording.set(locale, t);
      }
      return t;
    },
    json(locale: Locale, routeIds: readonly string[]): string {
      const wanted = new Set(used);
      for (const id of routeIds) for (const ns of routeNamespaces[id] ?? []) if (!RENDER_ONLY_NAMESPACES.has(ns)) wanted.add(ns);
      const catalogue = catalogues[locale];
      const resources = Object.fromEntries([...wanted].flatMap((ns) => (catalogue[ns] ? [[ns, catalogue[ns]]] : [])));
      const data: PageMessagesData = { lng: locale, resources, files };
      return jsonForScript(data);
    },
  };
}
