import "server-only";
import v8 from "node:v8";
import { env } from "./env";
import { logger } from "./log";

// With MEMORY_REPORT=1, `kill -USR2 <pid>` logs what only the process itself can say about its memory
// (bench/memory.ts reads it beside /proc's resident pages): V8's heap by space, and what lives outside it
// (Buffers, and PGlite's WebAssembly memory, which counts in full as an ArrayBuffer, resident or not).

const MB = 1024 * 1024;
const mb = (n: number) => Math.round((n / MB) * 10) / 10;

export function memoryReport(): Record<string, unknown> {
  const u = process.memoryUsage();
  const spaces = Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, mb(s.space_size)]));
  return {
    rss: mb(u.rss),
    heapTotal: mb(u.heapTotal),
    heapUsed: mb(u.heapUsed),
    external: mb(u.external),
    arrayBuffers: mb(u.arrayBuffers),
    heapSpaces: spaces,
  };
}

let installed = false;
/** Installs the SIGUSR2 report when MEMORY_REPORT=1 (start-up). */
export function installMemoryReport(): void {
  if (installed || env().MEMORY_REPORT !== "1") return;
  installed = true;
  // Asked for explicitly: logged whatever LOG_LEVEL says.
  const log = logger.child({}, { level: "info" });
  process.on("SIGUSR2", () => log.info({ memory: memoryReport() }, "memory report"));
}
