import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";

// Vitest gets its own config: the Remix Vite plugin must not load under vitest (docs/stack-notes.md).
export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    include: ["tests/**/*.test.{ts,tsx}"],
    setupFiles: ["tests/setup/setup-test-env.ts"],
    environment: "node",
    pool: "forks",
    // At least two test files at once: they mostly wait on files, sockets and Chromium, so two
    // workers on a two-core CI machine take about a fifth less time than vitest's default of one.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    testTimeout: 20_000,
    hookTimeout: 60_000,
    restoreMocks: true,
  },
});
