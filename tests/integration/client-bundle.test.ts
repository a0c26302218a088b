import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import type { ServerBuild } from "@remix-run/node";
import { beforeAll, describe, expect, test } from "vitest";
import { readClientBundle, type PageAssets } from "../../bench/lib/client-bundle";

// What the browser gets from the client build (decision 038): read from the Vite manifest and the
// module list app/vite/client-modules.ts writes beside it, for the build the suite runs against.
const root = path.resolve(import.meta.dirname, "../..");
const buildDir = path.join(root, process.env.REMIX_BUILD_DIR ?? "build");
const read = (file: string) => readFileSync(file, "utf8");

let clientDir: string;
let pages: PageAssets[];
let chunkModules: Record<string, string[]>;
const page = (id: string) => pages.find((p) => p.id === id)!;
const cssOf = (p: PageAssets) => p.css.map((file) => read(path.join(clientDir, file))).join("\n");

beforeAll(async () => {
  ({ clientDir, pages } = await readClientBundle(buildDir));
  chunkModules = JSON.parse(read(path.join(buildDir, ".vite", "client-modules.json"))) as Record<string, string[]>;
});

describe("the manifest walk", () => {
  test("finds every page, and the same first-load scripts Remix preloads for it", async () => {
    const build = (await import(path.join(buildDir, "server", "index.js"))) as ServerBuild;
    expect(pages.map((p) => p.path)).toEqual(
      expect.arrayContaining(["/", "/activities", "/activities/:id", "/map", "/facilities/:id", "/login"]),
    );
    expect(pages.map((p) => p.id)).not.toContain("root");
    const url = (file: string) => `/${file}`;
    for (const p of pages) {
      const chain: string[] = [];
      for (let id: string | undefined = p.id; id; id = build.routes[id]?.parentId) chain.push(id);
      const preloaded = new Set([
        build.assets.entry.module,
        ...build.assets.entry.imports,
        ...chain.flatMap((id) => [build.assets.routes[id]!.module, ...(build.assets.routes[id]!.imports ?? [])]),
      ]);
      expect(new Set(p.js.map(url)), p.path).toEqual(preloaded);
    }
  });
});

describe("client chunks", () => {
  test("hold no server-only module: no *.server file, no app/server, db/ or emails/, no Node built-in, no server package", () => {
    const all = Object.values(chunkModules).flat();
    expect(all).toContain("app/root.tsx?__remix-build-client-route");
    const serverOnly = [
      /\.server(\.[jt]sx?)?(\?|$)/,
      /(^|\/)app\/server\//,
      /^(db|emails)\//,
      /^__vite-browser-external|^node:/,
      /node_modules\/(drizzle-orm|@libsql|libsql|resend|svix|express|helmet|compression|otplib|@simplewebauthn\/server|@react-email)\//,
    ];
    expect(all.filter((id) => serverOnly.some((pattern) => pattern.test(id)))).toEqual([]);
  });

  test("Leaflet's code loads only on /map, and only after the first load", () => {
    const leaflet = Object.entries(chunkModules)
      // Its script modules; the map route itself imports leaflet.css?url, which is only the stylesheet's URL.
      .filter(([, modules]) => modules.some((id) => id.includes("node_modules/leaflet/") && !/\.css(\?|$)/.test(id)))
      .map(([file]) => file);
    expect(leaflet.length).toBeGreaterThan(0);
    for (const p of pages) {
      expect(
        p.js.filter((file) => leaflet.includes(file)),
        p.path,
      ).toEqual([]);
      if (p.id === "routes/map") expect(p.lazyJs).toEqual(expect.arrayContaining(leaflet));
      else
        expect(
          p.lazyJs.filter((file) => leaflet.includes(file)),
          p.path,
        ).toEqual([]);
    }
  });
});

describe("first-load JavaScript", () => {
  test("stays under 100 KB gzipped on every page (issue 15's budget; every page is about 90 KB)", () => {
    for (const p of pages) {
      const gzipped = p.js.reduce((sum, file) => sum + gzipSync(readFileSync(path.join(clientDir, file)), { level: 9 }).length, 0);
      expect(gzipped, p.path).toBeLessThan(100 * 1024);
    }
  });

  test("holds neither Conform nor zod on any page: a page with a form loads its page module with import() (decision 047)", () => {
    const formKit = Object.entries(chunkModules)
      .filter(([, modules]) => modules.some((id) => /node_modules\/(zod|@conform-to\/(react|zod|dom))\//.test(id)))
      .map(([file]) => file);
    expect(formKit.length).toBeGreaterThan(0);
    for (const p of pages)
      expect(
        p.js.filter((file) => formKit.includes(file)),
        p.path,
      ).toEqual([]);
    const pageModules = readdirSync(path.join(root, "app/routes")).filter((file) => file.endsWith(".page.tsx"));
    expect(pageModules.length).toBeGreaterThan(25);
    for (const file of pageModules) {
      const id = `routes/${file.slice(0, -".page.tsx".length)}`;
      const chunk = Object.entries(chunkModules).find(([, modules]) => modules.includes(`app/routes/${file}`))?.[0];
      expect(chunk, file).toBeDefined();
      expect(page(id).js, id).not.toContain(chunk);
      expect(page(id).lazyJs, id).toContain(chunk);
      expect(
        page(id).lazyJs.some((lazy) => formKit.includes(lazy)),
        id,
      ).toBe(true);
    }
  });
});

describe("first-load CSS", () => {
  const utrecht = path.join(root, "node_modules", "@utrecht");
  /** `.utrecht-form-field__label--x` → `form-field`. */
  const blocks = (css: string) => new Set(Array.from(css.matchAll(/\.utrecht-([a-z0-9-]+?)(?=__|--|[^a-z0-9-]|$)/g), (m) => m[1]!));
  const imported = Array.from(
    read(path.join(root, "app/styles/utrecht.css")).matchAll(/@import "@utrecht\/([a-z0-9-]+)-css\//g),
    (m) => m[1]!,
  );

  test("imports only the Utrecht components the pages use", () => {
    const sources = readdirSync(path.join(root, "app"), { recursive: true, encoding: "utf8" }).filter((file) => file.endsWith(".tsx"));
    const used = new Set(
      sources.flatMap((file) =>
        Array.from(read(path.join(root, "app", file)).matchAll(/utrecht-([a-z0-9-]+?)(?=__|--|[^a-z0-9-]|$)/g), (m) => m[1]!),
      ),
    );
    expect(imported.length).toBeGreaterThan(0);
    for (const name of imported) expect(used, `@utrecht/${name}-css is imported but no page uses utrecht-${name}`).toContain(name);
  });

  test("holds no Utrecht component beyond those, on any page", () => {
    const allowed = new Set([
      "theme",
      ...imported.flatMap((name) => [...blocks(read(path.join(utrecht, `${name}-css`, "dist", "index.css")))]),
    ]);
    for (const p of pages) {
      const css = cssOf(p);
      expect(css, p.path).not.toContain(".utrecht-accordion");
      expect(
        [...blocks(css)].filter((block) => !allowed.has(block)),
        p.path,
      ).toEqual([]);
    }
  });

  test("keeps every design token its rules read, and drops the unused ones", () => {
    // The tokens the theme sets on <body class="utrecht-theme"> (the file's top-level `.utrecht-theme {…}`).
    const tokens = read(path.join(utrecht, "design-tokens", "dist", "index.css"));
    const theme = /^\.utrecht-theme \{([^}]*)\}/m.exec(tokens)![1]!;
    const themed = new Set(Array.from(theme.matchAll(/(--[\w-]+):/g), (m) => m[1]!));
    expect(themed.size).toBeGreaterThan(1000);
    for (const p of pages) {
      const css = cssOf(p);
      const declared = new Set(Array.from(css.matchAll(/(--[\w-]+):/g), (m) => m[1]!));
      const reads = new Set(Array.from(css.matchAll(/var\(\s*(--[\w-]+)/g), (m) => m[1]!));
      expect(
        [...reads].filter((name) => themed.has(name) && !declared.has(name)),
        p.path,
      ).toEqual([]);
      // Most of the theme is gone: what stays is what the components and our rules read.
      expect([...themed].filter((name) => declared.has(name)).length, p.path).toBeLessThan(themed.size / 2);
    }
  });

  test("links Leaflet's stylesheet on /map only", () => {
    const leafletCss = (p: PageAssets) => p.css.filter((file) => read(path.join(clientDir, file)).includes(".leaflet-container"));
    expect(leafletCss(page("routes/map")).length).toBe(1);
    for (const p of pages.filter((p) => p.id !== "routes/map")) expect(leafletCss(p), p.path).toEqual([]);
  });

  test("stays under 30 KB gzipped on every page (issue 15's budget; the largest, /map, is about 20 KB)", () => {
    for (const p of pages) {
      const gzipped = p.css.reduce((sum, file) => sum + gzipSync(readFileSync(path.join(clientDir, file)), { level: 9 }).length, 0);
      expect(gzipped, p.path).toBeLessThan(30 * 1024);
    }
  });
});
