import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ROLES, startAuthzWorld, type AuthzWorld, type Role } from "#tests/support/authz-world";
import { describeOutcome, MATRIX, type MatrixRow, type Outcome } from "./authorization-matrix";

// Every route module × role × GET/POST against the real server, as the matrix in
// ./authorization-matrix.ts says (its header documents the roles and the outcome kinds). The list
// of routes comes from the file system, so a route without a row fails here.

const ROUTES_DIR = path.resolve(import.meta.dirname, "../../app/routes");
const routeModules = fs
  .readdirSync(ROUTES_DIR)
  .filter((file) => /\.(tsx|ts|jsx|js)$/.test(file))
  .map((file) => {
    const source = fs.readFileSync(path.join(ROUTES_DIR, file), "utf8");
    // A module with a default export renders a page: it also answers single-fetch `.data` requests.
    return { file, id: file.replace(/\.(tsx|ts|jsx|js)$/, ""), page: /^export default /m.test(source) };
  });

/**
 * The URL pattern of a flat route id (Remix v2 conventions): dots separate segments except inside
 * [brackets] (escapes), `_index` adds nothing, a leading `_` is a pathless layout, a trailing `_`
 * only opts out of nesting, and `$name` is a parameter.
 */
export function urlPattern(routeId: string): string {
  const segments: string[] = [];
  let current = "";
  let escaped = false;
  for (const char of routeId) {
    if (char === "[") escaped = true;
    else if (char === "]") escaped = false;
    else if (char === "." && !escaped) {
      segments.push(current);
      current = "";
    } else current += char;
  }
  segments.push(current);
  const parts = segments
    .filter((s) => s !== "_index" && !s.startsWith("_"))
    .map((s) => s.replace(/_$/, "").replace(/^\$([A-Za-z0-9]+)/, ":$1"));
  return `/${parts.join("/")}`;
}

const isIndexRoute = (routeId: string) => routeId === "_index" || routeId.endsWith("._index");

function fill(pattern: string, params: Record<string, string | number>): string {
  return pattern.replace(/:([A-Za-z0-9]+)/g, (_, name: string) => {
    if (!(name in params)) throw new Error(`the row for ${pattern} gives no value for :${name}`);
    return encodeURIComponent(String(params[name]));
  });
}

/** The single-fetch URL of a document URL: `/requests/5.data`, and `/_root.data` for the home page. */
function dataUrl(documentUrl: string): string {
  const [pathname, search] = documentUrl.split("?") as [string, string | undefined];
  const data = pathname === "/" ? "/_root.data" : `${pathname.replace(/\/$/, "")}.data`;
  return search ? `${data}?${search}` : data;
}

let world: AuthzWorld;
beforeAll(async () => {
  world = await startAuthzWorld();
});
afterAll(async () => {
  await world?.close();
});

interface Answer {
  status: number;
  /** Where a redirect goes: Location for documents, X-Remix-Redirect for single fetch (status 202). */
  redirect: string | null;
}

async function ask(
  role: Role,
  method: "GET" | "POST",
  url: string,
  options: { body?: Record<string, string | number>; multipart?: boolean; fresh?: boolean; data?: boolean } = {},
): Promise<Answer> {
  const headers: Record<string, string> = {};
  const cookie = await world.cookieFor(role, { fresh: options.fresh });
  if (cookie) headers.cookie = cookie;
  let body: FormData | URLSearchParams | undefined;
  if (method === "POST") {
    headers.origin = new URL(world.server.url).origin;
    const fields = Object.entries(options.body ?? {}).map(([k, v]) => [k, String(v)] as [string, string]);
    if (options.multipart) {
      body = new FormData();
      for (const [k, v] of fields) body.append(k, v);
    } else {
      headers["content-type"] = "application/x-www-form-urlencoded";
      body = new URLSearchParams(fields);
    }
  }
  const response = await fetch(new URL(url, world.server.url), { method, headers, body, redirect: "manual" });
  await response.arrayBuffer();
  // Single fetch answers a redirect with 202; the target is in X-Remix-Redirect (actions) or
  // Location (loaders), and always in the encoded body.
  const redirect = options.data
    ? response.status === 202
      ? (response.headers.get("x-remix-redirect") ?? response.headers.get("location"))
      : null
    : response.status >= 300 && response.status < 400
      ? response.headers.get("location")
      : null;
  return { status: response.status, redirect };
}

/** Null when the answer is the expected outcome, else what came instead. */
function mismatch(expected: Outcome, answer: Answer, method: "GET" | "POST", documentUrl: string): string | null {
  const { status, redirect } = answer;
  let fits: boolean;
  if (typeof expected === "object") fits = redirect === expected.redirect;
  else if (expected === "ok") {
    fits = method === "GET" ? status === 200 : [200, 400, 409].includes(status) || (redirect !== null && !redirect.startsWith("/login"));
  } else if (expected === "login") {
    const target = redirect?.startsWith("/login?") ? new URLSearchParams(redirect.slice("/login?".length)).get("redirectTo") : null;
    fits = target !== null && (method === "POST" || target === documentUrl);
  } else fits = status === Number(expected) && redirect === null;
  return fits ? null : `${status}${redirect ? ` → ${redirect}` : ""}`;
}

async function runRow(row: MatrixRow): Promise<string[]> {
  const module = routeModules.find((m) => m.id === row.route);
  if (!module) return [`the matrix has a row for ${row.route}, but app/routes has no such route module`];
  const pattern = urlPattern(row.route);
  const params = row.params?.(world) ?? {};
  const query = row.query?.(world);
  const url = `${fill(pattern, params)}${query ? `?${query}` : ""}`;
  const postUrl = isIndexRoute(row.route) ? `${url}${query ? "&" : "?"}index` : url;
  const failures: string[] = [];
  const check = (role: Role, what: string, expected: Outcome, answer: Answer, method: "GET" | "POST", documentUrl: string) => {
    const got = mismatch(expected, answer, method, documentUrl);
    if (got) failures.push(`${what} as ${role}: expected ${describeOutcome(expected)}, got ${got}`);
  };

  // GETs have no effect: every role at once, the document and (for pages) its single-fetch data.
  await Promise.all(
    ROLES.map(async (role) => {
      check(role, `GET ${url}`, row.get[role], await ask(role, "GET", url), "GET", url);
      if (module.page) check(role, `GET ${dataUrl(url)}`, row.get[role], await ask(role, "GET", dataUrl(url), { data: true }), "GET", url);
      if (row.wrongToken) {
        const wrong = `${fill(pattern, { ...params, [row.wrongToken.param]: row.wrongToken.value })}${query ? `?${query}` : ""}`;
        check(role, `GET ${wrong} (a wrong token)`, row.wrongToken.get, await ask(role, "GET", wrong), "GET", wrong);
      }
    }),
  );
  // POSTs: a row that restores the world after each one goes one role after another, so every
  // cell sees the same world; the others change nothing the next cell sees and go at once.
  const postAs = async (role: Role) => {
    const body = row.post.body?.(world);
    const answer = await ask(role, "POST", postUrl, { body, multipart: row.post.multipart, fresh: row.post.freshSession });
    await row.post.restore?.(world);
    check(
      role,
      `POST ${postUrl}${body ? ` ${new URLSearchParams(Object.entries(body).map(([k, v]) => [k, String(v)]))}` : ""}`,
      row.post[role],
      answer,
      "POST",
      url,
    );
    if (row.wrongToken) {
      const wrong = fill(pattern, { ...params, [row.wrongToken.param]: row.wrongToken.value });
      check(role, `POST ${wrong} (a wrong token)`, row.wrongToken.post, await ask(role, "POST", wrong, { body }), "POST", wrong);
    }
  };
  if (row.post.restore) for (const role of ROLES) await postAs(role);
  else await Promise.all(ROLES.map(postAs));
  return failures.sort();
}

describe("the authorisation matrix covers every route", () => {
  test("every route module in app/routes has a row", () => {
    const rows = new Set(MATRIX.map((r) => r.route));
    const missing = routeModules
      .filter((m) => !rows.has(m.id))
      .map((m) => `add a row for ${m.file} to the authorisation matrix (tests/integration/authorization-matrix.ts)`);
    expect(missing).toEqual([]);
  });

  test("every row names a route module, once", () => {
    const ids = new Set(routeModules.map((m) => m.id));
    expect(MATRIX.filter((r) => !ids.has(r.route)).map((r) => `the row ${r.route} has no route module in app/routes`)).toEqual([]);
    expect(MATRIX.map((r) => r.route).filter((id, i, all) => all.indexOf(id) !== i)).toEqual([]);
  });

  test("route ids become the URLs Remix serves", () => {
    expect(urlPattern("_index")).toBe("/");
    expect(urlPattern("requests.$id._index")).toBe("/requests/:id");
    expect(urlPattern("coordinator_.facilities_.import_.$id")).toBe("/coordinator/facilities/import/:id");
    expect(urlPattern("calendar.$token[.]ics")).toBe("/calendar/:token.ics");
    expect(urlPattern("facilities.export.$table[.]csv")).toBe("/facilities/export/:table.csv");
    expect(urlPattern("map_.cooperation")).toBe("/map/cooperation");
    expect(dataUrl("/")).toBe("/_root.data");
    expect(dataUrl("/initiatives/new?organisation=a")).toBe("/initiatives/new.data?organisation=a");
  });
});

describe("every route × role × method gets what the matrix says", () => {
  for (const row of MATRIX) {
    test(row.route, async () => {
      const logged = world.server.logger.entries.length;
      const failures = await runRow(row);
      // No cell may crash the server: an unhandled error is logged (and answered with a 500).
      const crashes = world.server.logger.entries.slice(logged).filter((e) => e.level === "error");
      failures.push(...crashes.map((e) => `the server logged an error: ${e.msg} ${JSON.stringify(e.fields)}`));
      expect(failures, `cells of ${row.route} that differ from the authorisation matrix`).toEqual([]);
    });
  }
});
