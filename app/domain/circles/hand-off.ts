import { helpRequestKinds, type CircleTaskKind, type HelpRequestKind } from "../vocabulary";

// The warm hand-off's pure parts (browser-safe): which kind of help a circle's tasks ask for.

/**
 * The help-request kind each circle task kind hands off as:
 * - meal (cooking, bringing food) and chores (odd jobs at home) → household;
 * - ride (driving somewhere) and appointment (going along to the doctor, the hospital) → transport;
 * - company (someone to be with the person) and respite (taking over so the carer can rest) → respite;
 * - shopping → shopping; other → other.
 */
export const helpKindForTaskKind: Record<CircleTaskKind, HelpRequestKind> = {
  meal: "household",
  chores: "household",
  ride: "transport",
  appointment: "transport",
  company: "respite",
  respite: "respite",
  shopping: "shopping",
  other: "other",
};

/**
 * The one kind a hand-off starts with: the kind most of the open tasks map to (a tie goes to the
 * first in the list of help kinds); "other" when there are none. The lead may change it.
 */
export function helpKindForTasks(kinds: readonly CircleTaskKind[]): HelpRequestKind {
  const counts = new Map<HelpRequestKind, number>();
  for (const kind of kinds) counts.set(helpKindForTaskKind[kind], (counts.get(helpKindForTaskKind[kind]) ?? 0) + 1);
  let best: HelpRequestKind = "other";
  let most = 0;
  for (const kind of helpRequestKinds) {
    const n = counts.get(kind) ?? 0;
    if (n > most) [best, most] = [kind, n];
  }
  return best;
}
