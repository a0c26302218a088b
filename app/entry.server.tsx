import { PassThrough } from "node:stream";
import type { AppLoadContext, EntryContext, HandleErrorFunction } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import routeNamespaces from "virtual:noaber/route-namespaces";
import { formPagesLoaded } from "~/components/forms/form-page";
import { createPageMessages } from "~/locales/i18n.server";
import { PageMessagesProvider } from "~/locales/i18n-react";
import { errorForLog } from "~/server/logger.server";
import { NonceProvider } from "~/web/nonce";

const ABORT_DELAY = 5_000;
export const streamTimeout = ABORT_DELAY;

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce;
  // Bots and no-JS clients get the whole document at once; browsers get it streamed.
  const readyEvent = isbot(request.headers.get("user-agent") ?? "") ? "onAllReady" : "onShellReady";
  // Pages with a form are loaded with import() (decision 047): have them all before rendering, so
  // the page is in the HTML and never streamed later behind a Suspense fallback.
  await formPagesLoaded();
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <PageMessagesProvider value={createPageMessages(routeNamespaces)}>
          <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
        </PageMessagesProvider>
      </NonceProvider>,
      {
        nonce,
        [readyEvent]() {
          shellRendered = true;
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }));
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) loadContext.services.logger.log("error", "render error", { error: errorForLog(error) });
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}

export const handleError: HandleErrorFunction = (error, { request, context }) => {
  // Aborted requests and thrown responses (404, 403, …) are expected, not errors to log.
  if (request.signal.aborted || isRouteErrorResponse(error) || error instanceof Response) return;
  context.services.logger.log("error", "unhandled route error", { error: errorForLog(error) });
};
