import { randomBytes } from "node:crypto";
import path from "node:path";
import type { ServerBuild } from "@remix-run/node";
import express, { type NextFunction, type Request, type Response } from "express";
import { rateLimit } from "express-rate-limit";
import helmet from "helmet";
import { localeFromAcceptLanguage } from "~/locales/i18n";
import { getT } from "~/locales/i18n.server";
import { errorForLog, redactPath } from "~/server/logger.server";
import { DatabaseRateLimitStore } from "~/server/rate-limit-store.server";
import type { Env } from "~/server/env.server";
import type { AppServices } from "~/server/services.server";
import { BODY_LIMITS, BodyTooLarge, readBodyWithin } from "./body-limit";
import { compressResponses, precompressedStatic } from "./compression";
import { createPageCache } from "./page-cache";
import { createRemixHandler } from "./remix-handler";
import { normalisePath } from "./route-key";

export interface RateLimitTier {
  windowMs: number;
  limit: number;
}

export interface HttpOptions {
  services: AppServices;
  /** The Remix build, or a function returning it (Vite dev server). */
  build: ServerBuild | (() => Promise<ServerBuild>);
  /** Serves build/client. Absent in development, where Vite serves assets. */
  clientBuildDir?: string;
  /** Extra middleware placed before Remix (Vite's dev middleware). */
  before?: express.RequestHandler;
  /** Overrides the limits from the environment (tests). */
  rateLimits?: { general: RateLimitTier; strict: RateLimitTier; webhook?: RateLimitTier };
}

export function rateLimitsFromEnv(env: Env) {
  return {
    general: { windowMs: 60_000, limit: env.RATE_LIMIT_GENERAL },
    /** Sign-in requests and code entry, per IP. */
    strict: { windowMs: 15 * 60_000, limit: env.RATE_LIMIT_STRICT },
    /** Resend's webhook: bursts of events from a few addresses, far above any person's pace. */
    webhook: WEBHOOK_LIMIT,
  };
}

/**
 * Routes whose POSTs are rate limited by the strict tier: sign-in, code, link, first sign-in and the
 * second factor's codes. Passkeys (/login/passkey) are not: a signature cannot be guessed, each
 * proof takes two requests, and several coordinators behind one office address would soon share
 * one budget; the per-account lock-out counts their failures all the same.
 * Matched on the normalised path, so `/LOGIN`, `/%6cogin` and `/login.data?index` count too.
 */
const STRICT_PATHS = new Set(["/login", "/login/verify", "/login/welcome", "/login/second-factor"]);
const MAIL_PREVIEW = /^\/dev\/mailbox\/\d+\/html$/;
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const WEBHOOK_PATH = "/webhooks/resend";
const UPLOAD_PATH = "/coordinator/facilities/import";
const WEBHOOK_LIMIT: RateLimitTier = { windowMs: 60_000, limit: 600 };

function errorPage(req: Request, res: Response, status: number, key: string) {
  const locale = localeFromAcceptLanguage(req.get("accept-language") ?? null);
  const t = getT(locale);
  res
    .status(status)
    .type("html")
    .send(
      `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${t("errors.title")}</title></head><body><main><h1>${t("errors.title")}</h1><p>${t(key)}</p><p><a href="/">${t("errors.backHome")}</a></p></main></body></html>`,
    );
}

/** 413: the rest of the body is never read; the connection closes after this short page. */
function tooLarge(req: Request, res: Response) {
  res.set("Connection", "close");
  res.on("finish", () => req.destroy());
  errorPage(req, res, 413, "errors.tooLarge");
}

/**
 * The CSP source for a Leaflet tile URL template: its origin, with a `{s}` subdomain placeholder
 * as a wildcard ("https://{s}.tile.example.org/{z}/{x}/{y}.png" → "https://*.tile.example.org").
 * Relative or empty templates need nothing beyond 'self'.
 */
export function tileImageSources(template: string): string[] {
  const match = /^(https?):\/\/([^/?#]+)/i.exec(template.trim());
  if (!match) return [];
  const host = match[2]!.replace(/\{[a-z]\}/gi, "*");
  return /^[a-z0-9.*:-]+$/i.test(host) ? [`${match[1]!.toLowerCase()}://${host.toLowerCase()}`] : [];
}

/** The Express app: security headers, origin check, rate limits, request logs, static files, Remix. */
export function createHttpApp(options: HttpOptions) {
  const { services } = options;
  const { env, logger } = services;
  const limits = options.rateLimits ?? rateLimitsFromEnv(env);
  const appOrigin = new URL(env.APP_URL).origin;
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", env.TRUST_PROXY);

  app.use((req, res, next) => {
    const started = performance.now();
    res.locals.cspNonce = randomBytes(16).toString("base64");
    res.on("finish", () => {
      logger.log("info", "request", {
        method: req.method,
        path: redactPath(req.originalUrl),
        status: res.statusCode,
        ms: Math.round((performance.now() - started) * 10) / 10,
      });
    });
    next();
  });

  const isDev = env.NODE_ENV === "development";
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          "default-src": ["'self'"],
          "script-src": ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce}'`, ...(isDev ? ["'unsafe-eval'"] : [])],
          // Emails carry inline styles; only the local mailbox's raw view of one needs them.
          "style-src": [
            "'self'",
            ...(isDev ? ["'unsafe-inline'"] : []),
            (req) => (env.mailboxEnabled && MAIL_PREVIEW.test((req as Request).path) ? "'unsafe-inline'" : "'self'"),
          ],
          // Map tiles (Leaflet on /map) come from the configured tile server.
          "img-src": ["'self'", "data:", ...tileImageSources(env.MAP_TILE_URL)],
          "font-src": ["'self'"],
          "connect-src": ["'self'", ...(isDev ? ["ws:"] : [])],
          "form-action": ["'self'"],
          "frame-ancestors": ["'self'"],
          "frame-src": ["'self'"],
          "base-uri": ["'self'"],
          "object-src": ["'none'"],
          ...(appOrigin.startsWith("https:") ? { "upgrade-insecure-requests": [] } : {}),
        },
      },
      referrerPolicy: { policy: "strict-origin-when-cross-origin" },
      strictTransportSecurity: env.isProduction ? { maxAge: 63072000, includeSubDomains: true } : false,
      xFrameOptions: { action: "sameorigin" },
      crossOriginEmbedderPolicy: false,
    }),
  );

  // A browser always sends Origin on a cross-site form POST; anything not from us is refused.
  // Requests without Origin (server-to-server webhooks, curl) are not CSRF and pass.
  app.use((req, res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const origin = req.get("origin");
    const fetchSite = req.get("sec-fetch-site");
    if ((origin && origin !== appOrigin) || fetchSite === "cross-site") {
      logger.log("warn", "cross-origin request refused", { method: req.method, path: redactPath(req.originalUrl) });
      return errorPage(req, res, 403, "errors.crossOrigin");
    }
    next();
  });

  // Brotli or gzip for what is not compressed yet; the build's .br/.gz twins of static files first.
  app.use(compressResponses());
  if (options.clientBuildDir) {
    app.use(precompressedStatic(options.clientBuildDir));
    app.use("/assets", express.static(path.join(options.clientBuildDir, "assets"), { immutable: true, maxAge: "1y", index: false }));
    app.use(express.static(options.clientBuildDir, { maxAge: "1h", index: false }));
  }
  // Browsers ask for /favicon.ico on pages without an icon link (the raw email view).
  app.get("/favicon.ico", (_req, res) => res.redirect(301, "/favicon.svg"));
  if (options.before) app.use(options.before);

  // Anonymous pages: a revalidation whose ETag still holds is answered 304 here, before the rate
  // limits, whose bookkeeping (a write) would cost more than the answer itself (decision 037).
  const sessionCookieNames = [services.cookies.session.name, services.cookies.pendingSignup.name];
  app.use(createPageCache({ services, build: options.build, sessionCookieNames }));

  const tooMany = (req: Request, res: Response) => errorPage(req, res, 429, "errors.tooManyRequests");
  const routeOf = (req: Request) => normalisePath(req.path);
  const isWebhook = (req: Request) => req.method === "POST" && routeOf(req) === WEBHOOK_PATH;
  const tier = (name: string, limit: RateLimitTier, skip: (req: Request) => boolean) =>
    rateLimit({
      ...limit,
      standardHeaders: "draft-7",
      legacyHeaders: false,
      store: new DatabaseRateLimitStore(services.database, name, services.now),
      handler: tooMany,
      skip,
    });
  app.use(
    // The provider's webhook comes in bursts from a few addresses (an event per email sent), so it
    // has a tier of its own instead of the per-person general one.
    tier("general", limits.general, (req) => routeOf(req) === "/healthz" || isWebhook(req)),
    tier("strict", limits.strict, (req) => SAFE_METHODS.has(req.method) || !STRICT_PATHS.has(routeOf(req))),
    tier("webhook", limits.webhook ?? WEBHOOK_LIMIT, (req) => !isWebhook(req)),
  );

  // Body limits before anything reads a body. Forms and the webhook are read here, counted as the
  // bytes arrive (chunked too), and handed to Remix from memory; the facility upload is streamed
  // to its route, which checks the role before it reads (and counts) up to 10 MB.
  app.use((req, res, next) => {
    if (req.method === "GET" || req.method === "HEAD") return next();
    const route = routeOf(req);
    if (route === UPLOAD_PATH) {
      if (Number(req.get("content-length")) > BODY_LIMITS.upload + BODY_LIMITS.form) return tooLarge(req, res);
      return next();
    }
    readBodyWithin(req, route === WEBHOOK_PATH ? BODY_LIMITS.webhook : BODY_LIMITS.form).then(
      (body) => {
        res.locals.body = body;
        next();
      },
      (error: unknown) => (error instanceof BodyTooLarge ? tooLarge(req, res) : next(error)),
    );
  });

  app.all(
    "*",
    createRemixHandler({
      build: options.build,
      mode: env.NODE_ENV === "development" ? "development" : "production",
      getLoadContext: (req: Request, res: Response) => ({
        services,
        cspNonce: res.locals.cspNonce as string,
        clientIp: req.ip ?? "unknown",
      }),
      sessionCookieNames,
    }),
  );

  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    // A malformed URL (bad percent-encoding, e.g. a mail link cut short) is the client's mistake:
    // Express marks it 400. Answer with a clear page, not a 500.
    if (error instanceof URIError || (error as { status?: unknown } | null)?.status === 400) {
      if (!res.headersSent) errorPage(req, res, 400, "notifications.errors.brokenLink");
      return;
    }
    logger.log("error", "unhandled error", { path: redactPath(req.originalUrl), error: errorForLog(error) });
    if (!res.headersSent) errorPage(req, res, 500, "errors.unexpected");
  });

  return app;
}
