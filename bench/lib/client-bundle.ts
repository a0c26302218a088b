import { readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import type { ServerBuild } from "@remix-run/node";

/** One entry of Vite's build manifest (`build.manifest`, moved by Remix to `<build>/.vite/client-manifest.json`). */
interface ViteChunk {
  file: string;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
  /** Files the chunk imports by URL: our stylesheets come in as `?url` and are linked by `links`. */
  assets?: string[];
}

/** What a page of the client build loads, as paths under `<build>/client`. */
export interface PageAssets {
  /** Remix route id of the page (the leaf route), e.g. `routes/map`. */
  id: string;
  /** URL pattern, e.g. `/activities/:id`. */
  path: string;
  /** First load: the client entry, the page's route module and its parents', and all their static imports. */
  js: string[];
  /** Every stylesheet those chunks carry or import by URL. */
  css: string[];
  /** Loaded later by `import()` from the first-load chunks (e.g. the map's Leaflet), and their static imports. */
  lazyJs: string[];
}

/**
 * Reads a client build: the Vite manifest for the chunk graph and the server build for the route
 * tree (which routes are pages, their parents and URL patterns). Resource routes are left out.
 */
export async function readClientBundle(buildDir: string): Promise<{ clientDir: string; pages: PageAssets[]; chunkFiles: string[] }> {
  const manifest = JSON.parse(readFileSync(path.join(buildDir, ".vite", "client-manifest.json"), "utf8")) as Record<string, ViteChunk>;
  const build = (await import(path.join(buildDir, "server", "index.js"))) as ServerBuild;
  const keyOfFile = new Map(Object.entries(manifest).map(([key, chunk]) => [chunk.file, key]));
  const keyOfUrl = (url: string) => {
    const key = keyOfFile.get(url.replace(/^\//, ""));
    if (key === undefined) throw new Error(`${url} is not in the Vite manifest`);
    return key;
  };
  const closure = (start: string[], follow: (chunk: ViteChunk) => string[] = (c) => c.imports ?? []) => {
    const seen = new Set<string>();
    const queue = [...start];
    for (let key = queue.pop(); key !== undefined; key = queue.pop()) {
      if (seen.has(key)) continue;
      seen.add(key);
      queue.push(...follow(manifest[key]!));
    }
    return seen;
  };
  const chain = (id: string): string[] => {
    const parentId = build.routes[id]?.parentId;
    return parentId ? [...chain(parentId), id] : [id];
  };
  // A page is a route with a component; a layout whose index route shows at its URL is not a page of its own.
  const indexParents = new Set(Object.values(build.routes).flatMap((route) => (route.index && route.parentId ? [route.parentId] : [])));
  const pages = Object.values(build.routes)
    .filter((route) => route.module.default !== undefined && !indexParents.has(route.id))
    .map((route): PageAssets => {
      const ids = chain(route.id);
      const first = closure([keyOfUrl(build.assets.entry.module), ...ids.map((id) => keyOfUrl(build.assets.routes[id]!.module))]);
      const dynamic = [...first].flatMap((key) => manifest[key]!.dynamicImports ?? []);
      const lazy = [...closure(dynamic)].filter((key) => !first.has(key));
      const files = (keys: Iterable<string>) => [...keys].map((key) => manifest[key]!.file).sort();
      const css = new Set(
        [...first].flatMap((key) => [...(manifest[key]!.css ?? []), ...(manifest[key]!.assets ?? []).filter((f) => f.endsWith(".css"))]),
      );
      const segments = ids.map((id) => build.routes[id]!.path ?? "").filter(Boolean);
      return { id: route.id, path: `/${segments.join("/")}`, js: files(first), css: [...css].sort(), lazyJs: files(lazy) };
    });
  const chunkFiles = [...new Set(Object.values(manifest).map((chunk) => chunk.file))].filter((file) => file.endsWith(".js")).sort();
  return { clientDir: path.join(buildDir, "client"), pages, chunkFiles };
}

/** Bytes of the files as served without compression, and the sum of each one gzipped at level 9. */
export function measure(clientDir: string, files: readonly string[]): { raw: number; gzip: number } {
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    const bytes = readFileSync(path.join(clientDir, file));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { raw, gzip };
}
