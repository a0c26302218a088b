import { defineConfig } from "vitest/config";
import base from "./vitest.config";

// The second CI run on a libSQL server (sqld): the tests whose outcome depends on the database
// engine — migrations, transactions under concurrency (last place, claims, state changes), the
// outbox and its worker processes, backups, maintenance and several instances on one server.
// Decision 033 says why the rest runs once, on the embedded file.
export const sqldSuite = [
  "database",
  "multi-instance",
  "backup",
  "maintenance",
  "signups",
  "series-signup",
  "open-shifts",
  "help-request-states",
  "help-request-answers",
  "organisation-members",
  "outbox-enqueue",
  "outbox-batch",
  "outbox-batch-processes",
  "outbox-worker",
  "digest",
  "after-session",
  "reminders",
  "second-factor",
  "erasure",
  "erasure-migration",
  "data-version-table",
  "activity-list-cache",
  "map-cache",
  "session-resolve",
  "matching-rank",
  "matching-prefilter",
  "matching-facts",
  "retention",
  "retention-mail",
  "circles",
  "circle-tasks",
  "conversations",
];

export default defineConfig({
  ...base,
  test: { ...base.test, include: sqldSuite.map((name) => `tests/integration/${name}.test.ts`) },
});
