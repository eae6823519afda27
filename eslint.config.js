import js from "@eslint/js";
import globals from "globals";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "next-env.d.ts",
      "node_modules/**",
      ".next/**",
      "playwright-report/**",
      "test-results/**",
      "dist/**",
      ".data/**",
      ".test-results/**",
      "coverage/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      eqeqeq: ["error", "always"],
      "no-console": "off",
    },
  },
  {
    files: ["**/*.tsx"],
    plugins: { "react-hooks": reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    // STYLE.md 4: only lib/server/env.ts reads process.env.
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}", "lib/**/*.{ts,tsx}"],
    // lib/api-client/answers.ts reads NODE_ENV, which the bundler replaces: not configuration.
    ignores: ["lib/server/env.ts", "lib/api-client/answers.ts", "**/*.test.ts"],
    rules: {
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "read configuration through lib/server/env.ts" },
      ],
    },
  },
  {
    // STYLE.md 25: route handlers call services (lib/server/<resource>/<verb>.ts), which hold the rules, get
    // the database and write the audit; a handler reaching past them could skip a rule or write a row the
    // audited-mutation helper would not.
    files: ["app/api/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: [
                "@/lib/server/db",
                "@/lib/server/db/**",
                "@/lib/server/atlas",
                "@/lib/server/atlas/**",
                "@/lib/server/audit",
                "@/lib/server/audit/**",
              ],
              message: "route handlers go through a service in lib/server/<resource>/ (STYLE.md 25)",
            },
          ],
        },
      ],
    },
  },
  {
    // Server code never reaches up into the UI: what both need (labels, schemas) lives in lib/.
    files: ["lib/server/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@/components", "@/components/**", "**/components/**"],
              message: "lib/server never imports components/: move what both need into lib/",
            },
          ],
        },
      ],
    },
  },
  {
    // Tests read loosely-typed JSON answers.
    files: ["**/test/**/*.ts", "**/*.test.ts", "e2e/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    // The simulator is a standalone program: it must not reach into the console.
    files: ["sim/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/app/**", "**/lib/**", "**/components/**", "@/*"],
              message: "sim/ imports nothing from the console",
            },
          ],
        },
      ],
    },
  },
);
