import { and, eq, gt } from "drizzle-orm";
import { generate, generateSecret } from "otplib";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { helpSession, totpCredential } from "#db/schema";
import { addDays, localDateOf } from "~/domain/scheduling/local-time";
import {
  addAvailability,
  createHelpRequest,
  createHelpSession,
  createMunicipality,
  createNeighbourhood,
  createUser,
  createVolunteerProfile,
  grantCoordinator,
} from "~/demo/builders";
import {
  expectNoViolations,
  setUpBrowserTests,
  signInByEmailedCode,
  signInWithCode,
  uniqueEmail,
  visit,
  type E2eServer,
} from "#tests/support/browser";

// Issue 4's browser test of the whole path: a carer asks for respite on /requests/new, the
// coordinator asks two volunteers on /coordinator/requests/:id, one accepts on /requests/:id, the
// carer sees the match, and the volunteer sees the address only after accepting. Then the
// helping sessions page (/requests/:id/sessions) for both sides, with axe on every page.

vi.setConfig({ testTimeout: 120_000 });
const ZONE = "Europe/Amsterdam";
const DAY = 24 * 3_600_000;
const ADDRESS = "Bergstraat 17, 7511 AB Hoflanden";

const e2e = setUpBrowserTests();
const COORDINATOR_APP_SECRET = generateSecret();
/** A code is used once: each sign-in takes the code of a later 30-second step than the one before. */
let nextAppCodeAt = 0;
let srv: E2eServer;
let areaId: number;
const people = {
  carer: { email: "", name: "Maria Mantelzorg", id: 0 },
  coordinator: { email: "", name: "Cora Coördinator", id: 0 },
  vera: { email: "", name: "Vera Vrijwilliger", id: 0 },
  wim: { email: "", name: "Wim Vrijwilliger", id: 0 },
};

beforeAll(async () => {
  srv = e2e.srv;
  await srv.database.write(async (tx) => {
    const town = await createMunicipality(tx, { name: "Hoflanden", timeZone: ZONE });
    areaId = (await createNeighbourhood(tx, { municipalityId: town.id, name: "Binnenstad", postcodes: ["7511"] })).id;
    for (const [key, person] of Object.entries(people)) {
      person.email = uniqueEmail(key);
      person.id = (
        await createUser(tx, { email: person.email, name: person.name, neighbourhoodId: areaId, postcode: "7511AB", timeZone: ZONE })
      ).id;
    }
    await grantCoordinator(tx, people.coordinator.id, [areaId]);
    // The coordinator confirms each sign-in with an authenticator app (the second step for staff).
    await tx.insert(totpCredential).values({
      userId: people.coordinator.id,
      secretSealed: srv.services.keys.seal(COORDINATOR_APP_SECRET),
      createdAt: Date.now(),
      confirmedAt: Date.now(),
    });
    for (const v of [people.vera, people.wim]) {
      await createVolunteerProfile(tx, { userId: v.id, languages: ["nl"], travelRange: "own" });
      await addAvailability(
        tx,
        v.id,
        [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, startTime: "09:00", endTime: "21:00" })),
      );
    }
  });
});

async function signedInContext(who: keyof typeof people, options: { viewport?: { width: number; height: number } } = {}) {
  const context = await e2e.open(options);
  if (who === "coordinator") await signInAsStaff(context.context, context.page, people[who].email, people[who].name);
  else await signInWithCode(context.context, context.page, srv, people[who].email, people[who].name);
  return context;
}

/** Staff sign in with the mail's code, then confirm with the app's code on /login/second-factor. */
async function signInAsStaff(
  context: Parameters<typeof signInWithCode>[0],
  page: Parameters<typeof signInWithCode>[1],
  email: string,
  name: string,
) {
  await signInByEmailedCode(context, page, srv, email);
  await page.getByRole("heading", { level: 1, name: "Bevestig dat u het bent" }).waitFor();
  const at = Math.max(Date.now(), nextAppCodeAt);
  nextAppCodeAt = at + 30_000;
  await page.getByLabel("Code uit de app").fill(await generate({ secret: COORDINATOR_APP_SECRET, epoch: Math.floor(at / 1000) }));
  await page.getByRole("button", { name: "Bevestigen" }).click();
  await page.getByRole("heading", { level: 1, name: `Welkom, ${name}` }).waitFor();
}
const signedIn = async (who: keyof typeof people, options: { viewport?: { width: number; height: number } } = {}) =>
  (await signedInContext(who, options)).page;

describe("the whole path of a help request", () => {
  it("carer asks for respite, the coordinator asks two volunteers, one accepts, the carer sees the match; the address only after accepting", async () => {
    const day = addDays(localDateOf(Date.now(), ZONE), 4);

    // 1. The carer asks for respite.
    const carer = await signedIn("carer");
    await visit(carer, `${srv.url}/requests/new`);
    await carer.getByRole("heading", { level: 1, name: "Hulp vragen" }).waitFor();
    await carer.getByLabel("Wat voor hulp?").selectOption({ label: "Even vrij (respijt) of gezelschap" });
    const moment = carer.getByRole("group", { name: "Moment 1" });
    await moment.getByLabel("Datum").fill(day);
    await moment.getByLabel("Van").fill("14:00");
    await moment.getByLabel("Tot").fill("17:00");
    await carer.getByLabel("Adres", { exact: true }).fill(ADDRESS);
    await carer
      .getByLabel("Wat mag elke vrijwilliger lezen?")
      .fill("Ik wil op dinsdagmiddag even vrij zijn. Wie drinkt koffie met mijn man?");
    await carer
      .getByLabel(/Wat mag alleen de helper en de coördinator lezen/)
      .fill("Mijn man heeft dementie. De sleutel ligt bij de buren.");
    await carer.getByLabel(/Ik geef toestemming/).check();
    await carer.getByRole("button", { name: "Hulpvraag versturen" }).click();
    await carer.waitForURL(/\/requests\/\d+/);
    const requestId = Number(/\/requests\/(\d+)/.exec(carer.url())![1]);
    await carer.getByText("Uw hulpvraag is verstuurd.").waitFor();
    await expectNoViolations(carer);

    // 2. The coordinator asks both volunteers.
    const coordinator = await signedIn("coordinator");
    await visit(coordinator, `${srv.url}/coordinator/requests/${requestId}`);
    await coordinator.getByLabel(/^Vraag Vera Vrijwilliger/).check();
    await coordinator.getByLabel(/^Vraag Wim Vrijwilliger/).check();
    await coordinator.getByRole("button", { name: "Vraag de gekozen vrijwilligers" }).click();
    await coordinator.getByText("2 vrijwilliger(s) gevraagd").waitFor();
    await expectNoViolations(coordinator);

    // 3. Vera is asked: no address yet. She accepts, and then sees it.
    const vera = await signedIn("vera");
    await visit(vera, `${srv.url}/requests/${requestId}`);
    await vera.getByRole("heading", { name: "U bent gevraagd om te helpen" }).waitFor();
    expect(await vera.getByText(ADDRESS).count()).toBe(0);
    await expectNoViolations(vera);
    await vera.getByRole("button", { name: "Ja, ik help" }).click();
    await vera.getByText("Bedankt! U helpt bij deze hulpvraag.").waitFor();
    await vera.getByText(ADDRESS).waitFor();

    // 4. Wim is told someone else helps, and never sees the address.
    const wim = await signedIn("wim");
    await visit(wim, `${srv.url}/requests/${requestId}`);
    await wim.getByText("Iemand anders helpt al.").waitFor();
    expect(await wim.getByText(ADDRESS).count()).toBe(0);

    // 5. The carer sees the match, and who helps on the sessions page.
    await visit(carer, `${srv.url}/requests/${requestId}`);
    await carer.getByText("Er is een helper").first().waitFor();
    await carer.getByRole("link", { name: /^Hulpmomenten/ }).click();
    await carer.getByText("Helper: Vera Vrijwilliger").waitFor();

    // 6. Vera plans a session; the carer sees it in the list.
    await vera.getByRole("link", { name: /^Hulpmomenten/ }).click();
    const plan = vera.getByRole("region", { name: "Hulpmoment plannen" });
    await plan.getByLabel("Datum (eerste keer)").fill(addDays(day, 7));
    await plan.getByLabel("Begintijd").fill("14:00");
    await plan.getByLabel("Eindtijd").fill("17:00");
    await plan.getByRole("button", { name: "Plannen" }).click();
    await vera.getByText("Er is 1 hulpmoment gepland.").waitFor();
    await visit(carer, `${srv.url}/requests/${requestId}/sessions`);
    expect(await carer.getByRole("row").filter({ hasText: "14:00 – 17:00" }).count()).toBe(1);
    await expectNoViolations(carer);
  });
});

describe("the helping sessions page", () => {
  /** A matched request made directly, with one session to come and one that is over. */
  async function matched() {
    const now = Date.now();
    return srv.database.write(async (tx) => {
      const r = await createHelpRequest(tx, {
        neighbourhoodId: areaId,
        requesterId: people.carer.id,
        status: "matched",
        matchedVolunteerId: people.vera.id,
        matchedAt: now - 10 * DAY,
      });
      await createHelpSession(tx, { requestId: r.id, startsAt: Math.ceil((now + 3 * DAY) / 3_600_000) * 3_600_000 });
      await createHelpSession(tx, { requestId: r.id, startsAt: Math.ceil((now - 3 * DAY) / 3_600_000) * 3_600_000 });
      return r.id;
    });
  }

  it("passes axe with form errors, works at 320px, and lets either side cancel a session and end the match (volunteer, carer, coordinator)", async () => {
    const id = await matched();
    const vera = await signedIn("vera", { viewport: { width: 320, height: 800 } });
    await visit(vera, `${srv.url}/requests/${id}/sessions`);
    await vera.getByRole("heading", { level: 1, name: "Hulpmomenten" }).waitFor();
    // A schedule with the end before the start: the message stands at the field, typed values kept.
    const plan = vera.getByRole("region", { name: "Hulpmoment plannen" });
    await plan.getByLabel("Datum (eerste keer)").fill(addDays(localDateOf(Date.now(), ZONE), 5));
    await plan.getByLabel("Begintijd").fill("15:00");
    await plan.getByLabel("Eindtijd").fill("14:00");
    await plan.getByRole("button", { name: "Plannen" }).click();
    await vera.getByText("De eindtijd moet na de begintijd liggen.").waitFor();
    expect(await plan.getByLabel("Begintijd").inputValue()).toBe("15:00");
    await expectNoViolations(vera);
    expect(await vera.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    // Confirm the session that is over.
    await vera.getByRole("button", { name: "Bevestigen dat het plaatsvond" }).click();
    await vera.getByText("Bedankt! Uw uren zijn genoteerd.").waitFor();
    await vera.getByText("Heeft plaatsgevonden (120 minuten)").waitFor();

    // The carer cancels the session to come, with a reason.
    const carer = await signedIn("carer");
    await visit(carer, `${srv.url}/requests/${id}/sessions`);
    await carer.getByLabel("Reden van afzeggen").fill("We zijn bij de dokter");
    await carer.getByRole("button", { name: "Afzeggen" }).click();
    await carer.getByText("Het hulpmoment is afgezegd.").waitFor();
    await carer.getByText("Gaat niet door: We zijn bij de dokter").waitFor();

    // The carer ends the match, then leaves feedback; the coordinator reads it.
    await carer.getByLabel("Reden", { exact: true }).fill("Mijn man gaat naar de dagopvang.");
    await carer.getByRole("button", { name: "De hulp stoppen" }).click();
    await carer.getByText("De hulp is gestopt. U kunt nu").waitFor();
    await carer.getByLabel("Uw terugkoppeling").fill("Vera was heel fijn.");
    await carer.getByRole("button", { name: "Versturen" }).click();
    await carer.getByText("Bedankt voor uw terugkoppeling.").waitFor();
    await expectNoViolations(carer);

    const coordinator = await signedIn("coordinator");
    await visit(coordinator, `${srv.url}/requests/${id}/sessions`);
    await coordinator.getByText("Vera was heel fijn.").waitFor();
    await expectNoViolations(coordinator);
  });

  it("works without JavaScript: a refused action shows its message at the form, not an error page", async () => {
    const id = await matched();
    const context = await e2e.open({ javaScriptEnabled: false });
    await signInWithCode(context.context, context.page, srv, people.carer.email, people.carer.name);
    const page = context.page;
    await visit(page, `${srv.url}/requests/${id}/sessions`);
    // Someone else cancels the session in the meantime; then the carer tries too.
    await srv.database.write(async (tx) => {
      await tx
        .update(helpSession)
        .set({ status: "cancelled", cancelReason: "elders" })
        .where(and(eq(helpSession.requestId, id), gt(helpSession.startsAt, Date.now())));
    });
    await page.getByLabel("Reden van afzeggen").fill("Ziek");
    await page.getByRole("button", { name: "Afzeggen" }).click();
    await page.getByText("Dit hulpmoment is al afgezegd.").waitFor();
  });

  it("someone with no part in the request gets 'not found', as for a request that does not exist (404, not 500)", async () => {
    const id = await matched();
    const { page: wim, expectNotFound } = await signedInContext("wim");
    expectNotFound(`/requests/${id}/sessions`);
    const response = await visit(wim, `${srv.url}/requests/${id}/sessions`);
    expect(response?.status()).toBe(404);
    await wim.getByText("Deze pagina bestaat niet.").waitFor();
  });
});
