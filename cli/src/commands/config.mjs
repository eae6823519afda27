// config init | list | describe: the profiles file (cli/src/config.mjs). The token is asked without echo and
// never printed back.

import { UsageError } from "../args.mjs";
import { configPath, readConfig, saveProfile } from "../config.mjs";
import { ApiError } from "../http.mjs";
import { renderTable } from "../output.mjs";

const OUTPUT = { type: "string", short: "o", desc: "Output format: json. Leave it out for text." };
const ATLAS_ID = /^[a-f0-9]{24}$/;

function checkUrl(value, usage) {
  try {
    const u = new URL(value);
    if (/^https?:$/.test(u.protocol)) return u.href.replace(/\/+$/, "");
  } catch {
    // worded below
  }
  throw new UsageError(`"${value}" is not an http(s) URL`, usage);
}

/** What `describe` and `list` show of a profile: never the token, only whether there is one. */
const shownProfile = (name, p) => ({
  name,
  url: p.url ?? "",
  orgId: p.orgId ?? "",
  token: p.token ? "set" : "not set",
});

export const init = {
  name: "init",
  aliases: [],
  use: "init",
  short:
    "Ask for the console URL, an API token (ic_…) and a default organization, and save them as a profile.",
  args: { max: 0 },
  flags: {},
  examples: [
    "# Save the default profile (the token is asked without echo):",
    "invite-console config init",
    "# Save a profile named prod; a script can pipe the three answers in:",
    "printf '%s\\n' https://console.example.com \"$TOKEN\" '' | invite-console config init --profile prod",
  ],
  async run(ctx) {
    const path = configPath(ctx.io.env);
    const name = ctx.profileName;
    const current = (await readConfig(path)).profiles[name] ?? {};
    const prompter = ctx.prompter();
    const url = checkUrl((await prompter.ask("Console URL:", current.url)) ?? "", ctx.usage);
    const typed = await prompter.secret(
      current.token ? "API token (ic_…, Enter keeps the saved one):" : "API token (ic_…):",
    );
    const token = typed || current.token;
    if (!token) throw new UsageError("no token given: create one on the console's Account page", ctx.usage);
    if (!token.startsWith("ic_"))
      throw new UsageError("that is not a console API token (they start with ic_)", ctx.usage);
    const orgId = (await prompter.ask("Default organization ID (optional):", current.orgId)) ?? "";
    if (orgId && !ATLAS_ID.test(orgId))
      throw new UsageError(`"${orgId}" is not an organization ID (24 hexadecimal digits)`, ctx.usage);
    await saveProfile(path, name, { url, token, ...(orgId ? { orgId } : {}) });
    return { text: `Profile '${name}' saved in ${path}.\n` };
  },
};

export const list = {
  name: "list",
  aliases: ["ls"],
  use: "list",
  short: "List the profiles.",
  args: { max: 0 },
  flags: { output: OUTPUT },
  examples: ["invite-console config list"],
  async run(ctx) {
    const { profiles } = await readConfig(configPath(ctx.io.env), (w) =>
      ctx.io.stderr.write(`Warning: ${w}\n`),
    );
    const shown = Object.entries(profiles).map(([name, p]) => shownProfile(name, p));
    return {
      json: shown,
      text: renderTable(
        ["PROFILE", "URL", "ORG ID"],
        shown.map((p) => [p.name, p.url, p.orgId]),
      ),
    };
  },
};

export const describe = {
  name: "describe",
  aliases: ["get"],
  use: "describe [profile]",
  short: "Show a profile (default: --profile's): its URL, default organization and whether it holds a token.",
  args: { max: 1 },
  flags: { output: OUTPUT },
  examples: ["invite-console config describe prod"],
  async run(ctx) {
    const name = ctx.args[0] ?? ctx.profileName;
    const { profiles } = await readConfig(configPath(ctx.io.env), (w) =>
      ctx.io.stderr.write(`Warning: ${w}\n`),
    );
    if (!profiles[name]) {
      throw new ApiError({
        code: "not_found",
        message: `No profile '${name}': run invite-console config init --profile ${name}`,
      });
    }
    const p = shownProfile(name, profiles[name]);
    return {
      json: p,
      text: renderTable(["PROFILE", "URL", "ORG ID", "TOKEN"], [[p.name, p.url, p.orgId, p.token]]),
    };
  },
};

export const configCommands = [init, list, describe];
