// The Node.js flags every console server is started with: `npm run demo` (scripts/demo.mjs), the e2e suites and
// the bench (and `npm start`, whose command in package.json carries the same defaults).
//
// Node lets its heap grow far before it collects, mostly with garbage under load. An old-space cap keeps it
// collected, with room to spare for the largest lists (README "Deployment", "Memory").
// CONSOLE_HEAP_MB changes the cap here; 0 leaves Node's default (and the young generation's, below).
//
// The young generation: Node's default semi-space of 16 MB keeps 32 MB of fresh objects resident under load.
// 4 MB semi-spaces took an instance on PGlite after 180 s of mixed load from 361 to 331 MB (bench/memory.ts,
// 27,511 vs 26,503 requests in the same 180 s, 16 concurrent reads of 10,000 invitations all answered).
//
// PGlite's PostgreSQL is WebAssembly. V8 compiles each function with its baseline compiler (Liftoff) when first
// called and then compiles the busy ones again with its optimising compiler (TurboFan), keeping both: Liftoff
// code alone keeps the process 40-80 MB smaller (bench/README.md). Nothing else in the console is WebAssembly.

export const DEFAULT_HEAP_MB = 256;
export const SEMI_SPACE_MB = 4;
export const WASM_FLAGS = ["--no-wasm-dynamic-tiering", "--no-wasm-tier-up"];

/** The heap cap and semi-space size, then WASM_FLAGS; WASM_FLAGS alone with CONSOLE_HEAP_MB=0. */
export function serverNodeArgs(env = process.env) {
  const raw = env.CONSOLE_HEAP_MB;
  const mb = raw === undefined || raw === "" ? DEFAULT_HEAP_MB : Number(raw);
  if (!Number.isInteger(mb) || mb < 0)
    throw new Error(`CONSOLE_HEAP_MB must be a whole number of MB, not ${raw}`);
  const heap = mb === 0 ? [] : [`--max-old-space-size=${mb}`, `--max-semi-space-size=${SEMI_SPACE_MB}`];
  return [...heap, ...WASM_FLAGS];
}
