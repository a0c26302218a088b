import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { EMAIL_ONLY_STAFF, ROLES, startAuthzWorld, type AuthzWorld, type EmailOnlyRole, type Role } from "#tests/support/authz-world";
import { describeOutcome, MATRIX, type MatrixRow, type Outcome } from "./authorization-matrix";

// Every route module × role × GET/POST against the real server, as the matrix in
// ./authorization-matrix.ts says (its header documents the roles and the outcome kinds). The list
// of routes comes from the file system, so a route without a row fails here.

const ROUTES_DIR = path.resolve(import.meta.dirname, "../../app/routes");
const routeModules = fs
  .readdirSync(ROUTES_DIR)
  // `<route>.page.tsx` is a route's page, loaded with import() (decision 047): Remix ignores it as a route.
  .filter((file) => /\.(tsx|ts|jsx|js)$/.test(file) && !file.endsWith(".page.tsx"))
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
  role: Role | EmailOnlyRole,
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

/** The URLs a row asks: the document URL, and where its POST goes (`?index` for index routes). */
function urlsOf(row: MatrixRow) {
  const pattern = urlPattern(row.route);
  const params = row.params?.(world) ?? {};
  const query = row.query?.(world);
  const url = `${fill(pattern, params)}${query ? `?${query}` : ""}`;
  const postUrl = isIndexRoute(row.route) ? `${url}${query ? "&" : "?"}index` : url;
  return { pattern, params, query, url, postUrl };
}

const describeBody = (body: Record<string, string | number> | undefined) =>
  body ? ` ${new URLSearchParams(Object.entries(body).map(([k, v]) => [k, String(v)]))}` : "";

async function runRow(row: MatrixRow): Promise<string[]> {
  const module = routeModules.find((m) => m.id === row.route);
  if (!module) return [`the matrix has a row for ${row.route}, but app/routes has no such route module`];
  const { pattern, params, query, url, postUrl } = urlsOf(row);
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
    check(role, `POST ${postUrl}${describeBody(body)}`, row.post[role], answer, "POST", url);
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

// ── Staff signed in by email only ────────────────────────────────────────────────────────────
//
// A coordinator or admin whose session has not proved a second factor acts as a resident, and is
// sent to /login/second-factor (and back) wherever their role would have made a difference. The
// expectations come from the rows themselves, so every row (and every future one) is covered:
// - where the verified staff member's outcome differs from the resident's: the detour to the
//   second step — or, where the resident's answer is "400" (a form refused before any record is
//   read), that 400: nothing was done, and a single-fetch action answers without the page's loader;
// - where it is the same and the resident is let through ("ok", a redirect, "405"): exactly the
//   resident's outcome, so resident pages never send anyone to the second step;
// - where it is the same refusal ("400", "403", "404", "409"): that refusal, or the detour
//   (toResponse sends a session awaiting its second factor there on any refusal, for a missing
//   record too, so the detour tells nothing about records).
// A row's `emailOnly` overrides this for the second-factor pages themselves.

const REFUSALS: readonly Outcome[] = ["400", "403", "404", "409"];
type EmailOnlyOutcome = Outcome | "second-factor" | { orSecondFactor: Outcome };

const sameOutcome = (a: Outcome, b: Outcome) =>
  typeof a === "object" || typeof b === "object" ? typeof a === "object" && typeof b === "object" && a.redirect === b.redirect : a === b;

/** What the email-only session of `staff` gets, derived from a row's cells for GET or POST. */
function emailOnlyOutcome(cells: Record<Role, Outcome>, staff: "coordinator" | "admin", given?: Outcome): EmailOnlyOutcome {
  if (given) return given;
  const resident = cells.resident;
  if (!sameOutcome(cells[staff], resident)) return resident === "400" ? { orSecondFactor: "400" } : "second-factor";
  return REFUSALS.includes(resident) ? { orSecondFactor: resident } : resident;
}

function emailOnlyMismatch(
  expected: EmailOnlyOutcome,
  answer: Answer,
  method: "GET" | "POST",
  documentUrl: string,
  postUrl: string,
): string | null {
  const { status, redirect } = answer;
  const got = `${status}${redirect ? ` → ${redirect}` : ""}`;
  const prefix = "/login/second-factor?";
  const target = redirect?.startsWith(prefix) ? new URLSearchParams(redirect.slice(prefix.length)).get("redirectTo") : null;
  // Back to the page asked: a GET exactly; a POST to the page it was posted to.
  const detour = target === documentUrl || (method === "POST" && target === postUrl);
  if (expected === "second-factor") return detour ? null : got;
  if (typeof expected === "object" && "orSecondFactor" in expected)
    return detour || mismatch(expected.orSecondFactor, answer, method, documentUrl) === null ? null : got;
  return mismatch(expected, answer, method, documentUrl);
}

const SECOND_STEP = "a redirect to /login/second-factor?redirectTo=<this page>";
const describeEmailOnly = (expected: EmailOnlyOutcome) =>
  expected === "second-factor"
    ? SECOND_STEP
    : typeof expected === "object" && "orSecondFactor" in expected
      ? `${describeOutcome(expected.orSecondFactor)} or ${SECOND_STEP}`
      : describeOutcome(expected);

async function runRowEmailOnly(row: MatrixRow): Promise<string[]> {
  const module = routeModules.find((m) => m.id === row.route);
  if (!module) return [];
  const { url, postUrl } = urlsOf(row);
  const failures: string[] = [];
  const staff = Object.entries(EMAIL_ONLY_STAFF) as [EmailOnlyRole, "coordinator" | "admin"][];
  const check = (role: EmailOnlyRole, what: string, expected: EmailOnlyOutcome, answer: Answer, method: "GET" | "POST") => {
    const got = emailOnlyMismatch(expected, answer, method, url, postUrl);
    if (got) failures.push(`${what} as ${role}: expected ${describeEmailOnly(expected)}, got ${got}`);
  };
  await Promise.all(
    staff.map(async ([role, as]) => {
      const expected = emailOnlyOutcome(row.get, as, row.emailOnly?.get);
      check(role, `GET ${url}`, expected, await ask(role, "GET", url), "GET");
      if (module.page) check(role, `GET ${dataUrl(url)}`, expected, await ask(role, "GET", dataUrl(url), { data: true }), "GET");
    }),
  );
  const postAs = async ([role, as]: [EmailOnlyRole, "coordinator" | "admin"]) => {
    const body = row.post.body?.(world);
    const expected = emailOnlyOutcome(row.post, as, row.emailOnly?.post);
    const answer = await ask(role, "POST", postUrl, { body, multipart: row.post.multipart, fresh: row.post.freshSession });
    await row.post.restore?.(world);
    check(role, `POST ${postUrl}${describeBody(body)}`, expected, answer, "POST");
    if (module.page) {
      const data = await ask(role, "POST", dataUrl(postUrl), {
        body,
        multipart: row.post.multipart,
        fresh: row.post.freshSession,
        data: true,
      });
      await row.post.restore?.(world);
      check(role, `POST ${dataUrl(postUrl)}${describeBody(body)}`, expected, data, "POST");
    }
  };
  for (const entry of staff) await postAs(entry);
  return failures.sort();
}

describe("staff signed in by email only get the resident's answer, or the second step where their role would matter", () => {
  test("the expectations follow from the rows", () => {
    const row = (route: string) => MATRIX.find((r) => r.route === route)!;
    expect(emailOnlyOutcome(row("coordinator").get, "coordinator")).toBe("second-factor");
    expect(emailOnlyOutcome(row("admin").get, "admin")).toBe("second-factor");
    expect(emailOnlyOutcome(row("admin").get, "coordinator")).toEqual({ orSecondFactor: "403" });
    expect(emailOnlyOutcome(row("_index").get, "admin")).toBe("ok");
    expect(emailOnlyOutcome(row("requests._index").get, "coordinator")).toBe("ok");
    expect(emailOnlyOutcome(row("requests.$id._index").get, "coordinator")).toBe("second-factor");
  });

  for (const row of MATRIX) {
    test(row.route, async () => {
      const logged = world.server.logger.entries.length;
      const failures = await runRowEmailOnly(row);
      const crashes = world.server.logger.entries.slice(logged).filter((e) => e.level === "error");
      failures.push(...crashes.map((e) => `the server logged an error: ${e.msg} ${JSON.stringify(e.fields)}`));
      expect(failures, `cells of ${row.route} for staff signed in by email only`).toEqual([]);
    });
  }
});
