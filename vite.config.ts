import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";
import { clientModules } from "./app/vite/client-modules";
import { designTokenSubset } from "./app/vite/design-token-subset";
import { messageBundles } from "./app/vite/messages";
import { precompress } from "./app/vite/precompress";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

/**
 * Modules of app/domain run nothing when imported (a rule of docs/architecture.md), so in the
 * browser build one that a page imports only through a capability's `shared.ts` without using
 * any of its exports is left out, and the libraries it imports with it (zod's schemas on pages
 * without a form: issue 15's script budget).
 */
const pureDomainModule = (id: string) => /\/app\/domain\/.*\.tsx?$/.test(id);

export default defineConfig(({ isSsrBuild }) => ({
  server: { hmr: { port: 24679 } },
  // The manifest (moved by Remix to <build>/.vite/client-manifest.json) feeds `npm run bench -- bundle`.
  build: {
    target: "es2022",
    manifest: true,
    rollupOptions: isSsrBuild ? {} : { treeshake: { moduleSideEffects: (id: string) => !pureDomainModule(id) } },
  },
  plugins: [
    remix({
      // Parallel test runs can build to their own folder (REMIX_BUILD_DIR); the default is build/.
      buildDirectory: process.env.REMIX_BUILD_DIR ?? "build",
      // `<route>.page.tsx` is the page of a route with a form, loaded by import() (decision 047), not a route.
      ignoredRouteFiles: ["**/*.page.tsx"],
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        v3_lazyRouteDiscovery: true,
      },
    }),
    tsconfigPaths(),
    designTokenSubset({ tokens: /node_modules\/@utrecht\/design-tokens\//, sources: "app" }),
    clientModules(),
    messageBundles(),
    // .br and .gz beside the client files (decision 036), in the same folder Remix builds into.
    precompress({ clientDir: `${process.env.REMIX_BUILD_DIR ?? "build"}/client` }),
  ],
}));
