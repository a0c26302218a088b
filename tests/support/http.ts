import { createTestSession } from "./sessions";
import type { TestServer } from "./server";
/** A tiny cookie-keeping client for HTTP-level tests (Node's fetch keeps no cookies). */
export function createBrowserlessClient(baseUrl: string) {
  const jar = new Map<string, string>();
  const origin = new URL(baseUrl).origin;

  function store(response: Response) {
    for (const header of response.headers.getSetCookie()) {
      const [pair = "", ...attributes] = header.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=Thu, 01 Jan 1970/i.test(a));
      if (expired || value === "") jar.delete(name);
      else jar.set(name, value);
    }
  }

  async function request(path: string, init: RequestInit = {}) {
    const headers = new Headers(init.headers);
    if (jar.size > 0) headers.set("cookie", [...jar].map(([k, v]) => `${k}=${v}`).join("; "));
    const response = await fetch(new URL(path, baseUrl), { ...init, headers, redirect: "manual" });
    store(response);
    return response;
  }

  return {
    jar,
    get: (path: string, init: RequestInit = {}) => request(path, init),
    /** A form POST as a browser on our own origin sends it. */
    post: (path: string, form: Record<string, string>, init: RequestInit = {}) =>
      request(path, {
        ...init,
        method: "POST",
        body: new URLSearchParams(form),
        headers: { origin, "content-type": "application/x-www-form-urlencoded", ...(init.headers as Record<string, string>) },
      }),
  };
}

/** A client signed in as `userId`: a real session row, and its signed cookie in the jar. */
export async function signedInClient(server: TestServer, userId: number, at: number, options: { emailOnly?: boolean } = {}) {
  const client = createBrowserlessClient(server.url);
  const raw = await server.database.write((tx) => createTestSession(tx, userId, at, options));
  const [pair = ""] = (await server.services.cookies.session.serialize(raw)).split(";");
  client.jar.set(pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1));
  return client;
}

/**
 * A page's markup without the messages it inlines for the browser (decision 039): that JSON holds
 * every text of the page's namespaces, also the ones the page does not show.
 */
export const withoutInlinedMessages = (page: string) =>
  page.replace(/<script type="application\/json" id="noaber-messages"[^>]*>[\s\S]*?<\/script>/, "");

/** A page's HTML with the escapes React writes for ', " and & turned back, to look for text as it was written. */
export const html = async (response: Response) =>
  withoutInlinedMessages(await response.text())
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");

/** `html`, with &lt; and &gt; turned back as well. */
export const htmlWithBrackets = async (response: Response) => (await html(response)).replace(/&lt;/g, "<").replace(/&gt;/g, ">");
