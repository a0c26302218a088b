import { describe, expect, it } from "vitest";
import { en } from "~/locales/en";
import { nl } from "~/locales/nl";
import { isLocale, localeFromAcceptLanguage, type PageMessagesData } from "~/locales/i18n";
import { renderToStaticMarkup } from "react-dom/server";
import { createPageMessages, getT, jsonForScript } from "~/locales/i18n.server";
import { TranslationProvider, Trans } from "~/locales/i18n-react";
import { createT } from "~/locales/translate";

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

describe("namespaces (decision 039)", () => {
  it("keep every key as it was: the first segment is the namespace", () => {
    const t = getT("en");
    expect(t("home.greeting", { name: "Rosa" })).toBe("Welcome, Rosa");
    expect(t("testInbox.codes.seconds", { count: 1 })).toBe(en.testInbox.codes.seconds_one.replace("{{count}}", "1"));
    expect(t("testInbox.codes.seconds", { count: 5 })).toBe(en.testInbox.codes.seconds_other.replace("{{count}}", "5"));
    expect(t("roles.organisation-member")).toBe(en.roles["organisation-member"]);
    // A key that names a group of messages, not one, shows itself.
    expect(t("privacy.controller")).toBe("privacy.controller");
    expect(t("community.languages.xx", { defaultValue: "xx" })).toBe("xx");
    expect(getT("nl")("activities.requirements.vog-required")).toBe(nl.activities.requirements["vog-required"]);
  });

  it("a page inlines the namespaces its render used plus its routes', in its language only", () => {
    const page = createPageMessages({ "routes/privacy": ["privacy"] });
    const t = page.t("en");
    expect(t("home.title")).toBe(en.home.title);
    expect(t("nav.home")).toBe(en.nav.home);
    const data = JSON.parse(page.json("en", ["root", "routes/privacy"])) as PageMessagesData;
    expect(data.lng).toBe("en");
    expect(Object.keys(data.resources).sort()).toEqual(["home", "nav", "privacy"]);
    expect(data.resources.home).toEqual(en.home);
    // The shared instance records nothing: a second page starts empty.
    expect(Object.keys((JSON.parse(createPageMessages({}).json("nl", [])) as PageMessagesData).resources)).toEqual([]);
  });

  it("escapes what could end the inlined script element", () => {
    const text = jsonForScript({ a: "</script><!-- <b>" });
    expect(text).not.toMatch(/<\/script|<!--|</);
    expect(JSON.parse(text)).toEqual({ a: "</script><!-- <b>" });
  });
});

describe("createT (decision 043)", () => {
  const messages: Record<string, Record<string, unknown>> = {
    app: { name: "Noaber", deep: { key: "Diep" } },
    shop: {
      items_one: "{{count}} ding",
      items_other: "{{count}} dingen",
      only_other: "{{count}} keer",
      hello: "Dag {{ name }}, u woont in {{place.city}}.",
      group: { inner: "Binnen" },
    },
  };
  const seen: string[] = [];
  const t = createT({
    locale: "nl",
    namespaces: new Set(Object.keys(messages)),
    messages: (ns) => messages[ns],
    onNamespace: (ns) => seen.push(ns),
  });

  it("takes the first segment as the namespace, else the default one", () => {
    expect(t("shop.group.inner")).toBe("Binnen");
    expect(t("name")).toBe("Noaber");
    expect(t("deep.key")).toBe("Diep");
    expect(seen).toEqual(["shop", "app", "app"]);
  });

  it("picks the plural form by count in the language's rules, falling back to _other", () => {
    expect(t("shop.items", { count: 1 })).toBe("1 ding");
    expect(t("shop.items", { count: 0 })).toBe("0 dingen");
    expect(t("shop.items", { count: 2 })).toBe("2 dingen");
    expect(t("shop.only", { count: 1 })).toBe("1 keer");
  });

  it("fills in placeholders, dotted ones too, and leaves a missing value empty", () => {
    expect(t("shop.hello", { name: "Rosa", place: { city: "Zwolle" } })).toBe("Dag Rosa, u woont in Zwolle.");
    expect(t("shop.hello", { name: "Rosa" })).toBe("Dag Rosa, u woont in .");
  });

  it("shows the default value, else the key, when there is no message; a missing namespace too", () => {
    expect(t("shop.nothing", { defaultValue: "Niets" })).toBe("Niets");
    expect(t("shop.group")).toBe("shop.group");
    expect(t("unknown.key")).toBe("unknown.key");
  });
});

describe("Trans", () => {
  const render = (values: Record<string, string>) =>
    renderToStaticMarkup(
      <TranslationProvider value={{ t: getT("en"), locale: "en" }}>
        <Trans i18nKey="verify.account" values={values} components={{ strong: <strong /> }} />
      </TranslationProvider>,
    );

  it("turns the message's markup into the given elements", () => {
    expect(en.verify.account).toContain("<strong>");
    expect(render({ account: "rosa@example.org" })).toContain("<strong>rosa@example.org</strong>");
  });

  it("never reads markup from a value: it stays text", () => {
    const html = render({ account: "<strong>x</strong>@example.org" });
    expect(html).toContain("&lt;strong&gt;x&lt;/strong&gt;@example.org");
    expect(html.match(/<strong>/g)).toHaveLength(1);
  });
});
