import { describe, expect, test } from "vitest";
import { backTo } from "~/web/activity-notices";
import { safeRedirect } from "~/web/safe-redirect";

const hostile: [string, string][] = [
  ["protocol-relative", "//evil.example/"],
  ["tab before a second slash", "/\t/evil.example/"],
  ["tab before a backslash", "/\t\\evil.example"],
  ["slash backslash", "/\\evil.example"],
  ["backslash anywhere", "/me\\..\\..\\evil"],
  ["CR/LF (header splitting)", "/me\r\nSet-Cookie: x=1"],
  ["LF alone", "/\n/evil.example"],
  ["NUL", "/\u0000/evil.example"],
  ["encoded slashes", "/%2F%2Fevil.example"],
  ["encoded second slash", "/%2Fevil.example"],
  ["encoded backslash", "/%5Cevil.example"],
  ["encoded tab", "/%09/evil.example"],
  ["encoded CR/LF", "/me%0D%0ALocation:%20https://evil.example"],
  ["absolute http URL", "http://evil.example/"],
  ["absolute https URL", "https://evil.example/me"],
  ["javascript:", "javascript:alert(1)"],
  ["javascript: after slash", "/javascript:alert(1)//%0a"],
  ["data:", "data:text/html,<script>alert(1)</script>"],
  ["userinfo", "https://localhost@evil.example/"],
  ["IDN look-alike host", "//еvil.example/"],
  ["scheme-less host", "evil.example/me"],
  ["triple slash", "///evil.example"],
  ["very long", `/${"a".repeat(5000)}`],
  ["broken percent-encoding", "/%E0%A4%A"],
  ["line separator", "/\u2028/evil.example"],
  ["empty", ""],
];

describe("safeRedirect", () => {
  test.each(hostile)("refuses %s", (_name, value) => {
    expect(safeRedirect(value)).toBe("/");
    expect(safeRedirect(value, "/activities")).toBe("/activities");
  });

  test("keeps same-site paths with their query and fragment", () => {
    expect(safeRedirect("/requests/5")).toBe("/requests/5");
    expect(safeRedirect("/activities?category=sport&page=2")).toBe("/activities?category=sport&page=2");
    expect(safeRedirect("/me#email")).toBe("/me#email");
    expect(safeRedirect("/map?q=caf%C3%A9")).toBe("/map?q=caf%C3%A9");
  });

  test("refuses what is not a string", () => {
    expect(safeRedirect(null)).toBe("/");
    expect(safeRedirect(undefined)).toBe("/");
    expect(safeRedirect(new File([], "x"))).toBe("/");
  });

  test("backTo uses the same check and then keeps to its prefix", () => {
    expect(backTo("/activities/3", "/activities/", "/activities")).toBe("/activities/3");
    expect(backTo("/\t/evil.example", "/", "/activities")).toBe("/activities");
    expect(backTo("/me", "/activities/", "/activities")).toBe("/activities");
  });
});
