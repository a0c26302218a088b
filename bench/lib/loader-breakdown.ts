import type { AppLoadContext } from "@remix-run/node";
import type { Database } from "#db/client";
import { readPublicDataVersion } from "~/domain/data-version.server";
import { formatTimeRange, formatTimeRangeWithLuxon } from "~/domain/time";
import { percentile } from "./load";

/**
 * Where a loader's time goes, in the bench process (no HTTP, no render): each step run `runs` times
 * after a warm-up, with the statements it sends counted. "After a write" raises the public data
 * version first (as every write to a public table does), so the version-keyed caches miss.
 */
export async function loaderBreakdown(options: {
  database: Database;
  context: AppLoadContext;
  loader: (args: { request: Request; context: AppLoadContext; params: Record<string, string> }) => Promise<unknown>;
  urls: { label: string; url: string; headers?: Record<string, string> }[];
  now: number;
  runs?: number;
  /** Also time the version read and the time formatting on their own. */
  steps?: boolean;
  /** More steps to time on their own, after those. */
  extra?: { label: string; run: () => Promise<unknown> }[];
  /** The table's heading. */
  title?: string;
}) {
  const { database, context, loader, now } = options;
  const runs = options.runs ?? 200;
  const client = database.client as unknown as { execute: (stmt: unknown) => Promise<unknown> };
  const execute = client.execute;
  let statements = 0;
  client.execute = (stmt) => {
    statements++;
    return execute.call(database.client, stmt);
  };
  const bump = () => execute.call(database.client, "UPDATE data_version SET version = version + 1 WHERE scope = 'public'");
  const rows: string[] = [];
  async function step(label: string, fn: () => Promise<unknown>, before?: () => Promise<unknown>) {
    for (let i = 0; i < 20; i++) {
      await before?.();
      await fn();
    }
    const times: number[] = [];
    let sent = 0;
    for (let i = 0; i < runs; i++) {
      await before?.();
      statements = 0;
      const t0 = performance.now();
      await fn();
      times.push(performance.now() - t0);
      sent += statements;
    }
    times.sort((a, b) => a - b);
    rows.push(`| ${label} | ${(sent / runs).toFixed(0)} | ${percentile(times, 50).toFixed(2)} | ${percentile(times, 95).toFixed(2)} |`);
  }
  try {
    if (options.steps) {
      await step("read the public data version", () => readPublicDataVersion(database.db));
      await step("format 20 session times, as a page of the list does", async () => {
        for (let i = 0; i < 20; i++) formatTimeRange(now + i * 3_600_000, now + i * 3_600_000 + 7_200_000, "Europe/Amsterdam", "nl");
      });
      await step("the same 20 with luxon, as before decision 046", async () => {
        for (let i = 0; i < 20; i++)
          formatTimeRangeWithLuxon(now + i * 3_600_000, now + i * 3_600_000 + 7_200_000, "Europe/Amsterdam", "nl");
      });
    }
    for (const { label, run } of options.extra ?? []) await step(label, run);
    for (const { label, url, headers } of options.urls) {
      const run = () => loader({ request: new Request(url, { headers }), context, params: {} });
      await step(`${label} loader, nothing changed since the last view`, run);
      await step(`${label} loader after a public write`, run, bump);
    }
  } finally {
    client.execute = execute;
  }
  console.log(`\n## ${options.title ?? "Where the loader's time goes"} (in process: no HTTP, no render)\n`);
  console.log("| step | statements | p50 ms | p95 ms |");
  console.log("|---|---:|---:|---:|");
  for (const row of rows) console.log(row);
}
