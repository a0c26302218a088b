import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Plugin } from "vite";

/**
 * Build-time plugin (decision 038): writes which source modules went into each client chunk to
 * `<build>/.vite/client-modules.json` (beside the Vite manifest, outside the served folder), e.g.
 * `{ "assets/map-abc.js": ["app/routes/map.tsx", "node_modules/…"] }`. The Vite manifest says which
 * chunks a page loads but not what is in them; tests/integration/client-bundle.test.ts reads both
 * to prove that no server-only module reaches the browser and that Leaflet loads only on /map.
 */
export function clientModules(): Plugin {
  let root = "";
  let outDir = "";
  let client = false;
  return {
    name: "noaber:client-modules",
    apply: "build",
    configResolved(config) {
      root = config.root;
      outDir = path.resolve(config.root, config.build.outDir);
      client = !config.build.ssr;
    },
    writeBundle(_options, bundle) {
      if (!client) return;
      const chunks: Record<string, string[]> = {};
      for (const output of Object.values(bundle)) {
        if (output.type !== "chunk") continue;
        // Absolute paths become root-relative; virtual modules keep their id without the \0 prefix.
        chunks[output.fileName] = output.moduleIds
          .map((id) => (path.isAbsolute(id) ? path.relative(root, id) : id.replace(/^\0/, "")))
          .sort();
      }
      const file = path.resolve(outDir, "../.vite/client-modules.json");
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, `${JSON.stringify(chunks, null, 1)}\n`);
    },
  };
}
