import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { browserT, messagesVersion, pageMessagesText, subscribe, switchLanguage } from "~/locales/i18n.client";
import { PageMessagesProvider, type PageMessagesSource } from "~/locales/i18n-react";

// The page's messages, started from what the server inlined (decisions 039, 043).
const messages: PageMessagesSource = { t: browserT, json: pageMessagesText, subscribe, version: messagesVersion, switchLanguage };

/**
 * With single fetch, RemixBrowser suspends on its first render until the server's data stream is
 * decoded. If a person presses a key or clicks during that moment, React 18 must hydrate
 * synchronously, cannot, and gives up on the page (error #345: JavaScript never loads, though
 * forms still work). Calling the component once outside React starts that decoding and hands us
 * its promise, so we hydrate only when nothing can suspend any more.
 */
async function serverDataDecoded() {
  try {
    (RemixBrowser as unknown as (props: object) => unknown)({});
  } catch (thrown) {
    if (thrown instanceof Promise) await thrown;
  }
}

void serverDataDecoded().then(() =>
  startTransition(() => {
    hydrateRoot(
      document,
      <StrictMode>
        <PageMessagesProvider value={messages}>
          <RemixBrowser />
        </PageMessagesProvider>
      </StrictMode>,
    );
  }),
);
