import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createDatabase, migrateDatabase } from "#db/client";
import { createKeyring } from "~/domain/keyring.server";
import { enqueueEmail } from "~/domain/notifications/outbox.server";
import { createMailboxTransport } from "~/server/email-transport.server";
import { createOutboxWorker } from "~/server/outbox-worker.server";
import { printTable, runLoad, type LoadResult } from "./lib/load";
import { startServerProcess } from "./lib/server-process";

/** Foundation: page throughput over HTTP, sign-in requests, outbox throughput, serialised writes. */
export async function benchFoundation() {
  const dir = mkdtempSync(path.join(tmpdir(), "noaber-bench-"));
  try {
    const server = await startServerProcess({ DATABASE_URL: `file:${path.join(dir, "http.db")}`, RUN_WORKER: "false" }, ["--demo"]);
    const rows: LoadResult[] = [];
    try {
      const get = (p: string) => () => fetch(`${server.url}${p}`);
      for (const c of [1, 10]) {
        rows.push(await runLoad({ label: "GET /healthz", concurrency: c, requests: 2000, send: get("/healthz"), warmup: 100 }));
        rows.push(
          await runLoad({
            label: "GET /privacy (static page, baseline)",
            concurrency: c,
            requests: 1000,
            send: get("/privacy"),
            warmup: 100,
          }),
        );
        rows.push(await runLoad({ label: "GET / (home)", concurrency: c, requests: 1000, send: get("/"), warmup: 100 }));
      }
      rows.push(
        await runLoad({
          label: "POST /login (sign-in mail to outbox)",
          concurrency: 10,
          requests: 500,
          send: (i) =>
            fetch(`${server.url}/login`, {
              method: "POST",
              headers: { origin: server.url, "content-type": "application/x-www-form-urlencoded" },
              body: `intent=request&email=bench${i}%40example.org`,
            }),
        }),
      );
    } finally {
      await server.stop();
    }
    printTable("HTTP (built server, own process, embedded file)", rows);

    const database = createDatabase({ url: `file:${path.join(dir, "outbox.db")}` });
    await migrateDatabase(database);
    const keys = createKeyring(["bench-secret-0123456789-abcdefghijklmnopqrstuvwxyz"]);
    const ctx = {
      database,
      now: Date.now,
      actor: null,
      keys,
      appUrl: "http://localhost",
      defaultTimeZone: "Europe/Amsterdam",
      locale: "nl" as const,
    };
    const emails = 500;
    let t0 = performance.now();
    await Promise.all(
      Array.from({ length: emails }, (_, i) =>
        database.write((tx) =>
          enqueueEmail(ctx, tx, {
            template: "sign-in",
            idempotencyKey: `sign-in/bench-${i}`,
            to: `bench${i}@example.org`,
            locale: i % 2 ? "nl" : "en",
            timeZone: "Europe/Amsterdam",
            props: { name: null, expiresInMinutes: 10 },
            secrets: { link: `http://localhost/login/verify?token=t${i}`, code: "ABCDEF" },
          }),
        ),
      ),
    );
    const enqueueSeconds = (performance.now() - t0) / 1000;
    const worker = createOutboxWorker({
      database,
      transport: createMailboxTransport(database, Date.now),
      keys,
      logger: { log: () => undefined },
      from: "Noaber <noreply@noaber.test>",
      batchSize: 50,
    });
    t0 = performance.now();
    let sent = 0;
    while (sent < emails) {
      const n = await worker.runOnce();
      if (n === 0) break;
      sent += n;
    }
    const sendSeconds = (performance.now() - t0) / 1000;
    database.close();
    console.log("\n## Outbox (embedded file, local mailbox transport)\n");
    console.log("| step | emails | seconds | per second |");
    console.log("|---|---:|---:|---:|");
    console.log(
      `| enqueue (one write transaction each, 500 concurrent) | ${emails} | ${enqueueSeconds.toFixed(2)} | ${(emails / enqueueSeconds).toFixed(0)} |`,
    );
    console.log(`| render (HTML + text) and deliver | ${sent} | ${sendSeconds.toFixed(2)} | ${(sent / sendSeconds).toFixed(0)} |`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
