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
}

type Scripted = { status: number; body?: unknown; headers?: Record<string, string> };

/**
 * A stand-in for the Resend API. It requires the Authorization and Idempotency-Key headers,
 * records every accepted email (once per idempotency key, as Resend does), and can be told to
 * answer the next requests with an error (429, 500, 422, network failure).
 */
export function createResendMock() {
  const sent: SentEmail[] = [];
  const byKey = new Map<string, SentEmail>();
  const script: (Scripted | "network-error")[] = [];
  const requests: { idempotencyKey: string | null; authorization: string | null }[] = [];
  let counter = 0;

  const server = setupServer(
    http.post(`${RESEND_TEST_BASE_URL}/emails`, async ({ request }) => {
      const authorization = request.headers.get("authorization");
      const idempotencyKey = request.headers.get("idempotency-key");
      requests.push({ idempotencyKey, authorization });
      if (authorization !== `Bearer ${RESEND_TEST_API_KEY}`) {
        return HttpResponse.json({ statusCode: 401, name: "missing_api_key", message: "Missing API key" }, { status: 401 });
      }
      if (!idempotencyKey) {
        return HttpResponse.json({ statusCode: 422, name: "validation_error", message: "Idempotency-Key required by this mock" }, { status: 422 });
      }
      const next = script.shift();
      if (next === "network-error") return HttpResponse.error();
      if (next) return HttpResponse.json(next.body ?? { statusCode: next.status, name: "scripted", message: `scripted ${next.status}` }, { status: next.status, headers: next.headers });
      const existing = byKey.get(idempotencyKey);
      if (existing) return HttpResponse.json({ id: existing.id });
      const body = (await request.json()) as Record<string, unknown>;
      const email: SentEmail = {
        id: `email_${++counter}`,
        idempotencyKey,
        from: String(body.from),
        to: Array.isArray(body.to) ? body.to.map(String) : [String(body.to)],
        subject: String(body.subject),
        html: String(body.html ?? ""),
        text: String(body.text ?? ""),
        headers: (body.headers as Record<string, string>) ?? {},
      };
      byKey.set(idempotencyKey, email);
      sent.push(email);
      return HttpResponse.json({ id: email.id });
    }),
  );

  return {
    server,
    sent,
    requests,
    /** The next requests get these answers, in order, before normal service resumes. */
    failNext(...answers: (Scripted | "network-error")[]) {
      script.push(...answers);
    },
    reset() {
      sent.length = 0;
      requests.length = 0;
      script.length = 0;
      byKey.clear();
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
