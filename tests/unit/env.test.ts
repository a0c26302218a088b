import { readFileSync } from "node:fs";
import path from "node:path";
import { parseEnv } from "node:util";
import { describe, expect, it } from "vitest";
import { DEVELOPMENT_SESSION_SECRET, EnvError, loadEnv, PUBLISHED_SESSION_SECRETS } from "~/server/env.server";

const SECRET_A = "a".repeat(32);
const SECRET_B = "b".repeat(40);
/** The value .env.example carried until issue 11: published, so production must refuse it. */
const OLD_EXAMPLE_SECRET = "demo-secret-change-me-0123456789abcdef";
const PRODUCTION = { NODE_ENV: "production", SESSION_SECRET: SECRET_A, APP_URL: "https://noaber.example", RESEND_API_KEY: "re_live" };

/** The EnvError thrown by loadEnv for this source (fails the test when nothing is thrown). */
function envError(source: Record<string, string | undefined>): EnvError {
  try {
    loadEnv(source);
  } catch (error) {
    expect(error).toBeInstanceOf(EnvError);
    return error as EnvError;
  }
  throw new Error(`loadEnv accepted ${JSON.stringify(source)}`);
}

/** The lines of an EnvError that name a variable ("  NAME: message"). */
function problemLines(error: EnvError): string[] {
  return error.message.split("\n").filter((line) => /^ {2}[A-Z_]+: /.test(line));
}

const dev = (source: Record<string, string> = {}) => ({ NODE_ENV: "development", ...source });

describe("loadEnv", () => {
  it("fills in working development defaults for an empty development environment", () => {
    const env = loadEnv(dev());
    expect(env.NODE_ENV).toBe("development");
    expect(env.isProduction).toBe(false);
    expect(env.DATABASE_URL).toBe("file:./data/noaber.db");
    expect(env.PORT).toBe(3000);
    expect(env.APP_URL).toBe("http://localhost:3000");
    expect(env.DEFAULT_TIME_ZONE).toBe("Europe/Amsterdam");
    expect(env.RUN_WORKER).toBe(true);
    expect(env.EMAIL_FROM).toContain("@");
    expect(env.SESSION_SECRETS).toEqual([DEVELOPMENT_SESSION_SECRET]);
    expect(env.SESSION_SECRETS[0]!.length).toBeGreaterThanOrEqual(32);
    expect(env.RESEND_API_KEY).toBeUndefined();
    expect(env.mailboxEnabled).toBe(true);
  });

  it("NODE_ENV defaults to production: an empty environment is refused, one line per missing variable", () => {
    const error = envError({});
    expect(problemLines(error)).toEqual([
      expect.stringMatching(/^ {2}SESSION_SECRET: is required in production/),
      expect.stringMatching(/^ {2}APP_URL: is required in production/),
      expect.stringMatching(/^ {2}RESEND_API_KEY: is required in production.*LOCAL_MAILBOX=true/),
    ]);
    const { NODE_ENV: _unset, ...withoutNodeEnv } = PRODUCTION;
    const env = loadEnv(withoutNodeEnv);
    expect(env.NODE_ENV).toBe("production");
    expect(env.isProduction).toBe(true);
  });

  it("treats empty strings as unset", () => {
    const env = loadEnv(dev({ PORT: "", DATABASE_URL: "", SESSION_SECRET: "" }));
    expect(env.PORT).toBe(3000);
    expect(env.DATABASE_URL).toBe("file:./data/noaber.db");
  });

  it("derives APP_URL from PORT and strips a trailing slash from a given APP_URL", () => {
    expect(loadEnv(dev({ PORT: "4123" })).APP_URL).toBe("http://localhost:4123");
    expect(loadEnv(dev({ APP_URL: "https://noaber.example/" })).APP_URL).toBe("https://noaber.example");
  });

  it("requires SESSION_SECRET in production and names it", () => {
    const error = envError({ ...PRODUCTION, SESSION_SECRET: undefined });
    expect(problemLines(error)).toEqual([expect.stringMatching(/^ {2}SESSION_SECRET: is required in production/)]);
  });

  it("requires APP_URL in production and names it", () => {
    const error = envError({ ...PRODUCTION, APP_URL: undefined });
    expect(problemLines(error)).toEqual([expect.stringMatching(/^ {2}APP_URL: is required in production/)]);
  });

  it("accepts a complete production environment", () => {
    const env = loadEnv(PRODUCTION);
    expect(env.isProduction).toBe(true);
    expect(env.SESSION_SECRETS).toEqual([SECRET_A]);
    expect(env.mailboxEnabled).toBe(false);
  });

  it("rejects a session secret shorter than 32 characters, in any environment", () => {
    expect(envError(dev({ SESSION_SECRET: "too-short" })).message).toMatch(/SESSION_SECRET: each secret must be at least 32 characters/);
    expect(envError(dev({ SESSION_SECRET: `${SECRET_A},short` })).message).toMatch(/SESSION_SECRET/);
    expect(problemLines(envError({ ...PRODUCTION, SESSION_SECRET: "x".repeat(31) }))).toEqual([
      "  SESSION_SECRET: each secret must be at least 32 characters",
    ]);
  });

  it.each([
    ["the old .env.example value", OLD_EXAMPLE_SECRET],
    ["the development default", DEVELOPMENT_SESSION_SECRET],
    ["a published value among the rotated secrets", `${SECRET_A},${OLD_EXAMPLE_SECRET}`],
  ])("refuses %s as SESSION_SECRET in production", (_name, secret) => {
    const lines = problemLines(envError({ ...PRODUCTION, SESSION_SECRET: secret }));
    expect(lines).toEqual([expect.stringMatching(/^ {2}SESSION_SECRET: is a published value/)]);
  });

  it("keeps the development default and allows published values outside production", () => {
    expect(loadEnv(dev({ SESSION_SECRET: OLD_EXAMPLE_SECRET })).SESSION_SECRETS).toEqual([OLD_EXAMPLE_SECRET]);
    expect(loadEnv({ NODE_ENV: "test" }).SESSION_SECRETS).toEqual([DEVELOPMENT_SESSION_SECRET]);
  });

  it("lists every published secret, including whatever .env.example holds now", () => {
    expect(PUBLISHED_SESSION_SECRETS).toContain(OLD_EXAMPLE_SECRET);
    expect(PUBLISHED_SESSION_SECRETS).toContain(DEVELOPMENT_SESSION_SECRET);
    const example = parseEnv(readFileSync(path.resolve(import.meta.dirname, "../../.env.example"), "utf8"));
    const inExample = (example.SESSION_SECRET ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    for (const secret of inExample) expect(PUBLISHED_SESSION_SECRETS).toContain(secret);
  });

  it("the demo's environment (.env.example, LOCAL_MAILBOX=true, a fresh secret) passes the production checks", () => {
    const example = parseEnv(readFileSync(path.resolve(import.meta.dirname, "../../.env.example"), "utf8"));
    const env = loadEnv({ ...example, NODE_ENV: "production", LOCAL_MAILBOX: "true", SESSION_SECRET: SECRET_B });
    expect(env.mailboxEnabled).toBe(true);
    expect(env.APP_URL).toBe("http://localhost:3000");
    // The same file without the demo's switch is refused: no way to send email.
    expect(problemLines(envError({ ...example, NODE_ENV: "production", SESSION_SECRET: SECRET_B }))).toEqual([
      expect.stringMatching(/^ {2}RESEND_API_KEY: /),
    ]);
  });

  it.each(["http://noaber.example", "http://192.168.1.10:3000", "http://localhost.evil.example", "ftp://noaber.example"])(
    "refuses APP_URL=%s in production",
    (url) => {
      expect(problemLines(envError({ ...PRODUCTION, APP_URL: url }))).toEqual([
        expect.stringMatching(/^ {2}APP_URL: must start with https:\/\//),
      ]);
    },
  );

  it.each(["https://noaber.example", "http://localhost:3000", "http://127.0.0.1:8080", "http://[::1]:3000"])(
    "accepts APP_URL=%s in production",
    (url) => {
      expect(loadEnv({ ...PRODUCTION, APP_URL: url }).APP_URL).toBe(url);
    },
  );

  it("allows a plain-http APP_URL outside production", () => {
    expect(loadEnv(dev({ APP_URL: "http://noaber.lan" })).APP_URL).toBe("http://noaber.lan");
  });

  it("refuses production without a Resend key unless LOCAL_MAILBOX=true", () => {
    const { RESEND_API_KEY: _key, ...noKey } = PRODUCTION;
    expect(problemLines(envError(noKey))).toEqual([expect.stringMatching(/^ {2}RESEND_API_KEY: is required in production/)]);
    expect(problemLines(envError({ ...noKey, LOCAL_MAILBOX: "false" }))).toEqual([expect.stringMatching(/^ {2}RESEND_API_KEY: /)]);
    expect(loadEnv({ ...noKey, LOCAL_MAILBOX: "true" }).mailboxEnabled).toBe(true);
  });

  it("refuses a Resend key together with LOCAL_MAILBOX=true in production (ambiguous)", () => {
    expect(problemLines(envError({ ...PRODUCTION, LOCAL_MAILBOX: "true" }))).toEqual([
      expect.stringMatching(/^ {2}LOCAL_MAILBOX: cannot be true together with RESEND_API_KEY/),
    ]);
    expect(loadEnv({ ...PRODUCTION, LOCAL_MAILBOX: "false" }).mailboxEnabled).toBe(false);
  });

  it("names every production problem at once, one line each", () => {
    const lines = problemLines(envError({ NODE_ENV: "production", SESSION_SECRET: OLD_EXAMPLE_SECRET, APP_URL: "http://noaber.example" }));
    expect(lines).toHaveLength(3);
    expect(lines.map((line) => line.trim().split(":")[0])).toEqual(["SESSION_SECRET", "APP_URL", "RESEND_API_KEY"]);
  });

  it.each([
    [{ NODE_ENV: "development" }, true],
    [{ NODE_ENV: "test" }, true],
    [{ NODE_ENV: "development", RESEND_API_KEY: "re_x" }, false],
    [{ NODE_ENV: "test", RESEND_API_KEY: "re_x" }, false],
    [{ NODE_ENV: "development", RESEND_API_KEY: "re_x", LOCAL_MAILBOX: "true" }, true],
    [{ NODE_ENV: "development", LOCAL_MAILBOX: "on" }, true],
    [{ ...PRODUCTION }, false],
    [{ ...PRODUCTION, RESEND_API_KEY: "", LOCAL_MAILBOX: "1" }, true],
  ])("resolves the local mailbox for %j to %s", (source, expected) => {
    expect(loadEnv(source).mailboxEnabled).toBe(expected);
  });

  it("refuses LOCAL_MAILBOX=false without a Resend key outside production too (email has nowhere to go)", () => {
    expect(envError(dev({ LOCAL_MAILBOX: "false" })).message).toMatch(/RESEND_API_KEY: is required when LOCAL_MAILBOX=false/);
    expect(envError(dev({ LOCAL_MAILBOX: "maybe" })).message).toMatch(/LOCAL_MAILBOX: must be true or false/);
  });

  it("parses comma-separated secrets for rotation, in order, trimmed", () => {
    const env = loadEnv(dev({ SESSION_SECRET: ` ${SECRET_A} , ${SECRET_B},` }));
    expect(env.SESSION_SECRETS).toEqual([SECRET_A, SECRET_B]);
  });

  it.each([
    ["DATABASE_URL", "postgres://localhost/noaber"],
    ["DATABASE_URL", "./data/noaber.db"],
    ["PORT", "not-a-port"],
    ["PORT", "70000"],
    ["PORT", "80.5"],
    ["DEFAULT_TIME_ZONE", "Europe/Hoflanden"],
    ["RUN_WORKER", "yes please"],
    ["APP_URL", "noaber.example"],
    ["NODE_ENV", "staging"],
  ])("rejects %s=%j with an EnvError naming it", (name, value) => {
    const error = envError(dev({ [name]: value }));
    expect(error.name).toBe("EnvError");
    expect(error.message).toContain(`${name}:`);
  });

  it("accepts the other database URL forms", () => {
    for (const url of ["file:/tmp/x.db", ":memory:", "libsql://db.example", "http://127.0.0.1:8080", "wss://db.example"]) {
      expect(loadEnv(dev({ DATABASE_URL: url })).DATABASE_URL).toBe(url);
    }
  });

  it.each([
    ["false", false],
    ["0", false],
    ["off", false],
    ["true", true],
    ["1", true],
    ["on", true],
  ])("reads RUN_WORKER=%s as %s", (value, expected) => {
    expect(loadEnv(dev({ RUN_WORKER: value })).RUN_WORKER).toBe(expected);
  });

  it("coerces PORT and accepts a valid time zone", () => {
    const env = loadEnv(dev({ PORT: "8080", DEFAULT_TIME_ZONE: "America/New_York" }));
    expect(env.PORT).toBe(8080);
    expect(env.DEFAULT_TIME_ZONE).toBe("America/New_York");
  });

  it("reads the rate limits and the trusted proxy count, with safe defaults", () => {
    expect(loadEnv(dev())).toMatchObject({ RATE_LIMIT_GENERAL: 300, RATE_LIMIT_STRICT: 10, TRUST_PROXY: 0 });
    expect(loadEnv(dev({ RATE_LIMIT_GENERAL: "50", RATE_LIMIT_STRICT: "3", TRUST_PROXY: "1" }))).toMatchObject({
      RATE_LIMIT_GENERAL: 50,
      RATE_LIMIT_STRICT: 3,
      TRUST_PROXY: 1,
    });
    expect(envError(dev({ RATE_LIMIT_STRICT: "0" })).message).toContain("RATE_LIMIT_STRICT");
    expect(envError(dev({ RATE_LIMIT_GENERAL: "many" })).message).toContain("RATE_LIMIT_GENERAL");
    expect(envError(dev({ TRUST_PROXY: "-1" })).message).toContain("TRUST_PROXY");
  });

  it("reads the email rate, the webhook secret and the map tiles, and rejects bad values", () => {
    expect(loadEnv(dev())).toMatchObject({ EMAIL_RATE_PER_SECOND: 2, MAP_TILE_URL: expect.stringContaining("{z}") });
    expect(loadEnv(dev()).RESEND_WEBHOOK_SECRET).toBeUndefined();
    expect(loadEnv(dev({ EMAIL_RATE_PER_SECOND: "0.5", RESEND_WEBHOOK_SECRET: "whsec_abc" }))).toMatchObject({
      EMAIL_RATE_PER_SECOND: 0.5,
      RESEND_WEBHOOK_SECRET: "whsec_abc",
    });
    expect(envError(dev({ EMAIL_RATE_PER_SECOND: "0" })).message).toContain("EMAIL_RATE_PER_SECOND");
    expect(envError(dev({ RESEND_WEBHOOK_SECRET: "secret" })).message).toContain("RESEND_WEBHOOK_SECRET");
  });
});
