import type { Locale } from "./i18n";

// Noaber's own message lookup, the same on the server and in the browser (decision 043). It does
// what the messages use and nothing more: dotted keys whose first segment is the namespace,
// `{{name}}` placeholders, plural forms (`_one`, `_other`) chosen by `count`, and a default.

export interface TOptions {
  count?: number;
  /** Shown when the key has no message (a language or category code without a name). */
  defaultValue?: string;
  [name: string]: unknown;
}

export type TFunction = (key: string, options?: TOptions) => string;

/** The messages of one namespace: nested objects with strings as leaves. */
export type Messages = Record<string, unknown>;

/** The namespace every key without one of its own falls in (the header's texts, on every page). */
export const defaultNamespace = "app";

/**
 * Where a key lives: its first segment is the namespace when that is one (`activities.list.title`
 * → `activities`, `list.title`); otherwise it is a key of the default namespace.
 */
export function splitKey(key: string, namespaces: ReadonlySet<string>): { ns: string; path: string } {
  const dot = key.indexOf(".");
  const first = dot === -1 ? key : key.slice(0, dot);
  return namespaces.has(first) && dot !== -1 ? { ns: first, path: key.slice(dot + 1) } : { ns: defaultNamespace, path: key };
}

function leaf(messages: Messages | undefined, path: string): string | undefined {
  let node: unknown = messages;
  for (const part of path.split(".")) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === "string" ? node : undefined;
}

const pluralRules = new Map<string, Intl.PluralRules>();

function pluralCategory(locale: Locale, count: number) {
  let rules = pluralRules.get(locale);
  if (!rules) pluralRules.set(locale, (rules = new Intl.PluralRules(locale)));
  return rules.select(count);
}

/** `{{ name }}` → the option's value (dotted paths reach into objects); a missing value is empty. */
export function interpolate(message: string, values: TOptions | undefined): string {
  if (!message.includes("{{")) return message;
  return message.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (_, name: string) => {
    let value: unknown = values;
    for (const part of name.split("."))
      value = value !== null && typeof value === "object" ? (value as Record<string, unknown>)[part] : undefined;
    return value === undefined || value === null ? "" : String(value);
  });
}

export interface TranslatorSource {
  locale: Locale;
  namespaces: ReadonlySet<string>;
  /** The messages of a namespace in this language, or undefined when they are not here (yet). */
  messages(ns: string): Messages | undefined;
  /** Told of every namespace a key is looked up in: the server records them, the browser fetches. */
  onNamespace?(ns: string): void;
}

/** A `t` over one language. A key without a message shows `defaultValue`, or else the key itself. */
export function createT(source: TranslatorSource): TFunction {
  const { locale, namespaces } = source;
  return (key, options) => {
    const { ns, path } = splitKey(key, namespaces);
    source.onNamespace?.(ns);
    const messages = source.messages(ns);
    let message: string | undefined;
    if (typeof options?.count === "number") {
      message = leaf(messages, `${path}_${pluralCategory(locale, options.count)}`) ?? leaf(messages, `${path}_other`);
    }
    message ??= leaf(messages, path) ?? options?.defaultValue;
    return message === undefined ? key : interpolate(message, options);
  };
}
