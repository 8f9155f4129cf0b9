// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";

/** Modules that do I/O, read the clock or the environment: forbidden in the pure core. */
const impureModules = [
  "node:*", "fs", "fs/*", "path", "os", "child_process", "http", "https", "net", "crypto", "process",
  "probot", "@octokit/*", "@kubernetes/*", "pino", "prom-client", "nock", "undici",
];

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "coverage/**", "bin/**", "schema/**"] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  ...tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      "@typescript-eslint/switch-exhaustiveness-check": "error",
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true }],
      "@typescript-eslint/consistent-type-definitions": ["error", "interface"],
    },
  },
  {
    files: ["src/core/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", {
        patterns: [
          { group: impureModules, message: "src/core is pure: no I/O, clock or environment (DESIGN.md §Architecture)." },
          { group: ["**/engine/**", "**/adapters/**", "**/app/**", "**/cli/**", "**/ports/**"], message: "src/core imports only src/core." },
        ],
      }],
      "no-restricted-globals": ["error",
        { name: "process", message: "src/core must not read the environment." },
        { name: "fetch", message: "src/core must not do I/O." },
        { name: "setTimeout", message: "src/core has no timers: return requeueAfterMs." },
        { name: "setInterval", message: "src/core has no timers." },
        { name: "console", message: "src/core does not log: return messages." },
        { name: "performance", message: "src/core has no clock: use the `now` input." },
      ],
      "no-restricted-syntax": ["error",
        { selector: "MemberExpression[object.name='Date'][property.name='now']", message: "src/core has no clock: use the `now` input." },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: "src/core has no clock: use the `now` input." },
        { selector: "MemberExpression[object.name='Math'][property.name='random']", message: "src/core is deterministic: derive values from inputs." },
      ],
    },
  },
  {
    files: ["src/engine/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", {
        patterns: [{ group: ["**/adapters/**", "**/app/**", "**/cli/**", "probot", "@octokit/*", "@kubernetes/*"], message: "src/engine depends on ports, not adapters." }],
      }],
    },
  },
  {
    files: ["src/adapters/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", {
        patterns: [{ group: ["**/engine/**", "**/app/**", "**/cli/**"], message: "adapters implement ports; they do not call the engine or the app." }],
      }],
    },
  },
  {
    files: ["test/**/*.ts"],
    rules: {
      "@typescript-eslint/no-non-null-assertion": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-return": "off",
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/unbound-method": "off",
    },
  },
  {
    files: ["eslint.config.js"],
    extends: [tseslint.configs.disableTypeChecked],
  },
);
