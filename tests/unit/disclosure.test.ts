import { describe, expect, test } from "vitest";
import {
  discloseCount,
  discloseSeries,
  discloseTable,
  figureText,
  HIDDEN,
  shareFigure,
  statisticFigure,
  SUPPRESSED,
  type DisclosedTable,
  type Figure,
} from "~/domain/signals/disclosure";

// The attacker knows the table's structure (rows and columns add up to the totals), every shown
// figure, that "< 5" means 1–4 and that "×" is some count ≥ 0. For every withheld figure we list
// all values consistent with that knowledge; protection means more than one value remains.

function asGrid(t: DisclosedTable): Figure[][] {
  return [...t.cells.map((r, i) => [...r, t.rowTotals[i]!]), [...t.columnTotals, t.total]];
}

function feasibleValues(disclosed: DisclosedTable, bound: number): Map<string, Set<number>> {
  const grid = asGrid(disclosed);
  const R = grid.length - 1;
  const C = grid[0]!.length - 1;
  const unknown: { i: number; j: number; domain: number[] }[] = [];
  const hiddenDomain = [0, ...Array.from({ length: Math.max(0, bound - 4) }, (_, k) => k + 5)];
  grid.forEach((row, i) =>
    row.forEach((f, j) => {
      if (f === SUPPRESSED) unknown.push({ i, j, domain: [1, 2, 3, 4] });
      else if (f === HIDDEN) unknown.push({ i, j, domain: hiddenDomain });
    }),
  );
  const found = new Map<string, Set<number>>(unknown.map((u) => [`${u.i},${u.j}`, new Set<number>()]));
  const values = grid.map((row) => row.map((f) => (typeof f === "number" ? f : null)));
  const domainOf = new Map(unknown.map((u) => [`${u.i},${u.j}`, new Set(u.domain)]));
  // Every row and column: its cells add up to its total (the last member).
  const lines: [number, number][][] = [];
  for (let i = 0; i <= R; i++) lines.push(Array.from({ length: C + 1 }, (_, j) => [i, j] as [number, number]));
  for (let j = 0; j <= C; j++) lines.push(Array.from({ length: R + 1 }, (_, i) => [i, j] as [number, number]));
  const residual = (line: [number, number][]) => {
    const [ti, tj] = line[line.length - 1]!;
    return line.slice(0, -1).reduce((s, [i, j]) => s - (values[i]![j] ?? 0), values[ti]![tj] ?? 0);
  };
  const search = (): void => {
    // Propagate: a line with one open figure determines it.
    const assigned: [number, number][] = [];
    let progress = true;
    let ok = true;
    while (progress && ok) {
      progress = false;
      for (const line of lines) {
        const open = line.filter(([i, j]) => values[i]![j] === null);
        if (open.length === 0) {
          if (residual(line) !== 0) ok = false;
          continue;
        }
        if (open.length > 1) continue;
        const [oi, oj] = open[0]!;
        const isTotal = oi === line[line.length - 1]![0] && oj === line[line.length - 1]![1];
        values[oi]![oj] = 0;
        const forced = isTotal ? -residual(line) : residual(line);
        if (!domainOf.get(`${oi},${oj}`)!.has(forced)) {
          values[oi]![oj] = null;
          ok = false;
          break;
        }
        values[oi]![oj] = forced;
        assigned.push([oi, oj]);
        progress = true;
      }
    }
    if (ok) {
      const next = unknown.find((u) => values[u.i]![u.j] === null);
      if (!next) {
        for (const u of unknown) found.get(`${u.i},${u.j}`)!.add(values[u.i]![u.j]!);
      } else {
        for (const v of next.domain) {
          values[next.i]![next.j] = v;
          search();
        }
        values[next.i]![next.j] = null;
      }
    }
    for (const [i, j] of assigned) values[i]![j] = null;
  };
  search();
  return found;
}

function expectProtected(cells: number[][]) {
  const disclosed = discloseTable(cells);
  // The attacker bounds a "×" by the grand total when it is shown; when it is not, by far more.
  const sum = cells.flat().reduce((a, b) => a + b, 0);
  const feasible = feasibleValues(disclosed, typeof disclosed.total === "number" ? sum : sum + 12);
  const grid = asGrid(disclosed);
  for (const [key, values] of feasible) {
    const [i, j] = key.split(",").map(Number) as [number, number];
    // The real value is always among the candidates (the attacker model is sound) …
    expect(values.size, `cell ${key} of ${JSON.stringify(cells)}`).toBeGreaterThan(0);
    // … and a small count ("< 5") always keeps at least two possible values. A "×" may be
    // pinned down: it is not a small count, it only protects one.
    if (grid[i]![j] === SUPPRESSED) expect(values.size, `cell ${key} (< 5) of ${JSON.stringify(cells)}`).toBeGreaterThan(1);
  }
  return disclosed;
}

describe("small-count suppression", () => {
  test("counts of 1–4 show as '< 5'; 0 and 5+ are shown", () => {
    expect(discloseCount(0)).toBe(0);
    expect(discloseCount(1)).toBe(SUPPRESSED);
    expect(discloseCount(4)).toBe(SUPPRESSED);
    expect(discloseCount(5)).toBe(5);
    expect(figureText(SUPPRESSED, "nl")).toBe("< 5");
    expect(figureText(1234, "nl")).toBe("1.234");
    expect(figureText(null, "nl")).toBe("–");
  });

  test("a single small cell in a row gets a partner, so total − shown is not the small count", () => {
    const t = expectProtected([
      [3, 10, 12],
      [8, 9, 20],
    ]);
    expect(t.cells[0]![0]).toBe(SUPPRESSED);
    // Its row partner is the smallest other cell, marked as hidden, not as "< 5".
    expect(t.cells[0]![1]).toBe(HIDDEN);
    // The column of the small cell needs a partner too.
    expect(t.cells[1]![0]).toBe(HIDDEN);
    expect(t.total).toBe(62);
  });

  test("subtracting shown cells from shown totals never gives back a hidden cell", () => {
    const s = expectProtected([[2, 30, 40, 0]]);
    expect(s.cells[0]![0]).toBe(SUPPRESSED);
    const row = asGrid(s)[0]!;
    const shown = row.slice(0, -1).filter((f): f is number => typeof f === "number");
    const total = row[row.length - 1];
    // total − shown equals the sum of ≥ 2 withheld cells of at least 5, never one small count.
    if (typeof total === "number") expect(total - shown.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(5);
  });

  test("two small cells whose sum is small get a third cell (or the total) withheld", () => {
    const t = expectProtected([[1, 2, 50]]);
    expect(t.cells[0]).toEqual([SUPPRESSED, SUPPRESSED, HIDDEN]);
  });

  test("a row of only small counts hides its total too", () => {
    const t = expectProtected([
      [1, 2],
      [20, 30],
    ]);
    expect(t.rowTotals[0]).toBe(SUPPRESSED);
  });

  test("a one-column table (a series) hides a partner period and keeps the grand total", () => {
    const s = discloseSeries([12, 3, 15, 9]);
    expect(s.values[1]).toBe(SUPPRESSED);
    expect(s.values.filter((v) => v === HIDDEN || v === SUPPRESSED).length).toBeGreaterThanOrEqual(2);
    expect(s.total).toBe(39);
    const shown = s.values.filter((v): v is number => typeof v === "number").reduce((a, b) => a + b, 0);
    expect(39 - shown).toBeGreaterThanOrEqual(5);
  });

  test("random tables: no withheld figure can be worked out from the rows and columns", () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let n = 0; n < 100; n++) {
      const rows = 2 + Math.floor(random() * 2);
      const cols = 2 + Math.floor(random() * 2);
      const cells = Array.from({ length: rows }, () =>
        Array.from({ length: cols }, () => (random() < 0.35 ? Math.floor(random() * 5) : Math.floor(random() * 12))),
      );
      expectProtected(cells);
    }
  });

  test("shares and medians resting on hidden counts or fewer than 5 cases are hidden", () => {
    expect(shareFigure(SUPPRESSED, 40, 40)).toBe(SUPPRESSED);
    expect(shareFigure(HIDDEN, 40, 40)).toBe(SUPPRESSED);
    expect(shareFigure(0, SUPPRESSED, 3)).toBe(SUPPRESSED);
    expect(shareFigure(10, 40, 40)).toBe(25);
    expect(shareFigure(0, 0, 0)).toBeNull();
    expect(statisticFigure(3.5, 4)).toBe(SUPPRESSED);
    expect(statisticFigure(3.5, 5)).toBe(3.5);
    expect(statisticFigure(null, 0)).toBeNull();
  });
});
