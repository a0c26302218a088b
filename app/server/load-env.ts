import { EnvError, loadEnv, type Env } from "~/server/env.server";

// Kept apart from boot.ts (which loads the whole app) so that a refused environment stops the
// process before anything else is imported.

/** Runs an environment loader; an EnvError stops the process with one line per bad variable. */
export function exitOnEnvError<T>(load: () => T): T {
  try {
    return load();
  } catch (error) {
    if (error instanceof EnvError) {
      process.stderr.write(`${error.message}\nSee .env.example for working values.\n`);
      process.exit(1);
    }
    throw error;
  }
}

/**
 * Validates the environment or stops the process with a message naming each bad variable. An unset
 * NODE_ENV means production (env.server.ts); it is written back so that Express and React, which
 * read process.env.NODE_ENV themselves, run in the same mode.
 */
export function loadEnvOrExit(): Env {
  const env = exitOnEnvError(() => loadEnv(process.env));
  process.env.NODE_ENV = env.NODE_ENV;
  return env;
}
