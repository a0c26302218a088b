import { z } from "zod";

const booleanFlag = z
  .enum(["true", "false", "1", "0", "on", "off"], { message: "must be true or false" })
  .transform((v) => v === "true" || v === "1" || v === "on");

const timeZone = z.string().refine(
  (zone) => {
    try {
      new Intl.DateTimeFormat("en", { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  },
  { message: "must be an IANA time zone such as Europe/Amsterdam" },
);

const databaseUrl = z.string().refine((url) => /^(file:|libsql:\/\/|https?:\/\/|wss?:\/\/)/.test(url) || url === ":memory:", {
  message: "must start with file:, libsql://, http(s):// or ws(s)://",
});

const databaseSchema = z.object({
  DATABASE_URL: databaseUrl.default("file:./data/noaber.db"),
  DATABASE_AUTH_TOKEN: z.string().min(1).optional(),
});

/** The secret used outside production when SESSION_SECRET is unset; it is in the source, so production refuses it. */
export const DEVELOPMENT_SESSION_SECRET = "development-only-secret-do-not-use-in-production";

/**
 * Session secrets that were ever published (in this repository or its example files). Production
 * refuses each of them: anyone could forge cookies with one. When `.env.example` ever carries a
 * value again, add it here (a unit test checks this).
 */
export const PUBLISHED_SESSION_SECRETS: readonly string[] = ["demo-secret-change-me-0123456789abcdef", DEVELOPMENT_SESSION_SECRET];

/** Hosts for which production accepts a plain-http APP_URL (a demo on this machine). */
const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

const splitSecrets = (value: string | undefined) =>
  (value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * The one switch for the local mailbox: email is stored instead of sent, /dev/mailbox exists and
 * every page shows the demo banner. An explicit LOCAL_MAILBOX wins (production refuses it together
 * with a Resend key); unset, it is on outside production without a Resend key.
 */
function resolveMailbox(env: { NODE_ENV: string; RESEND_API_KEY?: string; LOCAL_MAILBOX?: boolean }): boolean {
  return env.LOCAL_MAILBOX ?? (env.NODE_ENV !== "production" && !env.RESEND_API_KEY);
}

const schema = z
  .object({
    // Production unless told otherwise: `npm run dev` sets development, the tests set test.
    NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
    ...databaseSchema.shape,
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    APP_URL: z.string().url({ message: "must be a full URL such as https://noaber.example" }).optional(),
    SESSION_SECRET: z.string().optional(),
    RESEND_API_KEY: z.string().min(1).optional(),
    RESEND_BASE_URL: z.string().url().optional(),
    /**
     * Email goes into the local mailbox (the database, shown at /dev/mailbox) instead of Resend.
     * Unset: on outside production when RESEND_API_KEY is unset; off in production.
     */
    LOCAL_MAILBOX: booleanFlag.optional(),
    EMAIL_FROM: z.string().min(3).default("Noaber <noreply@noaber.localhost>"),
    DEFAULT_TIME_ZONE: timeZone.default("Europe/Amsterdam"),
    RUN_WORKER: booleanFlag.default("true"),
    /** Requests per IP per minute (general tier). */
    RATE_LIMIT_GENERAL: z.coerce.number().int().positive().default(300),
    /** Sign-in POSTs per IP per 15 minutes (strict tier). */
    RATE_LIMIT_STRICT: z.coerce.number().int().positive().default(10),
    /** How long a staff member's second-factor proof counts for care data and role changes (hours). */
    STEP_UP_MAX_AGE_HOURS: z.coerce.number().positive().max(12).default(12),
    /** Signing secret of the Resend webhook (Svix, `whsec_…`); without it POST /webhooks/resend answers 404. */
    RESEND_WEBHOOK_SECRET: z.string().startsWith("whsec_", { message: "must start with whsec_" }).optional(),
    /** Requests per second the outbox worker sends to the provider (Resend allows 2 by default). */
    EMAIL_RATE_PER_SECOND: z.coerce.number().positive().max(100).default(2),
    /** Map tiles for /map (Leaflet URL template); markers and the list work without them. */
    MAP_TILE_URL: z.string().default("https://tile.openstreetmap.org/{z}/{x}/{y}.png"),
    MAP_TILE_ATTRIBUTION: z.string().default("© OpenStreetMap"),
    /** Reverse proxies in front of the app whose X-Forwarded-For may be trusted. */
    TRUST_PROXY: z.coerce.number().int().min(0).default(0),
  })
  .superRefine((env, issue) => {
    const production = env.NODE_ENV === "production";
    const secrets = splitSecrets(env.SESSION_SECRET);
    if (production && secrets.length === 0) {
      issue.addIssue({
        code: "custom",
        path: ["SESSION_SECRET"],
        message: "is required in production (make one with: openssl rand -base64 48)",
      });
    }
    if (secrets.some((s) => s.length < 32)) {
      issue.addIssue({ code: "custom", path: ["SESSION_SECRET"], message: "each secret must be at least 32 characters" });
    }
    if (production && secrets.some((s) => PUBLISHED_SESSION_SECRETS.includes(s))) {
      issue.addIssue({
        code: "custom",
        path: ["SESSION_SECRET"],
        message: "is a published value (from .env.example or the development default); make a new one with: openssl rand -base64 48",
      });
    }
    if (production && !env.APP_URL) {
      issue.addIssue({ code: "custom", path: ["APP_URL"], message: "is required in production" });
    }
    if (production && env.APP_URL && URL.canParse(env.APP_URL)) {
      const url = new URL(env.APP_URL);
      if (url.protocol !== "https:" && !LOOPBACK_HOSTS.has(url.hostname)) {
        issue.addIssue({
          code: "custom",
          path: ["APP_URL"],
          message: "must start with https:// in production (plain http only for localhost)",
        });
      }
    }
    if (!env.RESEND_API_KEY && !resolveMailbox(env)) {
      issue.addIssue({
        code: "custom",
        path: ["RESEND_API_KEY"],
        message: production
          ? "is required in production; only a demo may set LOCAL_MAILBOX=true instead (anyone can then read every email at /dev/mailbox)"
          : "is required when LOCAL_MAILBOX=false (email has nowhere else to go)",
      });
    }
    if (production && env.RESEND_API_KEY && env.LOCAL_MAILBOX === true) {
      issue.addIssue({
        code: "custom",
        path: ["LOCAL_MAILBOX"],
        message: "cannot be true together with RESEND_API_KEY in production; choose one",
      });
    }
  })
  .transform((env) => {
    const secrets = splitSecrets(env.SESSION_SECRET);
    const isProduction = env.NODE_ENV === "production";
    return {
      ...env,
      APP_URL: (env.APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, ""),
      // Outside production an unset secret gets a fixed development value so `npm run dev` just works.
      SESSION_SECRETS: secrets.length > 0 ? secrets : [DEVELOPMENT_SESSION_SECRET],
      isProduction,
      /** See resolveMailbox; use this, never `!RESEND_API_KEY`. */
      mailboxEnabled: resolveMailbox(env),
    };
  });

export type Env = z.output<typeof schema>;

export class EnvError extends Error {
  override name = "EnvError";
}

function parse<T extends z.ZodTypeAny>(target: T, source: Record<string, string | undefined>): z.output<T> {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = target.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new EnvError(`Invalid environment:\n${lines.join("\n")}`);
  }
  return result.data;
}

/** Parses the environment once. Throws an EnvError naming every invalid variable, one line each. */
export function loadEnv(source: Record<string, string | undefined>): Env {
  return parse(schema, source);
}

/** Only the database settings, for the db:* commands (they need no secret, mail or public URL). */
export function loadDatabaseEnv(source: Record<string, string | undefined>): z.output<typeof databaseSchema> {
  return parse(databaseSchema, source);
}
