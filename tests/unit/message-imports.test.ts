import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";

// The browser gets messages per namespace (decision 039): no module the browser can load imports
// a message catalogue (nl.ts, en.ts or a capability's messages). Only server code, the build
// plugin and the catalogues themselves do.

const appDir = path.resolve(import.meta.dirname, "../../app");
/** What browser code may import from app/locales: the catalogue-free modules. */
const browserSafe = new Set(["i18n", "i18n-react", "i18n.client", "i18n.server", "intl", "shape", "translate"]);

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) => (e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : Promise.resolve([path.join(dir, e.name)]))),
  );
  return nested.flat().filter((f) => /\.tsx?$/.test(f) && !f.endsWith(".d.ts"));
}

function localeImports(code: string, file: string) {
  return [...code.matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)]
    .map((m) => m[1]!)
    .map((spec) => (spec.startsWith(".") ? path.resolve(path.dirname(file), spec) : spec.replace(/^~\//, `${appDir}/`)))
    .filter((resolved) => path.dirname(resolved) === path.join(appDir, "locales"))
    .map((resolved) => path.basename(resolved).replace(/\.tsx?$/, ""));
}

describe("message catalogues stay out of the browser", () => {
  it("no browser module imports nl, en or a capability's messages", async () => {
    const serverOnly = (f: string) =>
      /\.server\.tsx?$/.test(f) ||
      f.startsWith(path.join(appDir, "server") + path.sep) ||
      f.startsWith(path.join(appDir, "vite") + path.sep);
    const files = (await sourceFiles(appDir)).filter(
      (f) => !serverOnly(f) && (!f.startsWith(path.join(appDir, "locales") + path.sep) || /[/\\]i18n[^/\\]*$/.test(f)),
    );
    expect(files.length).toBeGreaterThan(100);
    const offending: string[] = [];
    for (const file of files) {
      for (const name of localeImports(await readFile(file, "utf8"), file)) {
        if (!browserSafe.has(name)) offending.push(`${path.relative(appDir, file)} → locales/${name}`);
      }
    }
    expect(offending).toEqual([]);
  });
});
