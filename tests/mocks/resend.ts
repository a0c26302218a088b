import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";

export const RESEND_TEST_BASE_URL = "https://resend.test";
export const RESEND_TEST_API_KEY = "re_test_key";

export interface SentEmail {
  id: string;
  idempotencyKey: string;
  from: string;
  to: string[];
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
  /** The Idempotency-Key of the batch call that carried it (its own key is then X-Entity-Ref-ID). */
  batchKey?: string;
}

/** Every call that reached the mock, with the mock's clock: for rate and batching checks. */
export interface ResendCall {
  path: "/emails" | "/emails/batch";
  idempotencyKey: string | null;
  at: number;
  /** Emails in the request body. */
  size: number;
  status: number;
}

type Scripted = { status: number; body?: unknown; headers?: Record<string, string> };

/**
 * A stand-in for the Resend API (POST /emails and POST /emails/batch). It requires the
 * Authorization and Idempotency-Key headers, records every accepted email (once per idempotency
 * key, as Resend does), and can be told to answer the next requests with an error (429, 500, 422,
 * network failure).
 */
export function createResendMock(options: { now?: () => number } = {}) {
  const sent: SentEmail[] = [];
  const byKey = new Map<string, SentEmail>();
  const batches = new Map<string, { data: { id: string }[]; errors: { index: number; message: string }[] }>();
  const script: (Scripted | "network-error")[] = [];
  const requests: { idempotencyKey: string | null; authorization: string | null }[] = [];
  const calls: ResendCall[] = [];
  let counter = 0;
  let clock = options.now ?? Date.now;

  function toEmail(body: Record<string, unknown>, idempotencyKey: string, batchKey?: string): SentEmail {
    return {
      id: `email_${++counter}`,
      idempotencyKey,
      from: String(body.from),
      to: Array.isArray(body.to) ? body.to.map(String) : [String(body.to)],
      subject: String(body.subject),
      html: String(body.html ?? ""),
      text: String(body.text ?? ""),
      headers: (body.headers as Record<string, string>) ?? {},
      ...(batchKey ? { batchKey } : {}),
    };
  }

  const server = setupServer(
    http.post(`${RESEND_TEST_BASE_URL}/emails`, async ({ request }) => {
      const authorization = request.headers.get("authorization");
      const idempotencyKey = request.headers.get("idempotency-key");
      requests.push({ idempotencyKey, authorization });
      const call: ResendCall = { path: "/emails", idempotencyKey, at: clock(), size: 1, status: 200 };
      calls.push(call);
      if (authorization !== `Bearer ${RESEND_TEST_API_KEY}`) {
        return HttpResponse.json({ statusCode: 401, name: "missing_api_key", message: "Missing API key" }, { status: 401 });
      }
      if (!idempotencyKey) {
        return HttpResponse.json(
          { statusCode: 422, name: "validation_error", message: "Idempotency-Key required by this mock" },
          { status: 422 },
        );
      }
      const next = script.shift();
      if (next === "network-error") {
        call.status = 0;
        return HttpResponse.error();
      }
      if (next) {
        call.status = next.status;
        return HttpResponse.json(next.body ?? { statusCode: next.status, name: "scripted", message: `scripted ${next.status}` }, {
          status: next.status,
          headers: next.headers,
        });
      }
      const existing = byKey.get(idempotencyKey);
      if (existing) return HttpResponse.json({ id: existing.id });
      const body = (await request.json()) as Record<string, unknown>;
      const email = toEmail(body, idempotencyKey);
      byKey.set(idempotencyKey, email);
      sent.push(email);
      return HttpResponse.json({ id: email.id });
    }),
    /**
     * Batch sending: up to 100 emails, one Idempotency-Key for the call. A call repeated with a
     * key already seen gets the first answer back and sends nothing (Resend keeps keys 24 h).
     * Permissive validation (x-batch-validation: permissive) rejects only the invalid emails.
     */
    http.post(`${RESEND_TEST_BASE_URL}/emails/batch`, async ({ request }) => {
      const authorization = request.headers.get("authorization");
      const idempotencyKey = request.headers.get("idempotency-key");
      const body = (await request.json()) as Record<string, unknown>[];
      const call: ResendCall = {
        path: "/emails/batch",
        idempotencyKey,
        at: clock(),
        size: Array.isArray(body) ? body.length : 0,
        status: 200,
      };
      calls.push(call);
      const answer = (status: number, json: unknown, headers?: Record<string, string>) => {
        call.status = status;
        return HttpResponse.json(json as Record<string, unknown>, { status, headers });
      };
      if (authorization !== `Bearer ${RESEND_TEST_API_KEY}`)
        return answer(401, { statusCode: 401, name: "missing_api_key", message: "Missing API key" });
      if (!idempotencyKey)
        return answer(422, { statusCode: 422, name: "validation_error", message: "Idempotency-Key required by this mock" });
      if (!Array.isArray(body) || body.length === 0 || body.length > 100) {
        return answer(422, { statusCode: 422, name: "validation_error", message: "A batch holds 1 to 100 emails" });
      }
      const next = script.shift();
      if (next === "network-error") {
        call.status = 0;
        return HttpResponse.error();
      }
      if (next)
        return answer(
          next.status,
          next.body ?? { statusCode: next.status, name: "scripted", message: `scripted ${next.status}` },
          next.headers,
        );
      const earlier = batches.get(idempotencyKey);
      if (earlier) return answer(200, earlier);
      const permissive = request.headers.get("x-batch-validation") === "permissive";
      const errors: { index: number; message: string }[] = [];
      body.forEach((email, index) => {
        const to = Array.isArray(email.to) ? email.to : [email.to];
        if (!to.every((address) => typeof address === "string" && /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(address))) {
          errors.push({ index, message: "Invalid `to` field." });
        }
      });
      if (errors.length > 0 && !permissive) return answer(422, { statusCode: 422, name: "validation_error", message: errors[0]!.message });
      const data: { id: string }[] = [];
      body.forEach((item, index) => {
        if (errors.some((e) => e.index === index)) return;
        const headers = (item.headers as Record<string, string> | undefined) ?? {};
        const email = toEmail(item, headers["X-Entity-Ref-ID"] ?? `${idempotencyKey}#${index}`, idempotencyKey);
        sent.push(email);
        data.push({ id: email.id });
      });
      const result = { data, errors };
      batches.set(idempotencyKey, result);
      return answer(200, result);
    }),
  );

  return {
    server,
    sent,
    requests,
    calls,
    /** The clock the mock stamps calls with (a test's fixed clock). */
    setClock(now: () => number) {
      clock = now;
    },
    /** The next requests get these answers, in order, before normal service resumes. */
    failNext(...answers: (Scripted | "network-error")[]) {
      script.push(...answers);
    },
    reset() {
      sent.length = 0;
      requests.length = 0;
      script.length = 0;
      calls.length = 0;
      byKey.clear();
      batches.clear();
    },
  };
}

/** The sign-in link and code from a sign-in email's text part. */
export function readSignIn(email: { text: string }) {
  const link = email.text.match(/https?:\/\/\S+\/login\/verify\?token=[\w-]+/)?.[0];
  const code = email.text.match(/\b[A-HJ-NP-Z2-9]{6}\b/)?.[0];
  if (!link || !code) throw new Error(`No sign-in link or code in email: ${email.text}`);
  return { link, code };
}
