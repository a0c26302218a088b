import { describe, expect, test } from "vitest";
import { createBrowserlessClient } from "#tests/support/http";
import { ids, server, setUpActivityPagesWorld, text } from "./activity-pages-world";

// The public list of activities over real HTTP: filters kept in the form, and refusals of malformed filters.

setUpActivityPagesWorld();

describe("/activities", () => {
  test("lists public activities with their next session, and keeps the chosen filters in the form", async () => {
    const anonymous = createBrowserlessClient(server.url);
    const page = await anonymous.get("/activities");
    expect(page.status).toBe(200);
    const body = await text(page);
    expect(body).toContain("Wandelvoetbal");
    expect(body).toContain("Buurtkoor");
    expect(body).not.toContain("Verborgen activiteit");
    expect(body).toContain("Volgende keer:");

    const filtered = await anonymous.get(`/activities?category=culture&neighbourhood=${ids.area}&from=2026-11-29&needsVolunteers=on`);
    expect(filtered.status).toBe(200);
    const html = await filtered.text();
    expect(html).toContain("Buurtkoor");
    expect(html).not.toContain(">Wandelvoetbal<");
    expect(html).toMatch(/<option value="culture" selected="">/);
    expect(html).toMatch(new RegExp(`<option value="${ids.area}" selected="">`));
    expect(html).toContain('value="2026-11-29"');
    expect(html.match(/<input[^>]*name="needsVolunteers"[^>]*>/)?.[0]).toContain('checked=""');
  });

  const bad: [string, string][] = [
    ["category=skydiving", "Kies een soort uit de lijst."],
    ["neighbourhood=abc", "Kies een wijk uit de lijst."],
    ["neighbourhood=99999999", "Kies een wijk uit de lijst."],
    ["targetGroup=%3Cscript%3E", "Kies een groep uit de lijst."],
    ["from=2026-02-30", "Vul een datum in zoals 2026-12-01."],
    ["from=2026-12-10&to=2026-12-01", "Deze datum ligt voor de datum bij 'Vanaf'."],
    ["after=not-a-cursor", "Deze pagina bestaat niet."],
    ["needsVolunteers=perhaps", "Dit vakje kan alleen aan of uit staan."],
    [`from=${"9".repeat(5000)}`, "Vul een datum in zoals 2026-12-01."],
  ];
  test.each(bad.map(([query, message]) => [query.slice(0, 40), query, message] as const))(
    "?%s answers 400 with a message next to the field, never 500",
    async (_label, query, message) => {
      const response = await createBrowserlessClient(server.url).get(`/activities?${query}`);
      expect(response.status).toBe(400);
      const body = await text(response);
      expect(body).toContain(message);
      expect(body).toContain("Niet alle filters zijn goed ingevuld.");
    },
  );

  test("the typed value stays in the field after an error", async () => {
    const html = await (await createBrowserlessClient(server.url).get("/activities?from=2026-13-45&category=sports")).text();
    expect(html).toContain('value="2026-13-45"');
    expect(html).toMatch(/<option value="sports" selected="">/);
    expect(html).toMatch(/id="filter-from"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="filter-from"/);
  });
});
