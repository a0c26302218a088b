import { spawnSync } from "node:child_process";
import path from "node:path";
import { expect, test } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");

function start(env: Record<string, string>) {
  return spawnSync(process.execPath, ["--import", "tsx", "app/server/main.ts"], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", NODE_ENV: "development", ...env },
    encoding: "utf8",
    timeout: 30_000,
  });
}

test("the server refuses to start with an invalid environment and names each bad variable", () => {
  const bad = start({ PORT: "not-a-port", DEFAULT_TIME_ZONE: "Mars/Olympus" });
  expect(bad.status).toBe(1);
  expect(bad.stderr).toMatch(/^\s+PORT: /m);
  expect(bad.stderr).toMatch(/^\s+DEFAULT_TIME_ZONE: must be an IANA time zone/m);
  expect(bad.stdout).not.toContain("listening");
  // Production needs its secret and public URL.
  const production = start({ NODE_ENV: "production" });
  expect(production.status).toBe(1);
  expect(production.stderr).toContain("SESSION_SECRET: is required in production");
  expect(production.stderr).toContain("APP_URL: is required in production");
});
