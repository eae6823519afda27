// Profiles: { profiles: { <name>: { url, token, orgId? } } } in $XDG_CONFIG_HOME/invite-console/config.json (or
// ~/.config/...). The file holds tokens: directory 0700, file 0600, written whole through a temporary file.
// INVITE_CONSOLE_URL, INVITE_CONSOLE_TOKEN and INVITE_CONSOLE_ORG_ID override the profile.

import { chmod, mkdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join } from "node:path";

export const DEFAULT_PROFILE = "default";

export function configPath(env = process.env) {
  const base = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), ".config");
  return join(base, "invite-console", "config.json");
}

/** The config file's content ({ profiles: {} } when there is none). A file others can read is reported. */
export async function readConfig(path, warn = () => {}) {
  let text;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    if (e.code === "ENOENT") return { profiles: {} };
    throw e;
  }
  if (process.platform !== "win32") {
    const { mode } = await stat(path);
    if (mode & 0o077) warn(`${path} can be read by other users: run chmod 600 ${path}`);
  }
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`${path} is not valid JSON: fix or remove it, then run invite-console config init`);
  }
  return { profiles: {}, ...parsed };
}

/** Writes one profile (others kept), creating the directory 0700 and the file 0600. */
export async function saveProfile(path, name, profile) {
  const config = await readConfig(path);
  config.profiles[name] = profile;
  const dir = dirname(path);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  await chmod(tmp, 0o600);
  await rename(tmp, path);
  return config;
}

/** The console URL, token and default org of a profile, the environment winning over the file. */
export function resolveProfile(config, name, env = process.env) {
  const p = config.profiles[name] ?? {};
  return {
    name,
    exists: Boolean(config.profiles[name]),
    url: env.INVITE_CONSOLE_URL || p.url || "",
    token: env.INVITE_CONSOLE_TOKEN || p.token || "",
    orgId: env.INVITE_CONSOLE_ORG_ID || p.orgId || "",
  };
}
