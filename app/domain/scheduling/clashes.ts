// Pure clash marking for a personal schedule: which active items overlap another active item.

export interface ClashCandidate {
  key: string;
  startsAt: number;
  endsAt: number;
  /** Only active items (not cancelled, not waitlisted) can clash. */
  active: boolean;
}

/**
 * For each active item that overlaps at least one other active item, the keys of the items it
 * overlaps. Touching ends (one ends at 19:00, the next starts at 19:00) are not a clash.
 */
export function findClashes(items: readonly ClashCandidate[]): Map<string, string[]> {
  const active = items.filter((i) => i.active).sort((a, b) => a.startsAt - b.startsAt || a.endsAt - b.endsAt);
  const clashes = new Map<string, string[]>();
  const add = (a: string, b: string) => {
    const list = clashes.get(a) ?? [];
    if (!list.includes(b)) list.push(b);
    clashes.set(a, list);
  };
  for (let i = 0; i < active.length; i++) {
    const a = active[i]!;
    for (let j = i + 1; j < active.length; j++) {
      const b = active[j]!;
      if (b.startsAt >= a.endsAt) break;
      if (a.key === b.key) continue;
      add(a.key, b.key);
      add(b.key, a.key);
    }
  }
  return clashes;
}
