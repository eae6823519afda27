// docs/security.md T03: the secrets planted in the build (scripts/run-tests.mjs) and in the running console
// (playwright.config.ts), read from one JSON file so that the .mjs runner and the TypeScript tests agree.
import { readFileSync } from "node:fs";

export interface Canaries {
  build: Record<string, string>;
  runtime: { CONSOLE_ENCRYPTION_KEYS: string; storedSecret: string };
}

export const CANARIES: Canaries = JSON.parse(
  readFileSync(new URL("./canaries.json", import.meta.url), "utf8"),
) as Canaries;
