import type { Logger, LogLevel } from "~/server/logger.server";

export interface LogEntry {
  level: LogLevel;
  msg: string;
  fields: Record<string, unknown>;
}

/** A logger that records entries so tests can assert on them (and keeps test output quiet). */
export function createMemoryLogger(): Logger & { entries: LogEntry[]; lines: () => string } {
  const entries: LogEntry[] = [];
  return {
    entries,
    log(level, msg, fields = {}) {
      entries.push({ level, msg, fields });
    },
    lines: () => entries.map((e) => JSON.stringify({ level: e.level, msg: e.msg, ...e.fields })).join("\n"),
  };
}
