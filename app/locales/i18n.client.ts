import i18next, { type i18n } from "i18next";
import {
  i18nOptions,
  isLocale,
  messageFileUrl,
  namespaceOf,
  observeKeys,
  pageMessagesElementId,
  provideI18n,
  type Locale,
  type PageMessagesData,
} from "./i18n";

// The browser's one i18next instance. It starts with the messages the server inlined in the page
// (its language, its namespaces) and fetches a namespace file when a route needs one it lacks.
// Decision 039.

interface BrowserMessages {
  instance: i18n;
  /** The text of the inlined JSON, handed back unchanged when the page hydrates. */
  text: string;
  files: PageMessagesData["files"];
}

let started: BrowserMessages | undefined;
const pending = new Map<string, Promise<void>>();

function start(): BrowserMessages {
  if (started) return started;
  const text = document.getElementById(pageMessagesElementId)?.textContent ?? "";
  const data = JSON.parse(text) as PageMessagesData;
  const namespaces = new Set(Object.keys(data.files[data.lng]));
  const instance = i18next.createInstance();
  void instance.init(i18nOptions(data.lng, [...namespaces], { [data.lng]: data.resources }));
  // The safety net: a key of a namespace that is not here yet fetches it; react-i18next renders
  // again when it arrives (bindI18nStore: "added").
  observeKeys(instance, (key) => {
    const ns = namespaceOf(key, namespaces);
    if (ns && !instance.hasResourceBundle(instance.language, ns)) void load(instance.language as Locale, [ns]);
  });
  provideI18n(() => instance);
  started = { instance, text, files: data.files };
  return started;
}

async function load(lng: Locale, namespaces: readonly string[]) {
  const { instance, files } = start();
  await Promise.all(
    namespaces
      .filter((ns) => files[lng][ns] !== undefined && !instance.hasResourceBundle(lng, ns))
      .map((ns) => {
        const url = messageFileUrl(lng, ns, files[lng][ns] ?? "");
        let loading = pending.get(url);
        if (!loading) {
          loading = fetch(url)
            .then((response) => {
              if (!response.ok) throw new Error(`${url}: ${response.status}`);
              return response.json() as Promise<Record<string, unknown>>;
            })
            .then((messages) => void instance.addResourceBundle(lng, ns, messages, true, true))
            // Offline or a new deployment: the page shows keys until the next try, it does not break.
            .catch(() => void pending.delete(url));
          pending.set(url, loading);
        }
        return loading;
      }),
  );
}

export function browserI18n(): i18n {
  return start().instance;
}

export function pageMessagesText(): string {
  return start().text;
}

/**
 * What a route's client module awaits before it finishes loading: app/vite/messages.ts adds the
 * call at build time, so no source file imports it.
 * @public
 */
export async function ensureNamespaces(namespaces: readonly string[]) {
  const { instance } = start();
  await load(instance.language as Locale, namespaces);
}

/**
 * The language changed without a page load (signing in as someone who chose the other language):
 * fetch every namespace the page has in the new language, then switch.
 */
export async function switchLanguage(lng: Locale) {
  const { instance } = start();
  const current = instance.language;
  if (!isLocale(lng) || current === lng) return;
  const loaded = Object.keys(instance.store.data[current] ?? {});
  await load(lng, loaded);
  await instance.changeLanguage(lng);
}
