import { describe, expect, it } from "vitest";
import { EnvError, loadEnv } from "~/utils/env.server";

const SECRET_A = "a".repeat(32);
const SECRET_B = "b".repeat(40);

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

describe("loadEnv", () => {
  it("fills in working development defaults for an empty environment", () => {
    const env = loadEnv({});
    expect(env.NODE_ENV).toBe("development");
    expect(env.isProduction).toBe(false);
    expect(env.DATABASE_URL).toBe("file:./data/noaber.db");
    expect(env.PORT).toBe(3000);
    expect(env.APP_URL).toBe("http://localhost:3000");
    expect(env.DEFAULT_TIME_ZONE).toBe("Europe/Amsterdam");
    expect(env.RUN_WORKER).toBe(true);
    expect(env.EMAIL_FROM).toContain("@");
    expect(env.SESSION_SECRETS).toHaveLength(1);
    expect(env.SESSION_SECRETS[0]!.length).toBeGreaterThanOrEqual(32);
    expect(env.RESEND_API_KEY).toBeUndefined();
  });

  it("treats empty strings as unset", () => {
    const env = loadEnv({ PORT: "", DATABASE_URL: "", SESSION_SECRET: "" });
    expect(env.PORT).toBe(3000);
    expect(env.DATABASE_URL).toBe("file:./data/noaber.db");
  });

  it("derives APP_URL from PORT and strips a trailing slash from a given APP_URL", () => {
    expect(loadEnv({ PORT: "4123" }).APP_URL).toBe("http://localhost:4123");
    expect(loadEnv({ APP_URL: "https://noaber.example/" }).APP_URL).toBe("https://noaber.example");
  });

  it("requires SESSION_SECRET in production and names it", () => {
    const error = envError({ NODE_ENV: "production", APP_URL: "https://noaber.example" });
    expect(error.message).toMatch(/SESSION_SECRET: is required in production/);
    expect(error.message).not.toMatch(/APP_URL/);
  });

  it("requires APP_URL in production and names it", () => {
    const error = envError({ NODE_ENV: "production", SESSION_SECRET: SECRET_A });
    expect(error.message).toMatch(/APP_URL: is required in production/);
    expect(error.message).not.toMatch(/SESSION_SECRET/);
  });

  it("names every missing production variable at once", () => {
    const error = envError({ NODE_ENV: "production" });
    expect(error.message).toMatch(/SESSION_SECRET/);
    expect(error.message).toMatch(/APP_URL/);
  });

  it("accepts a complete production environment", () => {
    const env = loadEnv({ NODE_ENV: "production", SESSION_SECRET: SECRET_A, APP_URL: "https://noaber.example" });
    expect(env.isProduction).toBe(true);
    expect(env.SESSION_SECRETS).toEqual([SECRET_A]);
  });

  it("rejects a session secret shorter than 32 characters, in any environment", () => {
    expect(envError({ SESSION_SECRET: "too-short" }).message).toMatch(/SESSION_SECRET: each secret must be at least 32 characters/);
    expect(envError({ SESSION_SECRET: `${SECRET_A},short` }).message).toMatch(/SESSION_SECRET/);
  });

  it("parses comma-separated secrets for rotation, in order, trimmed", () => {
    const env = loadEnv({ SESSION_SECRET: ` ${SECRET_A} , ${SECRET_B},` });
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
    const error = envError({ [name]: value });
    expect(error.name).toBe("EnvError");
    expect(error.message).toContain(`${name}:`);
  });

  it("accepts the other database URL forms", () => {
    for (const url of ["file:/tmp/x.db", ":memory:", "libsql://db.example", "http://127.0.0.1:8080", "wss://db.example"]) {
      expect(loadEnv({ DATABASE_URL: url }).DATABASE_URL).toBe(url);
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
    expect(loadEnv({ RUN_WORKER: value }).RUN_WORKER).toBe(expected);
  });

  it("coerces PORT and accepts a valid time zone", () => {
    const env = loadEnv({ PORT: "8080", DEFAULT_TIME_ZONE: "America/New_York" });
    expect(env.PORT).toBe(8080);
    expect(env.DEFAULT_TIME_ZONE).toBe("America/New_York");
  });

  it("reads the rate limits and the trusted proxy count, with safe defaults", () => {
    expect(loadEnv({})).toMatchObject({ RATE_LIMIT_GENERAL: 300, RATE_LIMIT_STRICT: 10, TRUST_PROXY: 0 });
    expect(loadEnv({ RATE_LIMIT_GENERAL: "50", RATE_LIMIT_STRICT: "3", TRUST_PROXY: "1" })).toMatchObject({
      RATE_LIMIT_GENERAL: 50,
      RATE_LIMIT_STRICT: 3,
      TRUST_PROXY: 1,
    });
    expect(envError({ RATE_LIMIT_STRICT: "0" }).message).toContain("RATE_LIMIT_STRICT");
    expect(envError({ RATE_LIMIT_GENERAL: "many" }).message).toContain("RATE_LIMIT_GENERAL");
    expect(envError({ TRUST_PROXY: "-1" }).message).toContain("TRUST_PROXY");
  });

  it("reads the email rate, the webhook secret and the map tiles, and rejects bad values", () => {
    expect(loadEnv({})).toMatchObject({ EMAIL_RATE_PER_SECOND: 2, MAP_TILE_URL: expect.stringContaining("{z}") });
    expect(loadEnv({}).RESEND_WEBHOOK_SECRET).toBeUndefined();
    expect(loadEnv({ EMAIL_RATE_PER_SECOND: "0.5", RESEND_WEBHOOK_SECRET: "whsec_abc" })).toMatchObject({
      EMAIL_RATE_PER_SECOND: 0.5,
      RESEND_WEBHOOK_SECRET: "whsec_abc",
    });
    expect(envError({ EMAIL_RATE_PER_SECOND: "0" }).message).toContain("EMAIL_RATE_PER_SECOND");
    expect(envError({ RESEND_WEBHOOK_SECRET: "secret" }).message).toContain("RESEND_WEBHOOK_SECRET");
  });
});
