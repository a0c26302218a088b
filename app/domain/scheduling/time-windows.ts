import { expandRecurrence, type RecurrenceRule } from "./recurrence";
import { localToInstant, minutesOf, type LocalDate, type LocalTime } from "./local-time";

// Wanted times as a person enters them: a few dated windows, or a weekly pattern. Pure: the
// zone and "now" come in as arguments, the instants and the problems go out.

export interface WindowsInput {
  schedule: "windows" | "weekly";
  windows: ({ date?: LocalDate | undefined; startTime?: LocalTime | undefined; endTime?: LocalTime | undefined } | undefined)[];
  weekdays: number[];
  recurStartDate?: LocalDate | undefined;
  recurStartTime?: LocalTime | undefined;
  recurEndTime?: LocalTime | undefined;
  recurUntil?: LocalDate | undefined;
  recurCount?: number | undefined;
}

/** Why a field's value cannot become a window; the field is the form field's name. */
export type WindowProblem =
  | "timeDoesNotExist"
  | "timeInvalid"
  | "recurrenceNoEnd"
  | "countTooMany"
  | "untilBeforeStart"
  | "dateInPast"
  | "endBeforeStart"
  | "windowsOverlap";

export interface ResolvedWindows {
  windows: { startsAt: number; endsAt: number }[];
  rule: Record<string, unknown> | null;
  problems: { field: string; problem: WindowProblem }[];
}

/**
 * Turns dated windows or a weekly pattern into instants in `zone`, in time order, with the
 * problems found: windows in the past, overlapping windows, and local times that do not exist
 * (the hour skipped when clocks go forward). A weekly pattern keeps only its future occurrences
 * and is returned as its recurrence rule.
 */
export function resolveWindows(input: WindowsInput, zone: string, now: number): ResolvedWindows {
  const problems: ResolvedWindows["problems"] = [];
  const report = (field: string, problem: WindowProblem) => void problems.push({ field, problem });
  if (input.schedule === "weekly") {
    const startTime = input.recurStartTime!;
    const endTime = input.recurEndTime!;
    const rule: RecurrenceRule = {
      startDate: input.recurStartDate!,
      startTime,
      durationMinutes: minutesOf(endTime) - minutesOf(startTime),
      timeZone: zone,
      pattern: { kind: "weekly", interval: 1, weekdays: input.weekdays },
      end: input.recurUntil ? { until: input.recurUntil } : { count: input.recurCount ?? 0 },
    };
    const expanded = expandRecurrence(rule);
    if (!expanded.ok) {
      const code = expanded.error.code;
      if (code === "nonexistent-time") report("recurStartTime", "timeDoesNotExist");
      else if (code === "no-end") report("recurUntil", "recurrenceNoEnd");
      else if (code === "too-many") report("recurUntil", "countTooMany");
      else report("recurStartTime", "timeInvalid");
      return { windows: [], rule: null, problems };
    }
    // The end time can also fall in a skipped hour; check each occurrence's local end.
    for (const o of expanded.occurrences) {
      const end = localToInstant(o.localDate, endTime, zone);
      if (!end.ok) {
        report("recurEndTime", "timeDoesNotExist");
        return { windows: [], rule: null, problems };
      }
      o.endsAt = end.epochMs;
    }
    const future = expanded.occurrences.filter((o) => o.startsAt > now);
    if (expanded.occurrences.length === 0) report("recurUntil", "untilBeforeStart");
    else if (future.length === 0 || expanded.occurrences[0]!.startsAt <= now) report("recurStartDate", "dateInPast");
    return {
      windows: future.map((o) => ({ startsAt: o.startsAt, endsAt: o.endsAt })),
      rule: rule as unknown as Record<string, unknown>,
      problems,
    };
  }
  const windows: { index: number; startsAt: number; endsAt: number }[] = [];
  input.windows.forEach((row, index) => {
    if (!row?.date || !row.startTime || !row.endTime) return;
    const start = localToInstant(row.date, row.startTime, zone);
    const end = localToInstant(row.date, row.endTime, zone);
    if (!start.ok) return report(`windows[${index}].startTime`, start.reason === "nonexistent" ? "timeDoesNotExist" : "timeInvalid");
    if (!end.ok) return report(`windows[${index}].endTime`, end.reason === "nonexistent" ? "timeDoesNotExist" : "timeInvalid");
    if (end.epochMs <= start.epochMs) return report(`windows[${index}].endTime`, "endBeforeStart");
    if (start.epochMs <= now) return report(`windows[${index}].date`, "dateInPast");
    const clash = windows.find((w) => w.startsAt < end.epochMs && start.epochMs < w.endsAt);
    if (clash) return report(`windows[${index}].startTime`, "windowsOverlap");
    windows.push({ index, startsAt: start.epochMs, endsAt: end.epochMs });
  });
  return {
    windows: windows.map(({ startsAt, endsAt }) => ({ startsAt, endsAt })).sort((a, b) => a.startsAt - b.startsAt),
    rule: null,
    problems,
  };
}
