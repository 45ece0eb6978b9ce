// Lint: typescript-eslint and react-hooks, plus the layer boundaries of
// docs/decisions/0010-use-case-shape.md, so a wrong import fails CI instead of a review.
import js from "@eslint/js";
import globals from "globals";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

const QUERY_METHODS = /^(selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto|selectNoFrom)$/.source;

const noQueries = {
  selector: `CallExpression > MemberExpression.callee[property.name=/${QUERY_METHODS}/]`,
  message: "Queries live in db/repositories: add or reuse a repository function.",
};

export default tseslint.config(
  { ignores: ["build/**", ".builds/**", "public/build/**", "node_modules/**", ".cache/**", "data/**", "coverage/**", "**/*.d.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: "module", globals: { ...globals.node } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports", disallowTypeAnnotations: false }],
      "no-console": "off",
    },
  },
  {
    files: ["app/**/*.tsx"],
    plugins: { "react-hooks": reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    files: ["app/**/*.tsx", "app/components/**", "app/entry.client.tsx"],
    languageOptions: { globals: { ...globals.browser } },
  },
  // Migrations are typed Kysely<any> (kysely's advice), and so are the dialect helpers they share.
  { files: ["db/migrations/**", "db/dialect.ts"], rules: { "@typescript-eslint/no-explicit-any": "off" } },
  // Source files stay small enough to read in one sitting; migrations are frozen history.
  {
    files: ["**/*.ts", "**/*.tsx", "**/*.js", "**/*.mjs"],
    ignores: ["db/migrations/**"],
    rules: { "max-lines": ["error", { max: 500 }] },
  },
  // The layers: workflows/ is pure; db/ knows nothing of the app; routes and components read
  // through app/lib (the clock aside, which is not a door to the database).
  {
    files: ["workflows/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["**/app/**", "**/db/**", "node:*", "fs", "path", "kysely"], message: "workflows/ is pure: no I/O, no app/ or db/." }] }],
      "no-restricted-properties": [
        "error",
        { object: "Date", property: "now", message: "workflows/ takes the time as an argument (db/clock.ts supplies it)." },
        { object: "Math", property: "random", message: "workflows/ is deterministic: take a random source as an argument." },
      ],
      "no-restricted-syntax": ["error", { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: "workflows/ takes the time as an argument (db/clock.ts supplies it)." }],
    },
  },
  {
    files: ["db/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["**/app/**"], message: "db/ must not import from app/." }] }],
    },
  },
  {
    files: ["app/**"],
    ignores: ["app/routes/**", "app/components/**"],
    rules: {
      "no-restricted-syntax": ["error", noQueries],
      "no-restricted-imports": ["error", { paths: [{ name: "kysely", importNames: ["sql"], message: "Raw SQL lives in db/." }] }],
    },
  },
  {
    files: ["app/routes/**", "app/components/**"],
    rules: {
      "no-restricted-syntax": ["error", noQueries],
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["**/db/**", "!**/db/clock"], message: "Routes and components read through app/lib, never db/." }] },
      ],
    },
  },
);
