import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local stand-in for the Resend API, for benchmarks: POST /emails and POST /emails/batch with
 * Resend's behaviour where it matters to the outbox worker.
 * - Rate limit: at most `ratePerSecond` requests in any sliding second; beyond it 429 with
 *   `retry-after` (whole seconds, as Resend sends it). A 429 does not count against the limit.
 * - Idempotency: a request whose Idempotency-Key was answered before gets the same answer and
 *   sends nothing (Resend keeps keys for 24 h).
 * - Batch: 1 to 100 emails; `x-batch-validation: permissive` rejects only invalid emails.
 * - Counts deliveries per email: the Idempotency-Key of a single send, X-Entity-Ref-ID of an
 *   email in a batch, so duplicates across calls and keys are visible.
 */
export interface StandInStats {
  requests: number;
  batchCalls: number;
  singleCalls: number;
  rateLimited: number;
  /** Requests answered from the idempotency store (nothing sent). */
  replays: number;
  /** Emails handed to "delivery" (first time per call key). */
  delivered: number;
  /** Deliveries of an email that had been delivered before. */
  duplicates: number;
  /** Accepted (non-429) request times, ms since start. */
  acceptedAt: number[];
}

export async function startResendStandIn(options: {
  ratePerSecond?: number;
  apiKey: string;
  /** Called when a batch call has been accepted (emails delivered), before it is answered. */
  onBatchAccepted?: (acceptedBatchCalls: number) => void;
}) {
  const rate = options.ratePerSecond ?? 2;
  const answered = new Map<string, { status: number; body: string }>();
  const deliveries = new Map<string, number>();
  const window: number[] = [];
  const started = performance.now();
  const stats: StandInStats = {
    requests: 0,
    batchCalls: 0,
    singleCalls: 0,
    rateLimited: 0,
    replays: 0,
    delivered: 0,
    duplicates: 0,
    acceptedAt: [],
  };
  let counter = 0;
  let acceptedBatches = 0;

  function deliver(identity: string) {
    const seen = deliveries.get(identity) ?? 0;
    deliveries.set(identity, seen + 1);
    stats.delivered++;
    if (seen > 0) stats.duplicates++;
    return `stand-in-${++counter}`;
  }

  const valid = (email: Record<string, unknown>) => {
    const to = Array.isArray(email.to) ? email.to : [email.to];
    return (
      typeof email.from === "string" &&
      typeof email.subject === "string" &&
      to.every((a) => typeof a === "string" && /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(a))
    );
  };

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        const text = typeof body === "string" ? body : JSON.stringify(body);
        response.writeHead(status, { "content-type": "application/json", ...headers });
        response.end(text);
        return text;
      };
      stats.requests++;
      const path = request.url ?? "";
      if (request.method !== "POST" || (path !== "/emails" && path !== "/emails/batch"))
        return send(404, { statusCode: 404, name: "not_found", message: "Not found" });
      if (request.headers.authorization !== `Bearer ${options.apiKey}`)
        return send(401, { statusCode: 401, name: "missing_api_key", message: "Missing API key" });

      const now = performance.now();
      while (window.length > 0 && window[0]! <= now - 1000) window.shift();
      if (window.length >= rate) {
        stats.rateLimited++;
        const retryAfter = Math.max(1, Math.ceil((window[0]! + 1000 - now) / 1000));
        return send(
          429,
          { statusCode: 429, name: "rate_limit_exceeded", message: "Too many requests. You can only make 2 requests per second." },
          { "retry-after": String(retryAfter) },
        );
      }
      window.push(now);
      stats.acceptedAt.push(now - started);

      const key = request.headers["idempotency-key"];
      const idempotencyKey = typeof key === "string" ? key : undefined;
      if (idempotencyKey) {
        const earlier = answered.get(`${path} ${idempotencyKey}`);
        if (earlier) {
          stats.replays++;
          return send(earlier.status, earlier.body);
        }
      }
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        return send(400, { statusCode: 400, name: "invalid_body", message: "Body is not JSON" });
      }
      const remember = (status: number, result: unknown) => {
        const text = send(status, result);
        if (idempotencyKey) answered.set(`${path} ${idempotencyKey}`, { status, body: text });
      };

      if (path === "/emails") {
        stats.singleCalls++;
        const email = body as Record<string, unknown>;
        if (!valid(email)) return remember(422, { statusCode: 422, name: "validation_error", message: "Invalid email" });
        return remember(200, { id: deliver(idempotencyKey ?? `anonymous-${counter}`) });
      }

      stats.batchCalls++;
      if (!Array.isArray(body) || body.length === 0 || body.length > 100) {
        return send(422, { statusCode: 422, name: "validation_error", message: "A batch holds 1 to 100 emails" });
      }
      const permissive = request.headers["x-batch-validation"] === "permissive";
      const emails = body as Record<string, unknown>[];
      const errors = emails.flatMap((email, index) => (valid(email) ? [] : [{ index, message: "Invalid `to` field." }]));
      if (errors.length > 0 && !permissive)
        return remember(422, { statusCode: 422, name: "validation_error", message: errors[0]!.message });
      const data = emails.flatMap((email, index) => {
        if (errors.some((e) => e.index === index)) return [];
        const headers = (email.headers as Record<string, string> | undefined) ?? {};
        return [{ id: deliver(headers["X-Entity-Ref-ID"] ?? `${idempotencyKey ?? "batch"}#${index}`) }];
      });
      options.onBatchAccepted?.(++acceptedBatches);
      return remember(200, { data, errors });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    /** How many times each email (by its own key) was delivered. */
    deliveries,
    /** The most requests accepted in any sliding second. */
    maxPerSecond() {
      const times = stats.acceptedAt;
      let most = 0;
      for (let i = 0, j = 0; i < times.length; i++) {
        while (j < times.length && times[j]! < times[i]! + 1000) j++;
        most = Math.max(most, j - i);
      }
      return most;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
