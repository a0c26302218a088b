import AxeBuilder from "@axe-core/playwright";
import { desc, eq } from "drizzle-orm";
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, expect } from "vitest";
import { mailboxMessage } from "#db/schema";
import { createTestSession } from "./sessions";
import { createMailboxTransport } from "~/server/email-transport.server";
import { createOutboxWorker } from "~/server/outbox-worker.server";
import { startTestServer } from "./server";

/** Debian's Chromium (docs/stack-notes.md, Chromium); the networking flags keep it off the closed network. */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** One browser per test file; launch() gives it a fresh, temporary user-data dir. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
}

/**
 * The real server plus an outbox worker that delivers into the local mailbox, so sign-in mails
 * show up at /dev/mailbox. Rate limits are raised: a file signs in several times from one IP.
 */
export async function startE2eServer(options: { env?: Record<string, string>; host?: "127.0.0.1" | "localhost" } = {}) {
  const srv = await startTestServer({
    env: options.env,
    host: options.host,
    rateLimits: { general: { windowMs: 60_000, limit: 10_000 }, strict: { windowMs: 60_000, limit: 1_000 } },
  });
  const worker = createOutboxWorker({
    database: srv.database,
    transport: createMailboxTransport(srv.database, Date.now),
    keys: srv.services.keys,
    logger: srv.logger,
    from: "Noaber <noreply@noaber.test>",
    pollIntervalMs: 50,
  });
  worker.start();
  return {
    ...srv,
    async close() {
      await worker.stop();
      await srv.close();
    },
  };
}

export type E2eServer = Awaited<ReturnType<typeof startE2eServer>>;

let addressCounter = 0;
/** An address no other test has used (the per-address sign-in limit is 3 mails). */
export function uniqueEmail(label: string) {
  return `${label}-${process.pid}-${++addressCounter}@example.org`;
}

/** Waits until the worker has delivered `count` messages to the address; returns the newest id. */
export async function waitForMail(srv: E2eServer, to: string, count = 1, timeoutMs = 10_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await srv.database.db
      .select({ id: mailboxMessage.id })
      .from(mailboxMessage)
      .where(eq(mailboxMessage.toAddress, to))
      .orderBy(desc(mailboxMessage.id));
    if (rows.length >= count) return rows[0]!.id;
    if (Date.now() > deadline) throw new Error(`no mail for ${to} after ${timeoutMs} ms (found ${rows.length}, want ${count})`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const withoutJavaScript = new WeakSet<BrowserContext>();

/**
 * Waits until Remix can hydrate the page: it sets window.__remixRouter once the server's state is
 * decoded. Until then <RemixBrowser> suspends outside any Suspense boundary, and a key press or
 * click makes React 18 force a synchronous hydration that cannot suspend: it throws "Root did not
 * complete" (#345) and the page stays unhydrated (it still works, as without JavaScript). Tests
 * wait so they are not flaky; the cure belongs in app/entry.client.tsx (let the state decode
 * before calling hydrateRoot). Then, on a page with a form, until its page module (loaded after
 * the first view, decision 047) has hydrated every form: React marks the elements it owns, and
 * a click before that is sent by the browser as without JavaScript. Does nothing without JavaScript.
 */
export async function waitForHydration(page: Page) {
  if (withoutJavaScript.has(page.context())) return;
  await page.waitForFunction(() => "__remixRouter" in window);
  await page.waitForFunction(() =>
    Array.from(document.forms).every((form) => Object.keys(form).some((key) => key.startsWith("__reactFiber$"))),
  );
}

/** Loads a page as a new document and waits until it can be used. */
export async function visit(page: Page, url: string) {
  const response = await page.goto(url);
  await waitForHydration(page);
  return response;
}

/**
 * A context that records what goes wrong inside the page (uncaught errors, console errors,
 * e.g. hydration mismatches or CSP refusals), so a test can assert there was none.
 */
export async function openContext(browser: Browser, options: BrowserContextOptions = {}) {
  const context = await browser.newContext({ locale: "nl-NL", ...options });
  if (options.javaScriptEnabled === false) withoutJavaScript.add(context);
  const problems: string[] = [];
  /** Paths whose 404 the test asks for (a hidden record must look missing). */
  const expectedNotFound = new Set<string>();
  context.on("weberror", (error) => problems.push(`pageerror: ${error.error().message}`));
  context.on("console", (message) => {
    // Chromium logs every 4xx/5xx response as "Failed to load resource"; a 400 for a form with
    // errors is expected, so statuses are checked below instead.
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) {
      problems.push(`console.error: ${message.text()} (${message.location().url})`);
    }
  });
  context.on("response", (response) => {
    const { pathname } = new URL(response.url());
    // The raw HTML of an email has no icon link, so Chromium asks for /favicon.ico there.
    if (response.status() >= 500 || (response.status() === 404 && pathname !== "/favicon.ico" && !expectedNotFound.has(pathname))) {
      problems.push(`HTTP ${response.status()} for ${response.request().method()} ${pathname}`);
    }
  });
  context.on("requestfailed", (request) => {
    // Without JavaScript, Chromium refuses the module preloads (reported as "csp"): expected.
    if (options.javaScriptEnabled === false && request.resourceType() === "script") return;
    // Leaving a page cancels what it still fetches (e.g. Remix's /__manifest route discovery).
    if (request.failure()?.errorText === "net::ERR_ABORTED") return;
    problems.push(`request failed: ${request.url()} ${request.failure()?.errorText}`);
  });
  const page = await context.newPage();
  return { context, page, problems, expectNotFound: (pathname: string) => expectedNotFound.add(pathname) };
}

export type OpenedContext = Awaited<ReturnType<typeof openContext>>;

/**
 * The lifecycle of a browser test file in one place. Registers the hooks: beforeAll starts the
 * server and one browser (before the file's own beforeAll, which is registered after this call);
 * afterEach closes every context the test opened and fails the test on anything that went wrong
 * inside the browser; afterAll closes the browser and the server. Use `srv` from beforeAll on,
 * and open every context with `open`, so it is checked and closed.
 */
export function setUpBrowserTests(options: { env?: Record<string, string>; host?: "127.0.0.1" | "localhost" } = {}) {
  let srv: E2eServer | undefined;
  let browser: Browser | undefined;
  let opened: OpenedContext[] = [];
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("the server and the browser start in beforeAll");
    return value;
  };
  beforeAll(async () => {
    [srv, browser] = await Promise.all([startE2eServer(options), launchBrowser()]);
  });
  afterEach(async () => {
    const problems = opened.flatMap((c) => c.problems);
    await Promise.all(opened.map((c) => c.context.close()));
    opened = [];
    expect(problems, "errors inside the browser").toEqual([]);
  });
  afterAll(async () => {
    await Promise.all(opened.map((c) => c.context.close()));
    await browser?.close();
    await srv?.close();
  });
  return {
    get srv() {
      return started(srv);
    },
    /**
     * A new context, checked and closed after the test. Its browser asks for Dutch unless
     * `language` (or `locale`) says otherwise; `as` signs that user in first.
     */
    async open(contextOptions: BrowserContextOptions & { language?: "nl" | "en"; as?: number } = {}) {
      const { as, language, ...rest } = contextOptions;
      const locale = language === "en" ? "en-GB" : language === "nl" ? "nl-NL" : rest.locale;
      const context = await openContext(started(browser), { ...rest, ...(locale ? { locale } : {}) });
      opened.push(context);
      if (as !== undefined) await signInContext(context.context, started(srv), as);
      return context;
    },
  };
}

/** Opens the newest message to `to` through the mailbox pages, as a person would. */
export async function openMailFor(page: Page, baseUrl: string, to: string) {
  await visit(page, `${baseUrl}/dev/mailbox`);
  await page.getByRole("row").filter({ hasText: to }).first().getByRole("link", { name: "Uw inloglink voor Noaber" }).click();
  await page.getByRole("heading", { level: 1, name: "Uw inloglink voor Noaber" }).waitFor();
}

/** The 6-character code from the text version of the newest sign-in mail to `to`. */
export async function readCodeFromMailbox(page: Page, baseUrl: string, to: string): Promise<string> {
  await openMailFor(page, baseUrl, to);
  const text = await page.locator("pre").innerText();
  // The code stands on a line of its own, under "Of vul deze code in op de inlogpagina:".
  const code = /^\s*([A-Z2-9]{6})\s*$/m.exec(text)?.[1];
  if (!code) throw new Error(`no code in the mail text:\n${text}`);
  return code;
}

/** Submits the sign-in request form for `email`; ends on the "Kijk in uw e-mail" page. */
export async function requestSignIn(page: Page, baseUrl: string, email: string) {
  await visit(page, `${baseUrl}/login`);
  await page.getByLabel("E-mailadres").fill(email);
  await page.getByRole("button", { name: "Stuur mij een link" }).click();
  await page.getByRole("heading", { level: 1, name: "Kijk in uw e-mail" }).waitFor();
}

/**
 * Asks for a sign-in mail, reads its code in a second tab and types it on /login; where the browser
 * goes next (welcome form, home, the second factor) is up to the caller to wait for.
 */
export async function signInByEmailedCode(context: BrowserContext, page: Page, srv: E2eServer, email: string) {
  await requestSignIn(page, srv.url, email);
  await waitForMail(srv, email);
  const mailTab = await context.newPage();
  const code = await readCodeFromMailbox(mailTab, srv.url, email);
  await mailTab.close();
  await page.getByLabel("Code uit de e-mail").fill(code);
  await page.getByRole("button", { name: "Inloggen met code" }).click();
}

/** The whole code flow for a new address up to the welcome form (in a second tab for the mail). */
export async function reachWelcomeForm(context: BrowserContext, page: Page, srv: E2eServer, email: string) {
  await signInByEmailedCode(context, page, srv, email);
  await page.waitForURL(`${srv.url}/login/welcome`);
  await page.getByRole("heading", { level: 1, name: "Welkom bij Noaber" }).waitFor();
}

/** Completes the welcome form with valid answers; ends signed in on the home page. */
export async function completeWelcome(page: Page, srv: E2eServer, name: string, postcode: string) {
  await page.getByLabel("Naam").fill(name);
  await page.getByLabel("Postcode").fill(postcode);
  await page.getByLabel("Ik heb de privacyverklaring gelezen").check();
  await page.getByRole("button", { name: "Account maken" }).click();
  await page.getByRole("heading", { level: 1, name: `Welkom, ${name}` }).waitFor();
}

/** Signs an existing account in with the emailed code (mail read in a second tab); ends on home. */
export async function signInWithCode(context: BrowserContext, page: Page, srv: E2eServer, email: string, name: string) {
  await signInByEmailedCode(context, page, srv, email);
  await page.getByRole("heading", { level: 1, name: `Welkom, ${name}` }).waitFor();
}

export const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/** axe with WCAG 2.2 A/AA rules; the failure message lists every violation and where it is. */
export async function expectNoViolations(page: Page) {
  // Legacy mode runs axe in the page itself instead of finishing in an extra blank tab: the same
  // rules, twice as fast, and our pages have no cross-origin frames that would need the other way.
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG_TAGS).setLegacyMode(true).analyze();
  const report = violations
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(" ")}: ${n.failureSummary?.replace(/\n/g, " ")}`).join("\n")}`,
    )
    .join("\n");
  expect(violations.length, `axe found on ${page.url()}:\n${report}`).toBe(0);
}

/** Signs a browser context in as a person: a session made directly, as sign-in would. */
export async function signInContext(context: BrowserContext, srv: E2eServer, userId: number, options: { emailOnly?: boolean } = {}) {
  const sessionId = await srv.database.write((tx) => createTestSession(tx, userId, Date.now(), options));
  const [pair = ""] = (await srv.services.cookies.session.serialize(sessionId)).split(";");
  const eq = pair.indexOf("=");
  await context.addCookies([{ name: pair.slice(0, eq), value: pair.slice(eq + 1), url: srv.url }]);
}
