import { and, eq, isNull } from "drizzle-orm";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { circleTaskClaim } from "#db/schema";
import { instantToLocal } from "~/domain/scheduling/local-time";
import {
  createCareRecipient,
  createCircle,
  createCircleTaskRecord,
  createMunicipality,
  createNeighbourhood,
  createUser,
} from "~/demo/builders";
import { expectNoViolations, setUpBrowserTests, visit, type E2eServer } from "#tests/support/browser";

// The task calendar of a care circle in real Chromium: a member takes a place with JavaScript off
// at 320 px wide (no horizontal scrolling), and axe finds no WCAG 2.2 AA violations on the
// calendar, the task form (with errors) and the task page.
vi.setConfig({ testTimeout: 90_000 });

const e2e = setUpBrowserTests();
let srv: E2eServer;
const ids = {} as Record<"lead" | "member" | "circle" | "task" | "occurrence", number>;
let week = "";

beforeAll(async () => {
  srv = e2e.srv;
  await srv.database.write(async (tx) => {
    const town = await createMunicipality(tx);
    const area = await createNeighbourhood(tx, { municipalityId: town.id, name: "Binnenstad", postcodes: ["7511"] });
    ids.lead = (await createUser(tx, { name: "Lea Leider", neighbourhoodId: area.id })).id;
    ids.member = (await createUser(tx, { name: "Mo Lid", neighbourhoodId: area.id })).id;
    const recipient = await createCareRecipient(tx, { carerId: ids.lead, neighbourhoodId: area.id, firstName: "Anna" });
    ids.circle = (
      await createCircle(tx, {
        careRecipientId: recipient.id,
        neighbourhoodId: area.id,
        leadId: ids.lead,
        members: [{ userId: ids.member }],
        name: "Kring rond Anna",
      })
    ).id;
    const startsAt = Date.now() + 26 * 3_600_000;
    week = instantToLocal(startsAt, "Europe/Amsterdam").date;
    const { task, occurrence } = await createCircleTaskRecord(tx, {
      circleId: ids.circle,
      startsAt,
      title: "Soep brengen",
      notes: "Graag zonder zout.",
      createdById: ids.lead,
      places: 1,
    });
    ids.task = task.id;
    ids.occurrence = occurrence.id;
  });
});

const open = (who: "lead" | "member", options: { viewport?: { width: number; height: number }; javaScriptEnabled?: boolean } = {}) =>
  e2e.open({ ...options, as: ids[who] });

async function goto(page: Page, path: string) {
  const response = await visit(page, `${srv.url}${path}`);
  expect(response?.status(), path).toBe(200);
}

async function noHorizontalScroll(page: Page, what: string) {
  const { scrollWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth }));
  expect(scrollWidth, `${what} is ${scrollWidth}px wide at a 320px viewport`).toBeLessThanOrEqual(320);
}

describe("the task calendar", () => {
  it("a member takes the place with JavaScript off at 320 px, and gives it back", async () => {
    const { page } = await open("member", { viewport: { width: 320, height: 640 }, javaScriptEnabled: false });
    await goto(page, `/circles/${ids.circle}?week=${week}`);
    await noHorizontalScroll(page, "the calendar");
    const task = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: /Soep brengen/ }) });
    await task.getByText("Graag zonder zout.").waitFor();
    await task.getByRole("button", { name: "Ik doe dit" }).click();
    await page.getByText("U doet deze taak. Dank u wel!").waitFor();
    await noHorizontalScroll(page, "the calendar after claiming");
    const active = () =>
      srv.database.db
        .select()
        .from(circleTaskClaim)
        .where(and(eq(circleTaskClaim.occurrenceId, ids.occurrence), isNull(circleTaskClaim.releasedAt)));
    expect((await active()).map((c) => c.userId)).toEqual([ids.member]);
    await page.getByRole("button", { name: "Ik kan toch niet" }).click();
    await page.getByText("U hebt de plek teruggegeven.").waitFor();
    expect(await active()).toEqual([]);
    // Someone else takes the last place while the page is open: a clear message, not an error page.
    await srv.database.write((tx) =>
      tx
        .insert(circleTaskClaim)
        .values({ occurrenceId: ids.occurrence, userId: ids.lead, claimedAt: Date.now() })
        .then(() => undefined),
    );
    await page.getByRole("button", { name: "Ik doe dit" }).click();
    await page.getByRole("alert").getByText("Iemand nam net de laatste plek.", { exact: false }).waitFor();
    await noHorizontalScroll(page, "the calendar with the message");
    expect((await active()).map((c) => c.userId)).toEqual([ids.lead]);
    await srv.database.write((tx) => tx.delete(circleTaskClaim).where(eq(circleTaskClaim.occurrenceId, ids.occurrence)));
  });

  it("a lead assigns a member to the open place with the week's one assign form, JavaScript off, at 320 px", async () => {
    const { page } = await open("lead", { viewport: { width: 320, height: 640 }, javaScriptEnabled: false });
    await goto(page, `/circles/${ids.circle}?week=${week}`);
    const form = page.getByRole("form", { name: "Iemand indelen" });
    await form.getByLabel("Welke taak?").selectOption(String(ids.occurrence));
    await form.getByLabel("Wie deelt u in?").selectOption({ label: "Mo Lid" });
    await form.getByRole("button", { name: "Indelen" }).click();
    await page.getByText("Mo Lid (ingedeeld)", { exact: false }).waitFor();
    await noHorizontalScroll(page, "the calendar after assigning");
    const [claim] = await srv.database.db
      .select()
      .from(circleTaskClaim)
      .where(and(eq(circleTaskClaim.occurrenceId, ids.occurrence), isNull(circleTaskClaim.releasedAt)));
    expect(claim).toMatchObject({ userId: ids.member, assignedById: ids.lead });
    await srv.database.write((tx) => tx.delete(circleTaskClaim).where(eq(circleTaskClaim.occurrenceId, ids.occurrence)));
  });

  it("axe finds no violations on the calendar (lead view), the task form with errors and the task page", async () => {
    const { page } = await open("lead");
    page.setDefaultTimeout(15_000);
    await goto(page, `/circles/${ids.circle}?week=${week}`);
    await page.getByRole("button", { name: "Indelen" }).waitFor();
    await expectNoViolations(page);
    await goto(page, `/circles/${ids.circle}/tasks/new`);
    await expectNoViolations(page);
    await page.getByRole("button", { name: "Taak toevoegen" }).click();
    await page.locator("#new-circle-task-title-error").waitFor();
    await expectNoViolations(page);
    await goto(page, `/circles/${ids.circle}/tasks/${ids.task}`);
    await expectNoViolations(page);
  });

  it("the task form and the task page need no horizontal scrolling at 320 px", async () => {
    const { page } = await open("lead", { viewport: { width: 320, height: 640 } });
    for (const path of [
      `/circles/${ids.circle}?week=${week}`,
      `/circles/${ids.circle}/tasks/new`,
      `/circles/${ids.circle}/tasks/${ids.task}`,
    ]) {
      await goto(page, path);
      await noHorizontalScroll(page, path);
    }
  });
});
