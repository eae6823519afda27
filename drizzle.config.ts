import { createRequire } from "node:module";
import { defineConfig } from "drizzle-kit";

// drizzle-kit loads the schema outside React Server Components, where the `server-only` marker at the top
// of every lib/server file throws: give it the marker's empty module instead.
const require = createRequire(import.meta.url);
const marker = require.resolve("server-only");
require.cache[marker] = { id: marker, filename: marker, loaded: true, exports: {} } as NodeJS.Module;

export default defineConfig({
  dialect: "postgresql",
  schema: "./lib/server/db/schema/index.ts",
  out: "./drizzle",
  strict: true,
});
