import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/**", "**/node_modules/**", "**/bin/**", ".tools/**", ".pulumi-state/**", "**/.pulumi-test/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["**/*.mjs", "**/*.js", "**/*.cjs"],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // Pulumi test programs are plain CommonJS, as users of the package write them.
    files: ["test/programs/**/*.js"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
