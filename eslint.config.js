import js from "@eslint/js";
import jsxA11y from "eslint-plugin-jsx-a11y";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

const restrict = (paths, patterns) => ["error", { paths, patterns }];

const luxon = { name: "luxon", message: "Only app/domain/time.ts and app/domain/scheduling/ import luxon." };

const noTests = {
  regex: "^(#tests/|(\\.\\./)+tests/)",
  message: "Production code never imports tests/. Data builders shared with the tests live in app/demo/; test-only helpers stay in tests/.",
};

const noDb = {
  regex: "^(#db/|(\\.\\./)+db/)",
  message:
    "Only the domain (and the server's infrastructure) touches the database: call a verb from ~/domain/<capability>, and take vocabulary from ~/domain/vocabulary.",
};

// Routes and components see a capability through its two doors: ~/domain/<capability> (the server
// verbs, index.ts) and ~/domain/<capability>/shared (browser-safe schemas and helpers), or a
// kernel file at the domain root (~/domain/errors, ~/domain/time, ~/domain/vocabulary, ...).
const domainThroughItsDoor = {
  regex: "^(~/domain/[^/]+/(?!shared$)|(\\.\\./)+domain/)",
  message:
    "Import the capability, not a file inside it: ~/domain/<capability> (server verbs) or ~/domain/<capability>/shared (browser-safe). If what you need is not there, export it from the capability's index.ts or shared.ts.",
};

// The domain imports no framework and no outer layer; it reaches the emails only through
// #emails/registry (template names, props types, kinds), never a template module.
const domainPatterns = [
  {
    regex: "^(~/(routes|components|server|web|demo)(/|$)|(\\.\\./)+(routes|components|server|web|demo)/)",
    message:
      "The domain does not import routes, components, app/server, app/web or app/demo: take what you need as an argument (through ctx), or move the pure piece into the domain.",
  },
  {
    regex: "^(#emails/(?!registry$)|(\\.\\./)+emails/)",
    message: "The domain reaches the emails only through #emails/registry (EmailTemplate, EmailProps, emailTemplates, emailKindOf).",
  },
  noTests,
];

// db/ holds the schema, migrations, client and backup: it imports nothing of the app but the
// vocabulary its enums are made of.
const dbPatterns = [
  {
    regex: "^(~/|(\\.\\./)+app/)(?!domain/vocabulary$)",
    message:
      "db/ imports nothing from app/ except app/domain/vocabulary (the enums the schema is made of). Move the vocabulary there, or the code out of db/.",
  },
  {
    regex: "^(#emails/|(\\.\\./)+emails/)",
    message: "db/ does not import emails: sending mail is the domain's (notifications) business.",
  },
  noTests,
];

export default tseslint.config(
  { ignores: ["build/**", "build-*/**", "node_modules/**", "data/**", "db/migrations/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks, "jsx-a11y": jsxA11y },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...jsxA11y.flatConfigs.recommended.rules,
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-restricted-imports": restrict([luxon], []),
    },
  },
  { files: ["tests/**", "bench/**"], rules: { "no-restricted-imports": "off" } },

  // The layers and the edges between them that must not exist. Each area lists all its
  // restrictions (a later block replaces the rule's options, it does not add to them).
  //
  //   app/routes, app/components, app/web ──▶ app/domain ──▶ db
  //   app/server, app/demo ──▶ app/domain, db        emails ──▶ app/domain (time, vocabulary)
  //   db ──▶ app/domain/vocabulary only              nothing outside tests/ and bench/ ──▶ tests
  //
  // app/web is the routes' helper folder and follows the routes' rules: it does not query tables
  // either. The local mailbox (/dev/mailbox) is read where it is written, in
  // app/server/email-transport.server.ts, and app/web/mailbox.server.ts only adds the 404 guard.
  {
    files: ["app/domain/**"],
    rules: { "no-restricted-imports": restrict([luxon], domainPatterns) },
  },
  {
    files: ["app/domain/time.ts", "app/domain/scheduling/**"],
    rules: { "no-restricted-imports": restrict([], domainPatterns) },
  },
  {
    files: ["app/routes/**", "app/components/**", "app/web/**"],
    rules: { "no-restricted-imports": restrict([luxon], [noDb, domainThroughItsDoor, noTests]) },
  },
  {
    files: ["app/server/**", "app/demo/**", "app/locales/**", "app/*.{ts,tsx}"],
    rules: { "no-restricted-imports": restrict([luxon], [noTests]) },
  },
  {
    files: ["emails/**"],
    rules: { "no-restricted-imports": restrict([luxon], [noDb, noTests]) },
  },
  {
    files: ["db/**"],
    rules: { "no-restricted-imports": restrict([luxon], dbPatterns) },
  },
  {
    // The domain never reads the wall clock or the environment: both come in through ctx.
    files: ["app/domain/**"],
    rules: {
      "no-restricted-properties": [
        "error",
        { object: "Date", property: "now", message: "Use ctx.now()." },
        { object: "process", property: "env", message: "Configuration comes in through ctx." },
      ],
    },
  },
);
