import {
  createReadableStreamFromReadable,
  createRequestHandler,
  writeReadableStreamToWritable,
  type AppLoadContext,
  type ServerBuild,
} from "@remix-run/node";
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from "express";
import { hasCookie, PAGE_CACHE_CONTROL, PAGE_CACHE_VARY, type PageCacheDecision } from "./page-cache";

/**
 * Express → Remix, like @remix-run/express's handler, with two differences that security needs:
 * - a body the limits middleware has already read (and counted) is handed over from memory;
 *   only the facility upload streams, and its route counts the bytes after the role check;
 * - every response to a signed-in person is `Cache-Control: private, no-store` (pages and `.data`
 *   alike), and so is every response without a caching rule of its own: personal data is never
 *   kept by a browser's back-forward cache, a shared computer or a proxy;
 * - the one exception: an anonymous page the page cache (page-cache.ts) gave an ETag, when it
 *   answers a plain 200 without Set-Cookie, is sent with that ETag and a short public Cache-Control.
 */
export function createRemixHandler(options: {
  build: ServerBuild | (() => Promise<ServerBuild>);
  mode: "development" | "production";
  getLoadContext: (req: ExpressRequest, res: ExpressResponse) => AppLoadContext;
  /** Cookie names that mark a signed-in request (session and pending sign-up). */
  sessionCookieNames: readonly string[];
}) {
  const handle = createRequestHandler(options.build, options.mode);
  return async (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    try {
      const request = toFetchRequest(req, res);
      const response = await handle(request, options.getLoadContext(req, res));
      applyCachePolicy(response, {
        signedIn: hasCookie(req.get("cookie"), options.sessionCookieNames),
        pageCache: (res.locals as { pageCache?: PageCacheDecision }).pageCache ?? null,
      });
      await send(res, response);
    } catch (error) {
      next(error);
    }
  };
}

/**
 * The caching headers of a Remix response. Public (with the page cache's ETag) only for a page the
 * page cache chose, asked for without a session, that came out a 200 without Set-Cookie; private and
 * no-store for everything signed in, every other outcome of such a page (a 404, a 400, a cookie) and
 * every response without a rule of its own.
 */
export function applyCachePolicy(response: Response, request: { signedIn: boolean; pageCache: PageCacheDecision | null }) {
  const { signedIn, pageCache } = request;
  if (pageCache && !signedIn && response.status === 200 && !response.headers.has("Set-Cookie")) {
    response.headers.set("ETag", pageCache.etag);
    response.headers.set("Cache-Control", PAGE_CACHE_CONTROL);
    for (const header of PAGE_CACHE_VARY) response.headers.append("Vary", header);
  } else if (signedIn || pageCache || !response.headers.has("Cache-Control")) {
    response.headers.set("Cache-Control", "private, no-store");
  }
}

function toFetchRequest(req: ExpressRequest, res: ExpressResponse): Request {
  // As in @remix-run/express: the port from X-Forwarded-Host or Host, the host from req.hostname
  // (which honours "trust proxy"), and the original URL.
  const forwardedPort = Number.parseInt(req.get("X-Forwarded-Host")?.split(":")[1] ?? "", 10);
  const hostPort = Number.parseInt(req.get("host")?.split(":")[1] ?? "", 10);
  const port = Number.isSafeInteger(forwardedPort) ? forwardedPort : Number.isSafeInteger(hostPort) ? hostPort : null;
  const url = new URL(`${req.protocol}://${req.hostname}${port ? `:${port}` : ""}${req.originalUrl}`);
  let controller: AbortController | null = new AbortController();
  res.on("finish", () => (controller = null));
  res.on("close", () => controller?.abort());
  const init: RequestInit & { duplex?: "half" } = {
    method: req.method,
    headers: toFetchHeaders(req.headers),
    signal: controller.signal,
  };
  if (req.method !== "GET" && req.method !== "HEAD") {
    const buffered = (res.locals as { body?: Buffer }).body;
    init.body = buffered ? new Uint8Array(buffered) : createReadableStreamFromReadable(req);
    init.duplex = "half";
  }
  return new Request(url.href, init);
}

function toFetchHeaders(incoming: ExpressRequest["headers"]): Headers {
  const headers = new Headers();
  for (const [key, values] of Object.entries(incoming)) {
    if (Array.isArray(values)) for (const value of values) headers.append(key, value);
    else if (values) headers.set(key, values);
  }
  return headers;
}

async function send(res: ExpressResponse, response: Response) {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [key, value] of response.headers.entries()) res.append(key, value);
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}
