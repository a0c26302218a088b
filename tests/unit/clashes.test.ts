import { describe, expect, test } from "vitest";
import { findClashes } from "~/domain/scheduling/clashes";

const H = 3_600_000;
const item = (key: string, start: number, end: number, active = true) => ({ key, startsAt: start * H, endsAt: end * H, active });

describe("findClashes", () => {
  test("overlapping active items clash with each other, both ways", () => {
    const result = findClashes([item("a", 10, 12), item("b", 11, 13), item("c", 14, 15)]);
    expect(result.get("a")).toEqual(["b"]);
    expect(result.get("b")).toEqual(["a"]);
    expect(result.has("c")).toBe(false);
  });

  test("touching ends are not a clash", () => {
    expect(findClashes([item("a", 10, 12), item("b", 12, 13)]).size).toBe(0);
  });

  test("inactive items (cancelled, waitlisted) never clash", () => {
    expect(findClashes([item("a", 10, 12), item("b", 10, 12, false)]).size).toBe(0);
  });

  test("a long item clashes with several short ones that do not clash with each other", () => {
    const result = findClashes([item("short2", 13, 14), item("long", 9, 17), item("short1", 10, 11)]);
    expect(result.get("long")?.sort()).toEqual(["short1", "short2"]);
    expect(result.get("short1")).toEqual(["long"]);
    expect(result.get("short2")).toEqual(["long"]);
  });

  test("input order does not matter, and an empty list has no clashes", () => {
    const a = findClashes([item("x", 1, 3), item("y", 2, 4)]);
    const b = findClashes([item("y", 2, 4), item("x", 1, 3)]);
    expect([...a.entries()].sort()).toEqual([...b.entries()].sort());
    expect(findClashes([]).size).toBe(0);
  });
});
