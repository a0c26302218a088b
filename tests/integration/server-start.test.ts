import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const STRONG_SECRET = "x4P9sQ2vLm8TzR1nW6yB3cK7dF0hJ5gA";
/** A production environment that passes every check; each test breaks one thing. */
const PRODUCTION = {
  NODE_ENV: "production",
  SESSION_SECRET: STRONG_SECRET,
  APP_URL: "https://noaber.example",
  RESEND_API_KEY: "re_live_key",
};

/** Runs app/server/main.ts with exactly this environment (nothing inherited but PATH) until it exits. */
function start(env: Record<string, string | undefined>, args: string[] = []) {
  const child = spawn(process.execPath, ["--import", "tsx", "app/server/main.ts", ...args], {
    cwd: root,
    env: Object.fromEntries(
      Object.entries({ PATH: process.env.PATH ?? "", ...env }).filter(([, v]) => v !== undefined),
    ) as NodeJS.ProcessEnv,
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) =>
    child.once("exit", (status) => resolve({ status, stdout, stderr })),
  );
  return { child, exited, output: () => stdout };
}

/** The variables named by the problem lines ("  NAME: message") of a refusal. */
function named(stderr: string): string[] {
  return stderr
    .split("\n")
    .filter((line) => /^ {2}[A-Z_]+: /.test(line))
    .map((line) => line.trim().split(":")[0]!);
}

async function refusal(env: Record<string, string | undefined>) {
  const result = await start(env).exited;
  expect(result.stdout).not.toContain("listening");
  return result;
}

test("the server refuses to start with an invalid environment and names each bad variable", async () => {
  const bad = await refusal({ NODE_ENV: "development", PORT: "not-a-port", DEFAULT_TIME_ZONE: "Mars/Olympus" });
  expect(bad.status).toBe(1);
  expect(bad.stderr).toMatch(/^\s+PORT: /m);
  expect(bad.stderr).toMatch(/^\s+DEFAULT_TIME_ZONE: must be an IANA time zone/m);
});

describe("production refuses unsafe configuration, one line per problem", () => {
  test.each([
    [
      "the SESSION_SECRET published in .env.example",
      { SESSION_SECRET: "demo-secret-change-me-0123456789abcdef" },
      ["SESSION_SECRET"],
      /SESSION_SECRET: is a published value/,
    ],
    [
      "the development default secret",
      { SESSION_SECRET: "development-only-secret-do-not-use-in-production" },
      ["SESSION_SECRET"],
      /SESSION_SECRET: is a published value/,
    ],
    [
      "a short secret",
      { SESSION_SECRET: "short-secret-0123456789" },
      ["SESSION_SECRET"],
      /SESSION_SECRET: each secret must be at least 32 characters/,
    ],
    ["no secret", { SESSION_SECRET: undefined }, ["SESSION_SECRET"], /SESSION_SECRET: is required in production/],
    ["an http APP_URL", { APP_URL: "http://noaber.example" }, ["APP_URL"], /APP_URL: must start with https:\/\//],
    ["no Resend key and no LOCAL_MAILBOX", { RESEND_API_KEY: undefined }, ["RESEND_API_KEY"], /RESEND_API_KEY: is required in production/],
    [
      "a Resend key and LOCAL_MAILBOX=true",
      { LOCAL_MAILBOX: "true" },
      ["LOCAL_MAILBOX"],
      /LOCAL_MAILBOX: cannot be true together with RESEND_API_KEY/,
    ],
    [
      "all of them at once",
      { SESSION_SECRET: "demo-secret-change-me-0123456789abcdef", APP_URL: "http://noaber.example", RESEND_API_KEY: undefined },
      ["SESSION_SECRET", "APP_URL", "RESEND_API_KEY"],
      /APP_URL: must start with https:\/\//,
    ],
  ])("%s → exit 1", async (_name, change, variables, message) => {
    const result = await refusal({ ...PRODUCTION, ...change });
    expect(result.status).toBe(1);
    expect(named(result.stderr)).toEqual(variables);
    expect(result.stderr).toMatch(message);
  });

  test("NODE_ENV unset behaves as production", async () => {
    const result = await refusal({});
    expect(result.status).toBe(1);
    expect(named(result.stderr)).toEqual(["SESSION_SECRET", "APP_URL", "RESEND_API_KEY"]);
    expect(result.stderr).toContain("SESSION_SECRET: is required in production");
  });
});

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe("the demo: production mode, local mailbox, no secret given", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "noaber-demo-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("starts with a random secret, seeds, shows the banner and the mailbox; NODE_ENV unset is production", async () => {
    const port = await freePort();
    const server = start(
      {
        // NODE_ENV deliberately unset; what `npm run demo` sets besides: LOCAL_MAILBOX and .env.example.
        LOCAL_MAILBOX: "true",
        APP_URL: `http://127.0.0.1:${port}`,
        PORT: String(port),
        DATABASE_URL: `file:${path.join(dir, "demo.db")}`,
        RUN_WORKER: "false",
        ...(process.env.REMIX_BUILD_DIR ? { REMIX_BUILD_DIR: process.env.REMIX_BUILD_DIR } : {}),
      },
      ["--demo"],
    );
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setInterval(() => {
          if (server.output().includes('"msg":"listening"')) {
            clearInterval(timer);
            resolve();
          }
        }, 100);
        void server.exited.then((result) => {
          clearInterval(timer);
          reject(new Error(`server exited with ${result.status}: ${result.stderr}`));
        });
      });
      expect(server.output()).toContain("random session secret for this run");
      expect(server.output()).toMatch(/"msg":"listening".*"mailbox":true/);
      const home = await fetch(`http://127.0.0.1:${port}/`);
      expect(home.headers.get("strict-transport-security")).toMatch(/max-age=/);
      expect(await home.text()).toContain("Demo — e-mail blijft op deze computer.");
      expect((await fetch(`http://127.0.0.1:${port}/dev/mailbox`)).status).toBe(200);
    } finally {
      server.child.kill("SIGTERM");
      await server.exited;
    }
  }, 120_000);
});
