import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { preprocessCSS, resolveConfig } from "vite";
import { afterAll, describe, expect, it } from "vitest";
import { designTokenSubset, selectorCanMatch, tokensToKeep, varReferences } from "~/vite/design-token-subset";

describe("varReferences", () => {
  it("finds every name a var() reads, nested fallbacks included", () => {
    expect(varReferences("color: var(--a, var( --b, var(--c-1, red)));")).toEqual(["--a", "--b", "--c-1"]);
    expect(varReferences("--a: 1px; content: '--b'")).toEqual([]);
  });
});

describe("tokensToKeep", () => {
  it("keeps the seeds and whatever a kept token reads, transitively, and nothing else", () => {
    const definitions = new Map([
      ["--a", ["--b"]],
      ["--b", ["--c"]],
      ["--c", []],
      ["--unused", ["--d"]],
      ["--d", []],
    ]);
    expect([...tokensToKeep(["--a", "--own"], definitions)].sort()).toEqual(["--a", "--b", "--c", "--own"]);
  });

  it("stops on a cycle", () => {
    expect(
      [
        ...tokensToKeep(
          ["--a"],
          new Map([
            ["--a", ["--b"]],
            ["--b", ["--a"]],
          ]),
        ),
      ].sort(),
    ).toEqual(["--a", "--b"]);
  });
});

describe("selectorCanMatch", () => {
  const words = new Set(["utrecht-theme", "utrecht-button"]);
  it("needs every class and custom element it names to be rendered somewhere", () => {
    expect(selectorCanMatch(":root", words)).toBe(true);
    expect(selectorCanMatch(".utrecht-theme", words)).toBe(true);
    expect(selectorCanMatch(".utrecht-theme .utrecht-button:hover", words)).toBe(true);
    expect(selectorCanMatch(".utrecht-theme--media-query", words)).toBe(false);
    expect(selectorCanMatch(".utrecht-theme utrecht-page-footer", words)).toBe(false);
    expect(selectorCanMatch(".utrecht-theme .utrecht-page-footer", words)).toBe(false);
  });
});

describe("designTokenSubset in Vite's CSS pipeline", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "noaber-tokens-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  };
  write(
    "node_modules/tokens/index.css",
    `.utrecht-theme {
  --used: var(--nested, var(--fallback));
  --nested: var(--deep);
  --deep: 1px;
  --fallback: 2px;
  --unused: var(--also-unused);
  --also-unused: 3px;
  --route-only: 4px;
  --inline-only: 5px;
}
@media (prefers-color-scheme: dark) {
  .utrecht-theme--media-query { --used: black; }
}
.utrecht-theme .utrecht-page-footer { --used: white; }
:root { --root-unused: 6px; }`,
  );
  write("component.css", ".utrecht-button { color: var(--used); --own-unused: 7px; }");
  write("app/styles/route.css", ".route { margin: var(--route-only); }");
  write("app/page.tsx", `<body className="utrecht-theme"><p style={{ padding: "var(--inline-only)" }} /></body>`);
  write("app/vite/plugin.ts", "// names utrecht-theme--media-query, var(--unused)");

  it("keeps the tokens something reads and drops the rest", async () => {
    const config = await resolveConfig(
      {
        configFile: false,
        root: dir,
        logLevel: "silent",
        plugins: [designTokenSubset({ tokens: /node_modules\/tokens\//, sources: path.join(dir, "app") })],
      },
      "build",
    );
    const { code } = await preprocessCSS(
      `@import "./node_modules/tokens/index.css";\n@import "./component.css";`,
      path.join(dir, "root.css"),
      config,
    );
    const declared = (name: string) => new RegExp(`${name}:`).test(code);
    for (const name of ["--used", "--nested", "--deep", "--fallback", "--route-only", "--inline-only"])
      expect(declared(name), name).toBe(true);
    // Unread tokens go; so do the rules for classes no page renders (the build-time plugins in app/vite do not count).
    for (const name of ["--unused", "--also-unused", "--root-unused"]) expect(declared(name), name).toBe(false);
    expect(code).not.toContain("media-query");
    expect(code).not.toContain("page-footer");
    expect(code).not.toContain("prefers-color-scheme");
    // Only the tokens file is trimmed: a component's own custom property stays even if unread.
    expect(code).toContain("--own-unused: 7px");
  });
});
