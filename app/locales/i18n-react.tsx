import { useMatches, useRevalidator } from "@remix-run/react";
import { createContext, useContext, useEffect, type ReactNode } from "react";
import { I18nextProvider } from "react-i18next";
import type { i18n } from "i18next";
import { pageMessagesElementId, type Locale } from "./i18n";

/**
 * How the page gets its messages: on the server, a recording instance per request and the JSON
 * to inline (entry.server.tsx); in the browser, the one instance and the JSON text the page came
 * with (entry.client.tsx). Decision 039.
 */
export interface PageMessagesSource {
  i18n(locale: Locale): i18n;
  json(locale: Locale, routeIds: readonly string[], extra?: readonly string[]): string;
  /** Browser only: the language changed without a page load. */
  switchLanguage?(locale: Locale): Promise<void>;
}

const PageMessagesContext = createContext<PageMessagesSource | null>(null);
export const PageMessagesProvider = PageMessagesContext.Provider;

function usePageMessages() {
  const source = useContext(PageMessagesContext);
  if (!source) throw new Error("PageMessagesProvider is missing (entry.server.tsx / entry.client.tsx).");
  return source;
}

export function MessagesProvider({ locale, children }: { locale: Locale; children: ReactNode }) {
  const source = usePageMessages();
  const instance = source.i18n(locale);
  const { revalidate } = useRevalidator();
  useEffect(() => {
    // Components follow the switch by themselves; revalidating renders the route `meta` (the
    // title) again in the new language too.
    if (instance.language !== locale) void source.switchLanguage?.(locale).then(revalidate);
  }, [source, instance, locale, revalidate]);
  return <I18nextProvider i18n={instance}>{children}</I18nextProvider>;
}

/**
 * The page's messages as a JSON data block. Render it after the page content: on the server it
 * lists the namespaces that content used. The browser renders the same text it started with.
 */
/** A JSON data block runs nothing, but it carries the nonce like every other script element. */
export function PageMessagesScript({ locale, nonce, extra }: { locale: Locale; nonce?: string; extra?: readonly string[] }) {
  const source = usePageMessages();
  const routeIds = useMatches().map((match) => match.id);
  return (
    <script
      type="application/json"
      id={pageMessagesElementId}
      nonce={nonce}
      suppressHydrationWarning
      dangerouslySetInnerHTML={{ __html: source.json(locale, routeIds, extra) }}
    />
  );
}
