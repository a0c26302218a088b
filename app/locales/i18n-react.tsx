import { useMatches, useRevalidator } from "@remix-run/react";
import {
  cloneElement,
  createContext,
  useContext,
  useEffect,
  useMemo,
  useSyncExternalStore,
  type ReactElement,
  type ReactNode,
} from "react";
import { pageMessagesElementId, type Locale } from "./i18n";
import type { TFunction, TOptions } from "./translate";

/**
 * How the page gets its messages: on the server, a recording `t` per request and the JSON to
 * inline (entry.server.tsx); in the browser, the page's messages and the JSON text the page came
 * with (entry.client.tsx). Decisions 039 and 043.
 */
export interface PageMessagesSource {
  t(locale: Locale): TFunction;
  json(locale: Locale, routeIds: readonly string[]): string;
  /** Browser only: told when messages arrive or the language changes. */
  subscribe?(onChange: () => void): () => void;
  version?(): number;
  /** Browser only: the language changed without a page load; true when it switched. */
  switchLanguage?(locale: Locale): Promise<boolean>;
}

const PageMessagesContext = createContext<PageMessagesSource | null>(null);
export const PageMessagesProvider = PageMessagesContext.Provider;

function usePageMessages() {
  const source = useContext(PageMessagesContext);
  if (!source) throw new Error("PageMessagesProvider is missing (entry.server.tsx / entry.client.tsx).");
  return source;
}

interface Translation {
  t: TFunction;
  /** The language of the page. */
  locale: Locale;
}

const TranslationContext = createContext<Translation | null>(null);

const staticSubscribe = () => () => {};
const zero = () => 0;

export function MessagesProvider({ locale, children }: { locale: Locale; children: ReactNode }) {
  const source = usePageMessages();
  const version = useSyncExternalStore(source.subscribe ?? staticSubscribe, source.version ?? zero, zero);
  const value = useMemo(
    () => ({ t: source.t(locale), locale }),
    // `version` is in the list so components render again when a namespace arrives.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [source, locale, version],
  );
  const { revalidate } = useRevalidator();
  useEffect(() => {
    // Components follow the switch by themselves; revalidating renders the route `meta` (the
    // title) again in the new language too.
    void source.switchLanguage?.(locale).then((switched) => switched && revalidate());
  }, [source, locale, revalidate]);
  return <TranslationContext.Provider value={value}>{children}</TranslationContext.Provider>;
}

/** A fixed `t` for rendering outside a page (a benchmark's render of one route). */
export const TranslationProvider = TranslationContext.Provider;

/** The page's `t` and language, for components. */
export function useTranslation(): Translation {
  const translation = useContext(TranslationContext);
  if (!translation) throw new Error("useTranslation() outside MessagesProvider (root.tsx).");
  return translation;
}

/**
 * A message with markup: `<strong>…</strong>` in the message becomes `components.strong` with
 * that text. Values are put in after the markup is read, so a value can never add markup.
 */
export function Trans({ i18nKey, values, components }: { i18nKey: string; values?: TOptions; components: Record<string, ReactElement> }) {
  const { t } = useTranslation();
  const shielded = Object.fromEntries(
    Object.entries(values ?? {}).map(([k, v]) => [k, typeof v === "string" ? v.replace(/</g, "\uE000") : v]),
  );
  const text = t(i18nKey, shielded);
  const restore = (s: string) => s.replace(/\uE000/g, "<");
  const parts: ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(/<(\w+)>([^<]*)<\/\1>/g)) {
    const [whole, name = "", inner = ""] = match;
    parts.push(restore(text.slice(last, match.index)));
    const element = components[name];
    parts.push(element ? cloneElement(element, { key: parts.length }, restore(inner)) : restore(inner));
    last = match.index + whole.length;
  }
  parts.push(restore(text.slice(last)));
  return <>{parts}</>;
}

/**
 * The page's messages as a JSON data block. Render it after the page content: on the server it
 * lists the namespaces that content used. The browser renders the same text it started with.
 * A JSON data block runs nothing, but it carries the nonce like every other script element.
 */
export function PageMessagesScript({ locale, nonce }: { locale: Locale; nonce?: string }) {
  const source = usePageMessages();
  const routeIds = useMatches().map((match) => match.id);
  return (
    <script
      type="application/json"
      id={pageMessagesElementId}
      nonce={nonce}
      suppressHydrationWarning
      dangerouslySetInnerHTML={{ __html: source.json(locale, routeIds) }}
    />
  );
}
