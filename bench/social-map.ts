import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createRemixStub } from "@remix-run/testing";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { createDatabase, migrateDatabase, type Database } from "#db/client";
import { facilityCooperation, facilityLocation, facilityOpeningHours, facilityOrganization, facilityService } from "#db/schema";
import { accessibilityFeatures, capacityStatuses, facilityAccessKinds, facilityCategories, targetGroups } from "~/domain/vocabulary";
import { createMunicipality, createNeighbourhood } from "~/demo/builders";
import type { Ctx } from "~/domain/context.server";
import { searchFacilities } from "~/domain/social-map";
import { createKeyring } from "~/domain/keyring.server";
import { readPublicDataVersion } from "~/domain/data-version.server";
import { getT } from "~/locales/i18n.server";
import { TranslationProvider } from "~/locales/i18n-react";
import { loadEnv } from "~/server/env.server";
import { createServices } from "~/server/services.server";
import "./lib/css-url-hook";
import { loaderBreakdown } from "./lib/loader-breakdown";
import { percentile, printTable, runLoad, type LoadResult } from "./lib/load";
import { startServerProcess } from "./lib/server-process";
import { BENCH_SECRET } from "./lib/sessions";

// Issue 6's /map benchmark: search latency with 2,000 facilities over a mix of filters, on the
// built server over HTTP (like bench/activities), plus the domain search alone with its query plans.

const FACILITIES = 2000;
const DAY = 86_400_000;
const LANGUAGES = ["nl", "en", "ar", "tr", "pl", "uk", "ti", "so", "de"];
const WORDS = ["Buurthuis", "Inloop", "Steunpunt", "Spreekuur", "Centrum", "Huiskamer", "Loket", "Atelier", "Werkplaats", "Café"];

export async function generateMapData(database: Database, now: number) {
  const { slugs } = await database.write(async (tx) => {
    const town = await createMunicipality(tx, { name: "Benchstad", timeZone: "Europe/Amsterdam" });
    const areas: Awaited<ReturnType<typeof createNeighbourhood>>[] = [];
    for (let i = 0; i < 12; i++)
      areas.push(
        await createNeighbourhood(tx, {
          municipalityId: town.id,
          name: `Wijk ${i + 1}`,
          slug: `bench-wijk-${i + 1}`,
          postcodes: [String(7100 + i)],
        }),
      );
    for (let start = 0; start < FACILITIES; start += 250) {
      const n = Math.min(250, FACILITIES - start);
      const range = Array.from({ length: n }, (_, k) => start + k);
      const orgs = await tx
        .insert(facilityOrganization)
        .values(
          range.map((i) => ({
            hsdsId: crypto.randomUUID(),
            municipalityId: town.id,
            name: `Stichting ${WORDS[i % WORDS.length]} ${i}`,
            createdAt: now,
            updatedAt: now,
          })),
        )
        .returning({ id: facilityOrganization.id });
      const locations = await tx
        .insert(facilityLocation)
        .values(
          range.map((i, k) => {
            const area = areas[i % areas.length]!;
            return {
              hsdsId: crypto.randomUUID(),
              organizationId: orgs[k]!.id,
              name: `${WORDS[(i * 3) % WORDS.length]} ${area.name}`,
              address: `Straat ${i}`,
              postcode: `${area.postcodes[0]}AB`,
              city: "Benchstad",
              neighbourhoodId: area.id,
              latitude: 52.2 + (i % 100) / 2000,
              longitude: 6.85 + Math.floor(i / 100) / 400,
              accessibility: accessibilityFeatures.filter((_, f) => (i + f) % 3 === 0),
              createdAt: now,
              updatedAt: now,
            };
          }),
        )
        .returning({ id: facilityLocation.id });
      const services = await tx
        .insert(facilityService)
        .values(
          range.map((i, k) => ({
            hsdsId: crypto.randomUUID(),
            organizationId: orgs[k]!.id,
            locationId: locations[k]!.id,
            name: `${WORDS[i % WORDS.length]} ${facilityCategories[i % facilityCategories.length]} ${i}`,
            category: facilityCategories[(i * 7) % facilityCategories.length]!,
            description:
              i % 5 === 0 ? "Hulp bij schulden, formulieren en zorg in de wijk." : "Ontmoeten, advies en ondersteuning voor bewoners.",
            targetGroups: [targetGroups[i % targetGroups.length]!, ...(i % 4 === 0 ? (["everyone"] as const) : [])],
            access: facilityAccessKinds[i % facilityAccessKinds.length]!,
            free: i % 2 === 0,
            languages: ["nl", LANGUAGES[i % LANGUAGES.length]!],
            waitingWeeks: i % 3 === 0 ? 0 : i % 3 === 1 ? null : (i % 12) + 1,
            capacityStatus: capacityStatuses[i % capacityStatuses.length]!,
            verifiedAt: now - (i % 365) * DAY,
            createdAt: now,
            updatedAt: now,
          })),
        )
        .returning({ id: facilityService.id });
      await tx
        .insert(facilityOpeningHours)
        .values(
          services.flatMap((s, k) =>
            [1, 2, 3, 4, 5]
              .filter((d) => (k + d) % 2 === 0 || d === 3)
              .map((weekday) => ({ serviceId: s.id, weekday, opensAt: k % 2 ? "09:00" : "13:00", closesAt: k % 2 ? "12:30" : "17:00" })),
          ),
        );
      await tx
        .insert(facilityCooperation)
        .values(
          services
            .slice(1)
            .filter((_, k) => k % 3 === 0)
            .map((s, k) => ({
              fromServiceId: s.id,
              toServiceId: services[k]!.id,
              kind: "referral" as const,
              purpose: "Doorverwijzen",
              createdAt: now,
            })),
        )
        .onConflictDoNothing();
    }
    return { slugs: areas.map((a) => a.slug) };
  });
  return { slugs };
}

export async function benchSocialMap() {
  const dir = mkdtempSync(path.join(tmpdir(), "noaber-bench-map-"));
  const url = `file:${path.join(dir, "map.db")}`;
  // A Tuesday 10:00 in Amsterdam keeps "open now" meaningful whenever the benchmark runs.
  const now = Date.UTC(2026, 10, 3, 9, 0);
  try {
    const database = createDatabase({ url });
    await migrateDatabase(database);
    const t0 = performance.now();
    const { slugs } = await generateMapData(database, now);
    console.log(
      `\nData: ${FACILITIES} facilities (service + location + organisation, ~3 opening-hour rows each, ${Math.floor(FACILITIES / 3)} cooperation links) in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );

    const mix = [
      "",
      "?q=schulden",
      "?category=mental-health",
      `?neighbourhood=${slugs[3]}`,
      "?targetGroup=youth",
      "?language=ar",
      "?openNow=on",
      "?noWaitingList=on",
      `?category=health&neighbourhood=${slugs[5]}&noWaitingList=on`,
      "?q=inloop&language=tr&openNow=on",
    ];

    // The domain search alone (no HTTP, no render), and the plan of its main query.
    const ctx: Ctx = {
      database,
      now: () => now,
      actor: null,
      keys: createKeyring(["bench-secret-0123456789-abcdefghij"]),
      appUrl: "http://127.0.0.1",
      defaultTimeZone: "Europe/Amsterdam",
      locale: "nl",
    };
    const domain: number[] = [];
    for (let round = 0; round < 30; round++) {
      for (const query of mix) {
        const input = Object.fromEntries(new URLSearchParams(query));
        const q0 = performance.now();
        await searchFacilities({ ctx, input });
        if (round >= 5) domain.push(performance.now() - q0);
      }
    }
    domain.sort((a, b) => a - b);

    // Where a view's time goes in this process: the loader with and without a public write before
    // it (the cache of decision 046 misses after one), and the page's own React render.
    const { default: MapPage, loader: mapLoader } = await import("~/routes/map");
    const env = loadEnv({ NODE_ENV: "production", SESSION_SECRET: BENCH_SECRET, APP_URL: "http://127.0.0.1", LOCAL_MAILBOX: "true" });
    const services = createServices({ env, database, logger: { log: () => undefined }, now: () => now });
    const context = { services, cspNonce: "", clientIp: "127.0.0.1" };
    await loaderBreakdown({
      database,
      context,
      loader: mapLoader,
      now,
      title: "Where the /map loader's time goes",
      extra: [
        { label: "read the public data version", run: () => readPublicDataVersion(database.db) },
        {
          label: "search without the cache (no filters: 50 rows with count and hours, one statement)",
          run: () => searchFacilities({ ctx, input: {} }),
        },
      ],
      urls: [
        { label: "/map", url: "http://127.0.0.1/map" },
        { label: "/map?openNow=on", url: "http://127.0.0.1/map?openNow=on" },
      ],
    });
    const loaded = await mapLoader({ request: new Request("http://127.0.0.1/map"), context, params: {} });
    const Stub = createRemixStub([{ id: "routes/map", path: "/map", Component: MapPage, loader: () => loaded }]);
    const render = () =>
      renderToString(
        createElement(
          TranslationProvider,
          { value: { t: getT("nl"), locale: "nl" } },
          createElement(Stub, { initialEntries: ["/map"], hydrationData: { loaderData: { "routes/map": loaded } } }),
        ),
      );
    // The stub is a browser router: React warns that its layout effects do nothing on the server.
    const consoleError = console.error;
    console.error = (...args: unknown[]) => {
      if (!String(args[0]).includes("useLayoutEffect does nothing on the server")) consoleError(...args);
    };
    for (let i = 0; i < 50; i++) render();
    const renders: number[] = [];
    for (let i = 0; i < 300; i++) {
      const r0 = performance.now();
      render();
      renders.push(performance.now() - r0);
    }
    console.error = consoleError;
    renders.sort((a, b) => a - b);
    const plan = await database.client.execute(`EXPLAIN QUERY PLAN SELECT s.id FROM facility_service s
      JOIN facility_organization o ON o.id = s.organization_id JOIN facility_location l ON l.id = s.location_id
      JOIN neighbourhood n ON n.id = l.neighbourhood_id JOIN municipality m ON m.id = o.municipality_id
      WHERE s.category = 'health' AND n.slug = '${slugs[5]}' ORDER BY s.name, s.id LIMIT 51`);
    database.close();

    const server = await startServerProcess({ DATABASE_URL: url, RUN_WORKER: "false" });
    const rows: LoadResult[] = [];
    try {
      for (const c of [1, 10]) {
        rows.push(
          await runLoad({
            label: "GET /privacy (minimal page, same run)",
            concurrency: c,
            requests: 300,
            warmup: 20,
            send: () => fetch(`${server.url}/privacy`),
          }),
        );
        rows.push(
          await runLoad({
            label: "GET /map (mix of 10 filter sets)",
            concurrency: c,
            requests: 600,
            warmup: 30,
            send: (i) => fetch(`${server.url}/map${mix[Math.abs(i) % mix.length]}`),
          }),
        );
        rows.push(
          await runLoad({
            label: "GET /map?openNow=on",
            concurrency: c,
            requests: 300,
            warmup: 10,
            send: () => fetch(`${server.url}/map?openNow=on`),
          }),
        );
      }
      const first = await (await fetch(`${server.url}/map`)).text();
      const after = /after=(\d+)/.exec(first)?.[1];
      if (after)
        rows.push(
          await runLoad({
            label: "GET /map?after=… (page 2, keyset)",
            concurrency: 1,
            requests: 200,
            warmup: 10,
            send: () => fetch(`${server.url}/map?after=${after}`),
          }),
        );
    } finally {
      await server.stop();
    }
    printTable(`/map search with ${FACILITIES} facilities (built server over HTTP, embedded file, 50 results per page)`, rows);
    console.log("\n## /map domain search alone (searchFacilities, 10 filter sets × 25 rounds)\n");
    console.log("| searches | p50 ms | p95 ms | p99 ms |");
    console.log("|---:|---:|---:|---:|");
    console.log(
      `| ${domain.length} | ${percentile(domain, 50).toFixed(2)} | ${percentile(domain, 95).toFixed(2)} | ${percentile(domain, 99).toFixed(2)} |`,
    );
    console.log(`\nPlan (category + neighbourhood): ${plan.rows.map((r) => String(r.detail)).join(" · ")}`);
    console.log(`\n## Pure React render of the /map page (${loaded.items.length} cards; the floor; no HTTP, no loader)\n`);
    console.log("| renders | p50 ms | p95 ms | p99 ms |");
    console.log("|---:|---:|---:|---:|");
    console.log(
      `| ${renders.length} | ${percentile(renders, 50).toFixed(2)} | ${percentile(renders, 95).toFixed(2)} | ${percentile(renders, 99).toFixed(2)} |`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
