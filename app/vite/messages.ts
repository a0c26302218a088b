import path from "node:path";
import type { Plugin } from "vite";
import { en } from "../locales/en";
import { namespaceFiles } from "../locales/i18n-files";
import { nl } from "../locales/nl";

/**
 * Messages per language and per namespace (decision 039):
 * - the client build gets one file per language and namespace, `assets/messages/<lng>/<ns>.<hash>.json`
 *   (i18n.server.ts computes the same names, and the browser fetches them when it needs one);
 * - every route's client entry waits for the namespaces its code uses before it finishes loading
 *   (a top-level await added here), so a client-side navigation renders with its messages in place;
 * - the server build gets `virtual:noaber/route-namespaces` (route id → namespaces, from the
 *   client build), so a page inlines what its routes may show, not only what the first render used.
 * The messages are imported here at config time: no catalogue passes through the client bundle.
 */
export function messageBundles(): Plugin {
  let isSsr = false;
  let command: "build" | "serve" = "build";
  let appDirectory = "";
  const namespaces = new Set(Object.keys(nl));
  const moduleNamespaces = new Map<string, readonly string[]>();

  function namespacesInModule(code: string): readonly string[] {
    const found = new Set<string>();
    // Any string or template literal that starts like a key: "activities.…", `signals.${…}`.
    for (const [, first = ""] of code.matchAll(/["'`]([A-Za-z][\w-]*)\./g)) {
      if (namespaces.has(first)) found.add(first);
    }
    return [...found];
  }

  return {
    name: "noaber:messages",
    enforce: "post",
    configResolved(config) {
      isSsr = Boolean(config.build.ssr);
      command = config.command;
      appDirectory = path.resolve(config.root, "app");
    },
    buildStart() {
      if (command !== "build" || isSsr) return;
      (globalThis as Store)[globalKey] = {};
      for (const [lng, messages] of Object.entries({ nl, en })) {
        for (const [ns, file] of Object.entries(namespaceFiles(messages))) {
          this.emitFile({ type: "asset", fileName: `assets/messages/${lng}/${ns}.${file.hash}.json`, source: file.json });
        }
      }
    },
    configureServer(server) {
      // Development: the same URLs, answered from the current messages (the hash is not checked).
      server.middlewares.use((req, res, next) => {
        const match = /^\/assets\/messages\/(nl|en)\/([\w-]+)\.[\w-]+\.json$/.exec(req.url ?? "");
        const [, lng = "", ns = ""] = match ?? [];
        const messages = ({ nl, en } as Record<string, Record<string, unknown>>)[lng]?.[ns];
        if (messages === undefined) return next();
        res.setHeader("Content-Type", "application/json");
        res.end(JSON.stringify(messages));
      });
    },
    resolveId(id) {
      return id === routeNamespacesId ? `\0${routeNamespacesId}` : null;
    },
    load(id) {
      if (id !== `\0${routeNamespacesId}`) return null;
      const found = routeNamespacesFromClientBuild();
      if (command === "build" && !found)
        this.error("The client build left no route namespaces: build the client first (remix vite:build).");
      return `export default ${JSON.stringify(found ?? {})};`;
    },
    transform(code, id) {
      if (command !== "build" || isSsr || !id.endsWith(clientRouteQuery)) return null;
      // The root route's messages are always in the page; every other route waits for its own.
      if (routeIdOf(id, appDirectory) === "root") return null;
      const helper = JSON.stringify(path.join(appDirectory, "locales/i18n.client.ts"));
      return `${code}\nimport { ensureNamespaces as __ensureNamespaces } from ${helper};\nawait __ensureNamespaces(${placeholder});\n`;
    },
    renderChunk(code, chunk) {
      if (isSsr || !chunk.facadeModuleId?.endsWith(clientRouteQuery)) return null;
      // The route's module graph in the client build (what its page can render), not the chunks:
      // a shared chunk may hold modules this route never imports.
      const seen = new Set<string>();
      const found = new Set<string>();
      const visit = (moduleId: string) => {
        if (seen.has(moduleId) || moduleId.includes("/node_modules/") || moduleId.startsWith("\0")) return;
        seen.add(moduleId);
        const info = this.getModuleInfo(moduleId);
        if (!info) return;
        let inModule = moduleNamespaces.get(moduleId);
        if (!inModule) {
          inModule = namespacesInModule(info.code ?? "");
          moduleNamespaces.set(moduleId, inModule);
        }
        inModule.forEach((ns) => found.add(ns));
        [...info.importedIds, ...info.dynamicallyImportedIds].forEach(visit);
      };
      visit(chunk.facadeModuleId);
      const list = [...found].sort();
      recordRouteNamespaces(routeIdOf(chunk.facadeModuleId, appDirectory), list);
      if (!code.includes(placeholderText)) return null;
      return { code: code.replace(new RegExp(`(["'\`])${placeholderText}\\1`), JSON.stringify(list)), map: null };
    },
  };
}

const clientRouteQuery = "?__remix-build-client-route";
const routeNamespacesId = "virtual:noaber/route-namespaces";
const placeholderText = "__NOABER_ROUTE_NAMESPACES__";
const placeholder = JSON.stringify(placeholderText);

/** `/…/app/routes/activities._index.tsx?__remix-build-client-route` → `routes/activities._index` (Remix's route id). */
function routeIdOf(moduleId: string, appDirectory: string) {
  const file = path.relative(appDirectory, moduleId.slice(0, -clientRouteQuery.length));
  return file
    .slice(0, file.length - path.extname(file).length)
    .split(path.sep)
    .join("/");
}

// Remix builds the client, then the server, in one process but with a fresh copy of this config
// for each; the route → namespaces map crosses over on globalThis.
const globalKey = Symbol.for("noaber.routeNamespaces");
type Store = { [globalKey]?: Record<string, string[]> };

function recordRouteNamespaces(routeId: string, list: string[]) {
  const store = globalThis as Store;
  store[globalKey] = { ...store[globalKey], [routeId]: list };
}

function routeNamespacesFromClientBuild() {
  return (globalThis as Store)[globalKey];
}
