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

const databaseUrl = z
  .string()
  .refine((url) => /^(file:|libsql:\/\/|https?:\/\/|wss?:\/\/)/.test(url) || url === ":memory:", {
    message: "must start with file:, libsql://, http(s):// or ws(s)://",
  });

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_URL: databaseUrl.default("file:./data/noaber.db"),
    DATABASE_AUTH_TOKEN: z.string().min(1).optional(),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    APP_URL: z.string().url({ message: "must be a full URL such as https://noaber.example" }).optional(),
    SESSION_SECRET: z.string().optional(),
    RESEND_API_KEY: z.string().min(1).optional(),
    RESEND_BASE_URL: z.string().url().optional(),
    EMAIL_FROM: z.string().min(3).default("Noaber <noreply@noaber.localhost>"),
    DEFAULT_TIME_ZONE: timeZone.default("Europe/Amsterdam"),
    RUN_WORKER: booleanFlag.default("true"),
    /** Requests per IP per minute (general tier). */
    RATE_LIMIT_GENERAL: z.coerce.number().int().positive().default(300),
    /** Sign-in POSTs per IP per 15 minutes (strict tier). */
    RATE_LIMIT_STRICT: z.coerce.number().int().positive().default(10),
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
    const secrets = (env.SESSION_SECRET ?? "").split(",").map((s) => s.trim()).filter(Boolean);
    if (env.NODE_ENV === "production" && secrets.length === 0) {
      issue.addIssue({ code: "custom", path: ["SESSION_SECRET"], message: "is required in production" });
    }
    if (secrets.some((s) => s.length < 32)) {
      issue.addIssue({ code: "custom", path: ["SESSION_SECRET"], message: "each secret must be at least 32 characters" });
    }
    if (env.NODE_ENV === "production" && !env.APP_URL) {
      issue.addIssue({ code: "custom", path: ["APP_URL"], message: "is required in production" });
    }
  })
  .transform((env) => {
    const secrets = (env.SESSION_SECRET ?? "").split(",").map((s) => s.trim()).filter(Boolean);
    return {
      ...env,
      APP_URL: (env.APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, ""),
      // Outside production an unset secret gets a fixed development value so `npm run dev` just works.
      SESSION_SECRETS: secrets.length > 0 ? secrets : ["development-only-secret-do-not-use-in-production"],
      isProduction: env.NODE_ENV === "production",
    };
  });

export type Env = z.output<typeof schema>;

export class EnvError extends Error {
  override name = "EnvError";
}

/** Parses the environment once. Throws an EnvError naming every invalid variable. */
export function loadEnv(source: Record<string, string | undefined>): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new EnvError(`Invalid environment:\n${lines.join("\n")}`);
  }
  return result.data;
}
