// The command tree (names and aliases as the Atlas CLI's: organizations|organization|orgs|org,
// invitations|invitation, users|user) and its help texts.

import { COMMON_FLAGS, UsageError } from "./args.mjs";
import { configCommands } from "./commands/config.mjs";
import { invitationCommands } from "./commands/invitations.mjs";
import { usersInvite } from "./commands/users.mjs";

export const PROGRAM = "invite-console";

export const ROOT = {
  name: PROGRAM,
  short: "Invite people into MongoDB Atlas organizations through the Invite Console's API.",
  children: [
    {
      name: "organizations",
      aliases: ["organization", "orgs", "org"],
      short: "Manage your Atlas organizations.",
      children: [
        {
          name: "invitations",
          aliases: ["invitation"],
          short: "Invitation operations.",
          children: invitationCommands,
        },
      ],
    },
    { name: "users", aliases: ["user"], short: "Manage your Atlas users.", children: [usersInvite] },
    {
      name: "config",
      aliases: [],
      short: "Profiles: the console URL, an API token and a default organization.",
      children: configCommands.map((c) => ({ ...c, noProfile: true })),
    },
  ],
};

const matches = (node, token) => node.name === token || (node.aliases ?? []).includes(token);

export const usageLine = (path, node) =>
  node.children ? `${path.join(" ")} [command]` : `${[...path.slice(0, -1), node.use].join(" ")} [flags]`;

/** The usage line and the pointer to --help, as a usage error prints them. */
export const usageOf = (path, node) =>
  `Usage: ${usageLine(path, node)}\nRun '${path.join(" ")} --help' for usage.`;

/**
 * Walks the command names in `argv` (the profile and debug flags may come before them, as persistent flags do
 * in the Atlas CLI). Answers the node reached, its path, and the arguments left for it.
 */
export function resolveCommand(argv) {
  let node = ROOT;
  const path = [ROOT.name];
  const globals = [];
  let i = 0;
  while (node.children && i < argv.length) {
    const token = argv[i];
    if (token === "-h" || token === "--help" || token === "--version") break;
    if (
      token === "--debug" ||
      token.startsWith("--profile=") ||
      (token.startsWith("-P") && token.length > 2)
    ) {
      globals.push(token);
      i++;
      continue;
    }
    if (token === "-P" || token === "--profile") {
      globals.push(token, argv[i + 1] ?? "");
      i += 2;
      continue;
    }
    if (token.startsWith("-")) throw new UsageError(`unknown flag: ${token}`, usageOf(path, node));
    const child = node.children.find((c) => matches(c, token));
    if (!child)
      throw new UsageError(`unknown command "${token}" for "${path.join(" ")}"`, usageOf(path, node));
    node = child;
    path.push(child.name);
    i++;
  }
  return { node, path, argv: [...globals, ...argv.slice(i)] };
}

function flagLines(flags) {
  const rows = Object.entries(flags).map(([name, f]) => {
    const type = f.type === "bool" ? "" : ` ${f.type}`;
    return [
      `${f.short ? `-${f.short}, ` : "    "}--${name}${type}`,
      `${f.desc ?? ""}${f.required ? " (required)" : ""}`,
    ];
  });
  const width = Math.max(...rows.map(([l]) => l.length)) + 3;
  return rows.map(([l, d]) => `  ${l.padEnd(width)}${d}`).join("\n");
}

export function helpOf(path, node) {
  const parts = [node.short, "", "Usage:", `  ${usageLine(path, node)}`];
  if (node.aliases?.length) parts.push("", "Aliases:", `  ${[node.name, ...node.aliases].join(", ")}`);
  if (node.children) {
    const width = Math.max(...node.children.map((c) => c.name.length)) + 3;
    parts.push("", "Available Commands:", ...node.children.map((c) => `  ${c.name.padEnd(width)}${c.short}`));
  } else {
    if (node.examples?.length) parts.push("", "Examples:", ...node.examples.map((e) => `  ${e}`));
    if (Object.keys(node.flags).length) parts.push("", "Flags:", flagLines(node.flags));
  }
  parts.push("", "Global Flags:", flagLines(COMMON_FLAGS));
  if (node.children)
    parts.push("", `Use "${path.join(" ")} [command] --help" for more information about a command.`);
  return `${parts.join("\n")}\n`;
}
