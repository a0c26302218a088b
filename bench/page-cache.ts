import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { createDatabase, migrateDatabase } from "#db/client";
import { generateActivityData } from "./lib/activity-data";
import { printTable, runLoad, type LoadResult } from "./lib/load";
import { startServerProcess } from "./lib/server-process";

// Issue 15's HTTP caching (decision 037): at municipality volume, on the built server, the full
// answer to GET /activities against a revalidation that the page cache answers 304 (If-None-Match
// of the page's ETag: one point read of the data version, nothing loaded or rendered), in one run.
// Goal: 304s at ≥ 10× the render rate.

const CLIENTS = [1, 10];
const REQUESTS = 600;

export async function benchPageCache() {
  const dir = mkdtempSync(path.join(tmpdir(), "noaber-bench-page-cache-"));
  const url = `file:${path.join(dir, "page-cache.db")}`;
  try {
    const database = createDatabase({ url });
    await migrateDatabase(database);
    const t0 = performance.now();
    const volume = await generateActivityData(database, Date.now());
    console.log(`\nData: ${JSON.stringify(volume)} generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    database.close();

    const server = await startServerProcess({ DATABASE_URL: url, RUN_WORKER: "false" });
    const rows: LoadResult[] = [];
    const ratios: string[] = [];
    const etagOf = async (page: string) => {
      const response = await fetch(`${server.url}${page}`);
      await response.arrayBuffer();
      const etag = response.headers.get("etag");
      if (response.status !== 200 || !etag) throw new Error(`${page}: ${response.status} without an ETag`);
      return etag;
    };
    try {
      for (const c of CLIENTS) {
        const minimal = await runLoad({
          label: "GET /privacy (minimal page, not cached)",
          concurrency: c,
          requests: REQUESTS,
          warmup: 30,
          send: () => fetch(`${server.url}/privacy`),
        });
        const render = await runLoad({
          label: "GET /activities, rendered (200)",
          concurrency: c,
          requests: REQUESTS,
          warmup: 30,
          expect: (s) => s === 200,
          send: () => fetch(`${server.url}/activities`),
        });
        // Fetched just before the run: the ETag also names a five-minute window of the clock.
        const etag = await etagOf("/activities");
        const revalidated = await runLoad({
          label: "GET /activities, If-None-Match (304)",
          concurrency: c,
          requests: REQUESTS,
          warmup: 30,
          expect: (s) => s === 304,
          send: () => fetch(`${server.url}/activities`, { headers: { "if-none-match": etag } }),
        });
        rows.push(minimal, render, revalidated);
        ratios.push(
          `| ${c} | ${render.rps.toFixed(1)} | ${revalidated.rps.toFixed(1)} | ${(revalidated.rps / render.rps).toFixed(1)}× | ${minimal.rps.toFixed(1)} |`,
        );
      }
    } finally {
      await server.stop();
    }
    printTable(
      `HTTP caching at municipality volume (${volume.activities} activities, ${volume.sessions} sessions, ${volume.signups} sign-ups; built server, embedded file)`,
      rows,
    );
    console.log("\n## 304 against render (goal ≥ 10×)\n");
    console.log("| clients | rendered req/s | 304 req/s | 304 ÷ rendered | minimal page req/s |");
    console.log("|---:|---:|---:|---:|---:|");
    for (const line of ratios) console.log(line);
    console.log(
      `\nLoad average after the run: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
