import { isLocale, messageFileUrl, pageMessagesElementId, provideT, type Locale, type PageMessagesData } from "./i18n";
import { createT, type Messages, type TFunction } from "./translate";

// The browser's messages. They start with what the server inlined in the page (its language, its
// namespaces); a route that needs a namespace the page lacks fetches its file first, and a key of a
// missing namespace fetches it too (components render again when it arrives). Decisions 039, 043.

interface BrowserMessages {
  lng: Locale;
  /** Per language, the namespaces here so far. */
  resources: Record<Locale, Record<string, Messages>>;
  /** The text of the inlined JSON, handed back unchanged when the page hydrates. */
  text: string;
  files: PageMessagesData["files"];
  namespaces: ReadonlySet<string>;
  /** Raised when messages arrive or the language changes: components read it to render again. */
  version: number;
  t: TFunction;
}

let started: BrowserMessages | undefined;
const pending = new Map<string, Promise<void>>();
const listeners = new Set<() => void>();

function changed(state: BrowserMessages) {
  state.version += 1;
  state.t = translator(state);
  for (const listener of listeners) listener();
}

function translator(state: BrowserMessages): TFunction {
  const lng = state.lng;
  return createT({
    locale: lng,
    namespaces: state.namespaces,
    messages: (ns) => state.resources[lng][ns],
    onNamespace: (ns) => {
      if (!state.resources[lng][ns]) void load(lng, [ns]);
    },
  });
}

function start(): BrowserMessages {
  if (started) return started;
  const text = document.getElementById(pageMessagesElementId)?.textContent ?? "";
  const data = JSON.parse(text) as PageMessagesData;
  const state: BrowserMessages = {
    lng: data.lng,
    resources: { nl: {}, en: {}, [data.lng]: data.resources as Record<string, Messages> },
    text,
    files: data.files,
    namespaces: new Set(Object.keys(data.files[data.lng])),
    version: 0,
    t: () => "",
  };
  state.t = translator(state);
  provideT(() => state.t);
  started = state;
  return state;
}

async function load(lng: Locale, namespaces: readonly string[]) {
  const state = start();
  await Promise.all(
    namespaces
      .filter((ns) => state.files[lng][ns] !== undefined && !state.resources[lng][ns])
      .map((ns) => {
        const url = messageFileUrl(lng, ns, state.files[lng][ns] ?? "");
        let loading = pending.get(url);
        if (!loading) {
          loading = fetch(url)
            .then((response) => {
              if (!response.ok) throw new Error(`${url}: ${response.status}`);
              return response.json() as Promise<Messages>;
            })
            .then((messages) => {
              state.resources[lng][ns] = messages;
              if (lng === state.lng) changed(state);
            })
            // Offline or a new deployment: the page shows keys until the next try, it does not break.
            .catch(() => void pending.delete(url));
          pending.set(url, loading);
        }
        return loading;
      }),
  );
}

/** The page's `t` (it follows the language the page shows, which a switch changes). */
export function browserT(): TFunction {
  return start().t;
}

export function pageMessagesText(): string {
  return start().text;
}

export function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

export function messagesVersion() {
  return start().version;
}

/**
 * What a route's client module awaits before it finishes loading: app/vite/messages.ts adds the
 * call at build time, so no source file imports it.
 * @public
 */
export async function ensureNamespaces(namespaces: readonly string[]) {
  const state = start();
  await load(state.lng, namespaces);
}

/**
 * The language changed without a page load (signing in as someone who chose the other language):
 * fetch every namespace the page has in the new language, then switch.
 */
export async function switchLanguage(lng: Locale): Promise<boolean> {
  const state = start();
  if (!isLocale(lng) || state.lng === lng) return false;
  await load(lng, Object.keys(state.resources[state.lng]));
  state.lng = lng;
  changed(state);
  return true;
}
