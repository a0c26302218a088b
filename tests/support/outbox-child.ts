import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { EmailTransport, OutgoingEmail } from "~/server/email-transport.server";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const children = new Set<ChildProcess>();

/** Kills any child worker still running (call from afterEach). */
export function stopChildWorkers() {
  for (const child of children) if (child.exitCode === null) child.kill();
  children.clear();
}

/**
 * An outbox worker in a real second process (tsx), with its own libSQL client on the same database.
 * Two clients in one process cannot stand in for this: the local driver is synchronous, so one client
 * waiting on the other's write lock blocks the event loop that would release it (docs/stack-notes.md). Its
 * provider calls come back here over IPC, so the one Resend mock (through `transport`) sees every call.
 */
export async function startChildWorker(config: {
  url: string;
  now: number;
  secrets: readonly string[];
  from: string;
  transport: EmailTransport;
  batchSize: number;
  sendInBatches?: boolean;
}) {
  const { transport, ...options } = config;
  const code = `
    const config = JSON.parse(process.env.OUTBOX_CHILD);
    const { createDatabase } = await import(config.root + "/db/client.ts");
    const { createKeyring } = await import(config.root + "/app/domain/keyring.server.ts");
    const { createOutboxWorker } = await import(config.root + "/app/server/outbox-worker.server.ts");
    const waiting = new Map();
    let next = 0;
    const call = (message) => new Promise((resolve) => {
      const id = ++next;
      waiting.set(id, resolve);
      process.send({ ...message, id });
    });
    const transport = {
      name: "ipc",
      send: (email) => call({ type: "send", email }),
      sendBatch: (emails, options) => call({ type: "sendBatch", emails, options }),
    };
    const database = createDatabase({ url: config.url });
    const worker = createOutboxWorker({
      database, transport, keys: createKeyring(config.secrets), logger: { log() {} },
      from: config.from, now: () => config.now, batchSize: config.batchSize, sendInBatches: config.sendInBatches ?? false,
    });
    process.on("message", async (message) => {
      if (message.type === "result") {
        waiting.get(message.id)(message.result);
        waiting.delete(message.id);
        return;
      }
      let handled = 0;
      try {
        for (let n = await worker.runOnce(); n > 0; n = await worker.runOnce()) handled += n;
        process.send({ type: "done", handled });
      } catch (error) {
        process.send({ type: "failed", error: String(error && error.stack || error) });
      } finally {
        database.close();
        process.disconnect();
      }
    });
    process.send({ type: "ready" });
  `;
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "--eval", code], {
    cwd: root,
    stdio: ["ignore", "ignore", "pipe", "ipc"],
    env: { ...process.env, OUTBOX_CHILD: JSON.stringify({ ...options, root }) },
  });
  children.add(child);
  let stderr = "";
  child.stderr!.on("data", (chunk) => (stderr += chunk));
  type Message =
    | { type: "ready" }
    | { type: "send"; id: number; email: OutgoingEmail }
    | { type: "sendBatch"; id: number; emails: OutgoingEmail[]; options: { idempotencyKey: string } }
    | { type: "done"; handled: number }
    | { type: "failed"; error: string };
  let onDone: (handled: number) => void = () => {};
  let onFail: (error: Error) => void = () => {};
  await new Promise<void>((resolve, reject) => {
    onFail = reject;
    child.on("message", (message: Message) => {
      if (message.type === "ready") resolve();
      else if (message.type === "send")
        void transport.send(message.email).then((result) => child.send({ type: "result", id: message.id, result }));
      else if (message.type === "sendBatch")
        void transport.sendBatch!(message.emails, message.options).then((result) => child.send({ type: "result", id: message.id, result }));
      else if (message.type === "done") onDone(message.handled);
      else onFail(new Error(`child worker failed: ${message.error}`));
    });
    child.on("exit", (code) => {
      if (code !== 0) onFail(new Error(`child worker exited with ${code}: ${stderr}`));
    });
  });
  return {
    run: () =>
      new Promise<number>((resolve, reject) => {
        onDone = resolve;
        onFail = reject;
        child.send({ type: "go" });
      }),
  };
}
