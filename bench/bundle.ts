import path from "node:path";
import { measure, readClientBundle } from "./lib/client-bundle";
import { root } from "./lib/server-process";

/** Budgets of issue 15 for the first load of a page, gzipped. */
const JS_BUDGET = 100 * 1024;
const CSS_BUDGET = 30 * 1024;

/**
 * Bundle sizes: for every page of the client build, what its first load fetches (the Vite
 * manifest's chunk graph: client entry, route modules, their static imports; the stylesheets they
 * link) in raw and gzip -9 bytes, and what it loads later with import(). Largest JavaScript first;
 * a ⚠ marks a page over 100 KB of JavaScript or 30 KB of CSS (gzipped).
 */
export async function benchBundle() {
  const buildDir = path.join(root, process.env.REMIX_BUILD_DIR ?? "build");
  const { clientDir, pages } = await readClientBundle(buildDir);
  const rows = pages
    .map((page) => ({ page, js: measure(clientDir, page.js), css: measure(clientDir, page.css), lazy: measure(clientDir, page.lazyJs) }))
    .sort((a, b) => b.js.gzip - a.js.gzip || a.page.path.localeCompare(b.page.path));
  const kb = (bytes: number) => (bytes / 1024).toFixed(1);
  console.log(`\n## First-load bytes per page (client build, gzip -9 per file)\n`);
  console.log("| page | JS files | JS raw KB | JS gz KB | later import() gz KB | CSS files | CSS raw KB | CSS gz KB | budget |");
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|---|");
  for (const { page, js, css, lazy } of rows) {
    const over = [js.gzip > JS_BUDGET ? "⚠ JS > 100 KB" : "", css.gzip > CSS_BUDGET ? "⚠ CSS > 30 KB" : ""].filter(Boolean).join(", ");
    console.log(
      `| ${page.path} | ${page.js.length} | ${kb(js.raw)} | ${kb(js.gzip)} | ${page.lazyJs.length ? kb(lazy.gzip) : "–"} | ${page.css.length} | ${kb(css.raw)} | ${kb(css.gzip)} | ${over || "ok"} |`,
    );
  }
  const worst = (key: "js" | "css") => rows.reduce((a, b) => (b[key].gzip > a[key].gzip ? b : a));
  console.log(
    `\nLargest: JS ${kb(worst("js").js.gzip)} KB gz (${worst("js").page.path}), CSS ${kb(worst("css").css.gzip)} KB gz (${worst("css").page.path}); ${rows.length} pages.`,
  );
}
