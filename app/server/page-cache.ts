import { createHash, createHmac, hkdfSync } from "node:crypto";
import type { ServerBuild } from "@remix-run/node";
import type { NextFunction, Request, Response } from "express";
import { readPublicDataVersion } from "~/domain/data-version.server";
import type { AppServices } from "~/server/services.server";
import { visitorLocale } from "~/web/request.server";
import { normalisePath } from "./route-key";

/**
 * HTTP caching of the anonymous pages (decision 037). For a GET or HEAD of one of them (or its
 * single-fetch `.data`) without a session or pending sign-up cookie, the page's ETag is known before
 * anything is loaded: everything the page shows is a function of the public data version, the
 * visitor's language, the build, a few settings and the time (in windows of five minutes). A
 * matching If-None-Match is answered 304 here, without calling Remix; otherwise the ETag goes along
 * in `res.locals.pageCache` and the Remix handler (remix-handler.ts) sends it with a public
 * Cache-Control, if the page turns out to be a plain 200 without cookies.
 *
 * The CSP nonce of such a response is derived from its ETag (and a key from SESSION_SECRET), so a
 * 304 carries the same Content-Security-Policy as the 200 the browser kept: a 304's headers replace
 * the stored ones, and a fresh nonce would block the kept page's scripts.
 */

/** The anonymous pages, by normalised path (see route-key.ts: no `.data`, `/_root.data` is `/`). */
const CACHEABLE_PAGES = [
  /^\/$/,
  /^\/activities$/,
  /^\/activities\/\d+$/,
  /^\/initiatives$/,
  /^\/initiatives\/\d+$/,
  /^\/map$/,
  /^\/map\/cooperation$/,
  /^\/facilities\/\d+$/,
];

/** How long a browser (or proxy) may use a page without asking, and serve it stale while asking. */
export const PAGE_CACHE_CONTROL = "public, max-age=60, stale-while-revalidate=300";
/** What the page depends on besides the URL: the cookies (signed in, language) and the browser's language. */
export const PAGE_CACHE_VARY = ["Cookie", "Accept-Language"];
/**
 * Pages show the time: sessions from now on, "open now" on the map, stale facilities, today and
 * tomorrow. The ETag changes every five minutes even without writes, so no page is older than that
 * (plus max-age) when the clock moves on.
 */
export const TIME_WINDOW_MS = 5 * 60_000;

export interface PageCacheDecision {
  etag: string;
}

export function isCacheablePage(rawPath: string): boolean {
  const path = normalisePath(rawPath);
  return CACHEABLE_PAGES.some((page) => page.test(path));
}

export function hasCookie(header: string | undefined | null, names: readonly string[]): boolean {
  if (!header) return false;
  return header.split(";").some((pair) => {
    const [name = "", value = ""] = pair.split("=");
    return names.includes(name.trim()) && value.trim() !== "";
  });
}

/** Whether an If-None-Match header names `etag` (weak comparison, as RFC 9110 asks for GET). */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, "");
  const wanted = opaque(etag);
  return header.split(",").some((tag) => opaque(tag) === wanted);
}

/** The settings a page's output shows (the demo banner, map tiles, time zone, links). */
function settingsFingerprint(env: AppServices["env"]): string {
  return JSON.stringify([env.mailboxEnabled, env.MAP_TILE_URL, env.MAP_TILE_ATTRIBUTION, env.DEFAULT_TIME_ZONE, env.APP_URL]);
}

const b64url = (buf: Buffer) => buf.toString("base64url");

/**
 * The middleware; placed after the security headers (the 304 carries the CSP) and before the rate
 * limits (counting a 304 would cost more than answering it; a render is still counted). In
 * development (a build function, Vite) it does nothing.
 */
export function createPageCache(options: {
  services: AppServices;
  build: ServerBuild | (() => Promise<ServerBuild>);
  sessionCookieNames: readonly string[];
}) {
  const { services, build, sessionCookieNames } = options;
  if (typeof build === "function") return (_req: Request, _res: Response, next: NextFunction) => next();
  const fixed = JSON.stringify([build.assets.version, settingsFingerprint(services.env)]);
  const nonceKey = Buffer.from(hkdfSync("sha256", services.env.SESSION_SECRETS[0]!, "noaber", "csp-nonce", 32));

  return async (req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== "GET" && req.method !== "HEAD") || !isCacheablePage(req.path)) return next();
    const cookie = req.get("cookie") ?? null;
    if (hasCookie(cookie, sessionCookieNames)) return next();
    try {
      const [version, locale] = await Promise.all([
        readPublicDataVersion(services.database.db),
        visitorLocale(services.cookies.locale, { cookie, acceptLanguage: req.get("accept-language") ?? null }),
      ]);
      const window = Math.floor(services.now() / TIME_WINDOW_MS);
      const digest = createHash("sha256")
        .update(JSON.stringify([version, locale, window, fixed]))
        .digest();
      const etag = `W/"${b64url(digest).slice(0, 27)}"`;
      // Without a nonce of its own to replace, the page is not cached (its scripts could not run).
      if (!useNonce(res, b64url(createHmac("sha256", nonceKey).update(etag).digest()).slice(0, 22))) return next();
      res.locals.pageCache = { etag } satisfies PageCacheDecision;
      if (!matchesIfNoneMatch(req.get("if-none-match"), etag)) return next();
      res.status(304);
      res.set({ ETag: etag, "Cache-Control": PAGE_CACHE_CONTROL });
      // The same Vary as the 200 (compression adds Accept-Encoding to a page, not to an empty 304).
      for (const header of [...PAGE_CACHE_VARY, "Accept-Encoding"]) res.vary(header);
      res.end();
    } catch (error) {
      next(error);
    }
  };
}

/**
 * Replaces the response's nonce (set by the first middleware, already in helmet's CSP header) with
 * `nonce`, in the header and for Remix. False when the header does not carry the old one.
 */
function useNonce(res: Response, nonce: string): boolean {
  const previous = `'nonce-${res.locals.cspNonce as string}'`;
  const csp = res.getHeader("Content-Security-Policy");
  if (typeof csp !== "string" || !csp.includes(previous)) return false;
  res.setHeader("Content-Security-Policy", csp.replace(previous, `'nonce-${nonce}'`));
  res.locals.cspNonce = nonce;
  return true;
}
