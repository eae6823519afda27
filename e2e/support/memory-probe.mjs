// Preloaded (node --expose-gc --import) into the console of e2e/load-t17.spec.ts: on SIGUSR2 a full garbage
// collection, then process.memoryUsage() written to MEMORY_PROBE_FILE, so the spec compares live heap sizes
// instead of a resident size that only tells when the collector last ran.
import { renameSync, writeFileSync } from "node:fs";

process.on("SIGUSR2", () => {
  globalThis.gc?.();
  const file = process.env.MEMORY_PROBE_FILE;
  if (!file) return;
  writeFileSync(`${file}.tmp`, JSON.stringify(process.memoryUsage()));
  renameSync(`${file}.tmp`, file);
});
