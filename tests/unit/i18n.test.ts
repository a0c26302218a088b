import { describe, expect, it } from "vitest";
import { en } from "~/locales/en";
import { nl } from "~/locales/nl";
import { isLocale, localeFromAcceptLanguage } from "~/locales/i18n";
import { getT } from "~/locales/i18n.server";

/** Every leaf of a nested message object as [dotted key, value]. */
function leaves(value: unknown, prefix = ""): [string, unknown][] {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    return Object.entries(value).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
  }
  return [[prefix, value]];
}

describe("locales", () => {
  const nlLeaves = new Map(leaves(nl));
  const enLeaves = new Map(leaves(en));

  it("have messages at all", () => {
    expect(nlLeaves.size).toBeGreaterThan(20);
  });

  it("every Dutch key exists in English", () => {
    expect([...nlLeaves.keys()].filter((k) => !enLeaves.has(k))).toEqual([]);
  });

  it("every English key exists in Dutch", () => {
    expect([...enLeaves.keys()].filter((k) => !nlLeaves.has(k))).toEqual([]);
  });

  it("every message is a non-empty string in both languages", () => {
    const bad = [...leaves(nl).map(([k, v]) => [`nl.${k}`, v] as const), ...leaves(en).map(([k, v]) => [`en.${k}`, v] as const)]
      .filter(([, v]) => typeof v !== "string" || v.trim() === "")
      .map(([k]) => k);
    expect(bad).toEqual([]);
  });

  it("use the same interpolation variables in both languages", () => {
    const vars = (s: unknown) => [...String(s).matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).sort();
    const mismatched = [...nlLeaves.keys()].filter((k) => JSON.stringify(vars(nlLeaves.get(k))) !== JSON.stringify(vars(enLeaves.get(k))));
    expect(mismatched).toEqual([]);
  });

  it("are what getT serves", () => {
    expect(getT("nl")("email.signIn.subject")).toBe(nl.email.signIn.subject);
    expect(getT("en")("email.signIn.subject")).toBe(en.email.signIn.subject);
    expect(getT("nl")("email.signIn.subject")).not.toBe(getT("en")("email.signIn.subject"));
  });
});

describe("localeFromAcceptLanguage", () => {
  it("picks English for an English browser", () => {
    expect(localeFromAcceptLanguage("en-GB,en;q=0.9")).toBe("en");
    expect(localeFromAcceptLanguage("EN-us")).toBe("en");
  });

  it("falls back to Dutch when nothing fits or nothing is sent", () => {
    expect(localeFromAcceptLanguage("de-DE")).toBe("nl");
    expect(localeFromAcceptLanguage("de-DE,fr;q=0.8")).toBe("nl");
    expect(localeFromAcceptLanguage(null)).toBe("nl");
    expect(localeFromAcceptLanguage("")).toBe("nl");
  });

  it("picks Dutch for a Dutch browser", () => {
    expect(localeFromAcceptLanguage("nl-NL,nl;q=0.9,en;q=0.8")).toBe("nl");
  });

  it("respects q-values rather than order", () => {
    expect(localeFromAcceptLanguage("nl;q=0.3,en;q=0.8")).toBe("en");
    expect(localeFromAcceptLanguage("en;q=0.2, nl;q=0.7")).toBe("nl");
    expect(localeFromAcceptLanguage("de-DE, en;q=0.5, nl;q=0.4")).toBe("en");
  });

  it("ignores languages the browser refuses (q=0)", () => {
    expect(localeFromAcceptLanguage("en;q=0, de")).toBe("nl");
  });
});

describe("isLocale", () => {
  it("knows exactly nl and en", () => {
    expect(isLocale("nl")).toBe(true);
    expect(isLocale("en")).toBe(true);
    expect(isLocale("de")).toBe(false);
    expect(isLocale(undefined)).toBe(false);
  });
});
