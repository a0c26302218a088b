import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { CSSOptions, Plugin } from "vite";

/**
 * Build-time plugin (decision 038). The Utrecht design tokens file defines ~2,600 custom properties
 * (188 KB); Noaber's pages read a few hundred of them. In every stylesheet that includes the
 * tokens file through `@import`, this keeps only what can matter:
 *
 * 1. Token rules whose selector names a class or custom element that no page renders (for example
 *    `.utrecht-theme--media-query`, the opt-in dark mode, or `utrecht-page-footer`) are dropped. A
 *    page renders a name when it appears in a `.ts`/`.tsx` file of the source folder (`app/`).
 * 2. Of the rest, a token stays when something reads it: a `var(--name…)` in another declaration
 *    of the stylesheet (the Utrecht components, our base), in a token that stays itself
 *    (`var(--a, var(--b))` reads both), or anywhere in the source folder (the capabilities' own
 *    stylesheets, which are linked separately, and inline styles).
 *
 * It runs as a PostCSS plugin inside Vite's CSS pipeline, after the `@import`s are inlined and
 * before the file is hashed, so a change in what is used also changes the file's name.
 */
export function designTokenSubset(options: { tokens: RegExp; sources: string }): Plugin {
  return {
    name: "noaber:design-token-subset",
    config() {
      return { css: { postcss: { plugins: [postcssPlugin(options)] } } };
    },
  };
}

/** The custom property names a CSS or TS text reads with `var()`, nested fallbacks included. */
export function varReferences(text: string): string[] {
  return Array.from(text.matchAll(/var\(\s*(--[\w-]+)/g), (m) => m[1]!);
}

/**
 * The tokens to keep: the seeds and, repeatedly, every token a kept token's value reads.
 * `definitions` maps a token to the names its declarations read (a token may be declared under
 * several selectors; all its values count).
 */
export function tokensToKeep(seeds: Iterable<string>, definitions: ReadonlyMap<string, readonly string[]>): Set<string> {
  const keep = new Set<string>();
  const queue = [...seeds];
  for (let name = queue.pop(); name !== undefined; name = queue.pop()) {
    if (keep.has(name)) continue;
    keep.add(name);
    queue.push(...(definitions.get(name) ?? []));
  }
  return keep;
}

/**
 * Whether a selector can match on our pages: every class (`.name`) and custom element
 * (`name-with-hyphen`) it names is among the words of the sources. `:root` names none.
 */
export function selectorCanMatch(selector: string, words: ReadonlySet<string>): boolean {
  const classes = Array.from(selector.matchAll(/\.(-?[_a-zA-Z][\w-]*)/g), (m) => m[1]!);
  const elements = Array.from(selector.matchAll(/(?:^|[\s>+~(])([a-z][a-z0-9]*-[\w-]*)/g), (m) => m[1]!);
  return [...classes, ...elements].every((name) => words.has(name));
}

type PostcssPlugin = NonNullable<Exclude<NonNullable<CSSOptions["postcss"]>, string>["plugins"]>[number];

function postcssPlugin({ tokens, sources }: { tokens: RegExp; sources: string }): PostcssPlugin {
  const dir = path.resolve(sources);
  return {
    postcssPlugin: "noaber-design-token-subset",
    OnceExit(root, { result }) {
      const fromTokens = (node: { source?: { input: { file?: string } } }) => tokens.test(node.source?.input.file ?? "");
      let hasTokens = false;
      root.walkDecls((decl) => {
        hasTokens ||= fromTokens(decl);
      });
      if (!hasTokens) return;
      result.messages.push({ type: "dir-dependency", plugin: "noaber-design-token-subset", dir, glob: "**/*.{css,ts,tsx}" });
      const files = sourceFiles(dir).map((file) => ({ file, text: readFileSync(file, "utf8") }));
      const words = new Set(files.filter(({ file }) => !file.endsWith(".css")).flatMap(({ text }) => text.match(/[\w-]+/g) ?? []));

      // 1. Token rules for classes and elements no page renders.
      root.walkRules((rule) => {
        if (!fromTokens(rule)) return;
        const selectors = rule.selectors.filter((selector) => selectorCanMatch(selector, words));
        if (selectors.length === 0) rule.remove();
        else rule.selectors = selectors;
      });

      // 2. Tokens nothing reads.
      const tokenDecls: { prop: string; value: string; remove(): void }[] = [];
      const seeds = files.flatMap(({ text }) => varReferences(text));
      root.walkDecls((decl) => {
        if (decl.prop.startsWith("--") && fromTokens(decl)) tokenDecls.push(decl);
        else seeds.push(...varReferences(decl.value));
      });
      const definitions = new Map<string, string[]>();
      for (const decl of tokenDecls) definitions.set(decl.prop, [...(definitions.get(decl.prop) ?? []), ...varReferences(decl.value)]);
      const keep = tokensToKeep(seeds, definitions);
      for (const decl of tokenDecls) if (!keep.has(decl.prop)) decl.remove();

      // Rules, then media queries, of the tokens file that are left empty.
      root.walkRules((rule) => {
        if (fromTokens(rule) && rule.nodes.every((node) => node.type === "comment")) rule.remove();
      });
      root.walkAtRules((atRule) => {
        if (fromTokens(atRule) && atRule.nodes?.every((node) => node.type === "comment")) atRule.remove();
      });
    },
  };
}

/** The source folder's stylesheets and modules, except the build-time plugins in its `vite/` (no page renders them). */
function sourceFiles(dir: string): string[] {
  const plugins = path.join(dir, "vite");
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(css|tsx?)$/.test(entry.name) && entry.parentPath !== plugins)
    .map((entry) => path.join(entry.parentPath, entry.name));
}
