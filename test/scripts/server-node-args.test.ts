// The heap cap every console server starts with (scripts/server-node-args.mjs) and `npm start`'s own copy of it.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_HEAP_MB,
  SEMI_SPACE_MB,
  WASM_FLAGS,
  serverNodeArgs,
} from "../../scripts/server-node-args.mjs";

describe("server Node flags", () => {
  it("cap the old space at the default, or at CONSOLE_HEAP_MB; 0 leaves Node's default", () => {
    expect(serverNodeArgs({})).toEqual([
      `--max-old-space-size=${DEFAULT_HEAP_MB}`,
      `--max-semi-space-size=${SEMI_SPACE_MB}`,
      ...WASM_FLAGS,
    ]);
    expect(serverNodeArgs({ CONSOLE_HEAP_MB: "512" })).toEqual([
      "--max-old-space-size=512",
      "--max-semi-space-size=4",
      ...WASM_FLAGS,
    ]);
    expect(serverNodeArgs({ CONSOLE_HEAP_MB: "0" })).toEqual(WASM_FLAGS);
    expect(() => serverNodeArgs({ CONSOLE_HEAP_MB: "lots" })).toThrow(/CONSOLE_HEAP_MB/);
  });

  it("npm start carries the same default (package.json cannot import it)", () => {
    const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> };
    expect(pkg.scripts.start).toBe(`node ${serverNodeArgs({}).join(" ")} scripts/server.mjs`);
  });
});
