// Adds package-lock entries for optional, platform-specific binaries that the registry mirror of our
// build machines does not serve (npm install silently leaves them out, and `npm ci` then refuses the
// lock as out of sync). Each entry carries the os/cpu that its name declares, so npm skips it on any
// other platform without fetching it, and installs it from the registry on the platform it is for.
// Run after every `npm install`: node scripts/lock-platform-entries.mjs
import { readFileSync, writeFileSync } from "node:fs";

const lockPath = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(readFileSync(lockPath, "utf8"));
const packages = lock.packages;

function platformOf(name) {
  const tail = name.split("/").pop();
  const os = ["darwin", "win32", "linux", "freebsd", "android", "openbsd", "sunos", "aix"].find((o) =>
    tail.includes(`-${o}-`),
  );
  const cpu = ["arm64", "x64", "ia32", "arm", "wasm32", "riscv64", "ppc64", "s390x", "loong64"].find(
    (c) => tail.includes(`-${c}-`) || tail.endsWith(`-${c}`),
  );
  const entry = {};
  if (os) entry.os = [os];
  if (cpu) entry.cpu = [cpu];
  if (tail.endsWith("-musl")) entry.libc = ["musl"];
  else if (tail.endsWith("-gnu") || tail.endsWith("-gnueabihf")) entry.libc = ["glibc"];
  return entry;
}

let added = 0;
for (const [path, meta] of Object.entries(packages)) {
  for (const [dep, range] of Object.entries(meta.optionalDependencies ?? {})) {
    const key = `${path ? `${path}/` : ""}node_modules/${dep}`;
    const hoisted = `node_modules/${dep}`;
    if (packages[key] || packages[hoisted]) continue;
    const platform = platformOf(dep);
    if (!platform.os && !platform.cpu) continue; // not a platform binary: leave npm's decision alone
    const version = String(range).replace(/^[\^~=]/, "");
    packages[hoisted] = { version, ...(meta.dev ? { dev: true } : {}), optional: true, ...platform };
    added++;
  }
}
lock.packages = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a < b ? -1 : a > b ? 1 : 0)),
);
writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`lock-platform-entries: ${added} entr${added === 1 ? "y" : "ies"} added`);
