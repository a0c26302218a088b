import { intlLocale } from "~/locales/intl";

// Small-count suppression for municipal figures (docs/architecture.md, Visibility and care data): a count of 1–4 people is shown
// as "< 5", and enough other cells are hidden too that no hidden count can be worked out by
// subtracting the shown cells from a shown total. Pure: the tests attack it directly.

export const MIN_SHOWN = 5;
/** A count of 1–4, not shown. */
export const SUPPRESSED = "< 5";
/**
 * A larger count hidden only so that a "< 5" next to it cannot be worked out from a total. It gets
 * its own mark: calling it "< 5" would tell the reader something false about it.
 */
export const HIDDEN = "×";
/** A figure as published: the number, "< 5" or "×". */
export type Figure = number | typeof SUPPRESSED | typeof HIDDEN;

export interface DisclosedTable {
  cells: Figure[][];
  rowTotals: Figure[];
  columnTotals: Figure[];
  total: Figure;
}

const isSmall = (value: number) => value > 0 && value < MIN_SHOWN;

/**
 * Suppresses a rows × columns table of counts together with its row totals, column totals and
 * grand total. Rules, applied to every row and column (the totals row and column included) until
 * nothing changes:
 *   1. primary: any count 1–4 is hidden;
 *   2. a line never has exactly one hidden member (cells + total): one unknown is one subtraction;
 *   3. when a line's total is shown, the hidden cells in it add up to at least 5, so their sum
 *      (total − shown cells) is not itself a small count.
 * Complementary cells are the smallest shown non-zero cells (zeros only when nothing else is left);
 * when a line has no cell left to hide, its total is hidden instead.
 */
export function discloseTable(cells: readonly (readonly number[])[]): DisclosedTable {
  const rows = cells.length;
  const columns = rows === 0 ? 0 : Math.max(...cells.map((r) => r.length));
  // The grid: rows × columns, then the row totals in column `columns` and the column totals in row `rows`.
  const grid: number[][] = [];
  for (let i = 0; i < rows; i++) {
    const row = Array.from({ length: columns }, (_, j) => cells[i]?.[j] ?? 0);
    grid.push([...row, row.reduce((a, b) => a + b, 0)]);
  }
  const totalsRow = Array.from({ length: columns + 1 }, (_, j) => grid.reduce((sum, row) => sum + (row[j] ?? 0), 0));
  grid.push(totalsRow);
  const hidden = grid.map((row) => row.map(isSmall));

  type Line = { members: [number, number][]; total: [number, number] };
  const lines: Line[] = [];
  for (let i = 0; i <= rows; i++) lines.push({ members: Array.from({ length: columns }, (_, j) => [i, j]), total: [i, columns] });
  for (let j = 0; j <= columns; j++) lines.push({ members: Array.from({ length: rows }, (_, i) => [i, j]), total: [rows, j] });

  const value = ([i, j]: [number, number]) => grid[i]![j]!;
  const isHidden = ([i, j]: [number, number]) => hidden[i]![j]!;
  const hide = ([i, j]: [number, number]) => {
    hidden[i]![j] = true;
  };

  const applyLineRules = () => {
    let changed = true;
    while (changed) {
      changed = false;
      for (const line of lines) {
        if (line.members.length === 0) continue;
        const hiddenCells = line.members.filter(isHidden);
        const totalHidden = isHidden(line.total);
        const count = hiddenCells.length + (totalHidden ? 1 : 0);
        if (count === 0) continue;
        const hiddenSum = hiddenCells.reduce((sum, c) => sum + value(c), 0);
        const safe = count >= 2 && (totalHidden || (hiddenCells.length >= 2 && hiddenSum >= MIN_SHOWN));
        if (safe) continue;
        const next = smallestShown(line.members);
        if (next) hide(next);
        else if (!totalHidden) hide(line.total);
        else continue;
        changed = true;
      }
    }
  };
  const smallestShown = (members: [number, number][]) =>
    members.filter((c) => !isHidden(c)).sort((a, b) => (value(a) === 0 ? 1 : 0) - (value(b) === 0 ? 1 : 0) || value(a) - value(b))[0];

  // The line rules stop simple subtraction; combining rows and columns with the known range of a
  // "< 5" (1–4) can still pin a cell down. A small count is safe when its value can move by one
  // in some direction: there is a cycle of withheld figures through it, alternating +1/−1, along
  // which every figure stays within what a reader knows of it. Totals enter with sign −1 (cells −
  // total = 0 on every line), the grand total with +1. Until every small count has such a cycle,
  // one more cell next to an unsafe one is hidden.
  const sign = (i: number, j: number) => ((i === rows) !== (j === columns) ? -1 : 1);
  const canMove = (i: number, j: number, direction: 1 | -1) => {
    const change = direction * sign(i, j);
    const v = grid[i]![j]!;
    const small = isSmall(v);
    // "< 5" is 1–4; "×" is 0 or at least 5 (a reader knows it is not small).
    if (small) return change > 0 ? v < MIN_SHOWN - 1 : v > 1;
    return change > 0 ? v >= MIN_SHOWN : v > MIN_SHOWN;
  };
  const movable = (r: number, c: number, direction: 1 | -1): boolean => {
    if (!canMove(r, c, direction)) return false;
    // Alternating path: from a column take a withheld figure moving the other way to a row; from a
    // row take one moving this way to a column; done when a row step reaches row r.
    const seenRows = new Set<number>();
    const seenColumns = new Set<number>([c]);
    let frontier = [c];
    while (frontier.length) {
      const rowsReached: number[] = [];
      for (const j of frontier) {
        for (let i = 0; i <= rows; i++) {
          if (i === r && j === c) continue;
          if (!hidden[i]![j] || !canMove(i, j, direction === 1 ? -1 : 1)) continue;
          if (i === r) return true;
          if (!seenRows.has(i)) {
            seenRows.add(i);
            rowsReached.push(i);
          }
        }
      }
      frontier = [];
      for (const i of rowsReached) {
        for (let j = 0; j <= columns; j++) {
          if (!hidden[i]![j] || seenColumns.has(j) || !canMove(i, j, direction)) continue;
          seenColumns.add(j);
          frontier.push(j);
        }
      }
    }
    return false;
  };

  applyLineRules();
  for (;;) {
    let unsafe: [number, number] | undefined;
    for (let i = 0; i <= rows && !unsafe; i++) {
      for (let j = 0; j <= columns && !unsafe; j++) {
        if (hidden[i]![j] && isSmall(grid[i]![j]!) && !movable(i, j, 1) && !movable(i, j, -1)) unsafe = [i, j];
      }
    }
    if (!unsafe) break;
    const [i, j] = unsafe;
    const rowLine = lines[i]!;
    const columnLine = lines[rows + 1 + j]!;
    const extra =
      smallestShown(rowLine.members) ?? smallestShown(columnLine.members) ?? [rowLine.total, columnLine.total].find((c) => !isHidden(c));
    if (!extra) {
      // Everything around it is withheld already; hide the whole table rather than risk it.
      for (const row of hidden) row.fill(true);
      break;
    }
    hide(extra);
    applyLineRules();
  }

  const figure = (i: number, j: number): Figure => {
    const v = grid[i]![j]!;
    if (!hidden[i]![j]) return v;
    return isSmall(v) ? SUPPRESSED : HIDDEN;
  };
  return {
    cells: Array.from({ length: rows }, (_, i) => Array.from({ length: columns }, (_, j) => figure(i, j))),
    rowTotals: Array.from({ length: rows }, (_, i) => figure(i, columns)),
    columnTotals: Array.from({ length: columns }, (_, j) => figure(rows, j)),
    total: figure(rows, columns),
  };
}

/** A list of counts that add up to a shown total (a trend over periods, a split "of which"). */
export function discloseSeries(values: readonly number[]): { values: Figure[]; total: Figure } {
  const table = discloseTable(values.map((v) => [v]));
  return { values: table.cells.map((row) => row[0]!), total: table.total };
}

/** Counts that are not parts of one total (snapshots, stocks): only the primary rule applies. */
export function discloseCount(value: number): Figure {
  return isSmall(value) ? SUPPRESSED : value;
}

/**
 * A percentage part/whole. Hidden when the part is hidden (the share would give it back), when the
 * whole is hidden, or when it rests on fewer than 5 cases; null when there are no cases.
 */
export function shareFigure(part: Figure, whole: Figure, wholeCount: number): Figure | null {
  if (wholeCount === 0) return null;
  if (typeof part !== "number" || typeof whole !== "number" || wholeCount < MIN_SHOWN) return SUPPRESSED;
  return Math.round((part / wholeCount) * 100);
}

/** A median (or any statistic) over `cases` cases: hidden below 5 cases, null without any. */
export function statisticFigure(value: number | null, cases: number): Figure | null {
  if (cases === 0 || value === null) return null;
  return cases < MIN_SHOWN ? SUPPRESSED : value;
}

/** The figure as text: "< 5", "–" when it does not apply, else the number in the locale. */
export function figureText(figure: Figure | null, locale: string, options: Intl.NumberFormatOptions = {}): string {
  if (figure === null) return "–";
  if (typeof figure === "string") return figure;
  return new Intl.NumberFormat(intlLocale(locale), options).format(figure);
}
