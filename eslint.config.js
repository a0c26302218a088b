import js from "@eslint/js";
import jsxA11y from "eslint-plugin-jsx-a11y";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

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
      "no-restricted-imports": [
        "error",
        {
          paths: [{ name: "luxon", message: "Only app/domain/time.ts and app/domain/scheduling/ import luxon." }],
        },
      ],
    },
  },
  {
    files: ["app/domain/time.ts", "app/domain/scheduling/**", "tests/**", "bench/**"],
    rules: { "no-restricted-imports": "off" },
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
