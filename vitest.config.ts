import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // `include` lives in the projects: a root one would be merged into both.
    projects: [
      { extends: true, test: { name: "unit", include: ["test/**/*.test.ts"], exclude: [...configDefaults.exclude, "test/cli/**"] } },
      // The command-line tests run the compiled executable; their global setup builds dist/ once.
      { extends: true, test: { name: "cli", include: ["test/cli/**/*.test.ts"], globalSetup: ["test/cli/support/build-once.ts"] } },
    ],
  },
});
