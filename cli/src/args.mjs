// Argument parsing in the Atlas CLI's (cobra's) manner: `--flag value`, `--flag=value`, `-o json`, `-ojson`,
// comma-separated lists that also repeat (`--role A,B --role C`), flags before or after the positional
// arguments, `--` ends the flags. Errors are usage errors (exit code 2) worded as cobra words them.

export class UsageError extends Error {
  /** @param {string} message @param {string} [usage] the usage line of the command concerned */
  constructor(message, usage) {
    super(message);
    this.name = "UsageError";
    this.usage = usage;
    this.exitCode = 2;
  }
}

export const isUsageError = (e) => Boolean(e) && e.name === "UsageError" && e.exitCode === 2;

/** Flags every command takes. */
export const COMMON_FLAGS = {
  help: { type: "bool", short: "h", desc: "help for this command" },
  profile: {
    type: "string",
    short: "P",
    desc: 'Name of the profile to use from the configuration file (default "default").',
  },
  debug: {
    type: "bool",
    desc: "Print each HTTP request's method, URL, status and time to stderr (never a header or a token).",
  },
};

function findFlag(flags, token) {
  if (token.startsWith("--")) {
    const name = token.slice(2);
    return flags[name] ? [name, flags[name]] : null;
  }
  const entry = Object.entries(flags).find(([, f]) => f.short === token.slice(1));
  return entry ?? null;
}

function boolValue(raw, token, usage) {
  if (raw === undefined || raw === "true") return true;
  if (raw === "false") return false;
  throw new UsageError(`invalid argument "${raw}" for "${token}" flag: not a boolean`, usage);
}

/**
 * Parses `argv` against `flags` ({ name: { type: "string" | "strings" | "bool", short?, required? } }).
 * Returns the flag values by name (lists for "strings", booleans for "bool", absent when not given) and the
 * positional arguments.
 */
export function parseFlags(argv, flags, usage) {
  const values = {};
  const args = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (token === "--") {
      args.push(...argv.slice(i + 1));
      break;
    }
    if (!token.startsWith("-") || token === "-") {
      args.push(token);
      continue;
    }
    let name;
    let inline;
    if (token.startsWith("--")) {
      const eq = token.indexOf("=");
      name = eq === -1 ? token : token.slice(0, eq);
      inline = eq === -1 ? undefined : token.slice(eq + 1);
    } else {
      // -o json, -ojson, -o=json
      name = token.slice(0, 2);
      const rest = token.slice(2);
      inline = rest === "" ? undefined : rest.startsWith("=") ? rest.slice(1) : rest;
    }
    const found = findFlag(flags, name);
    if (!found) {
      throw new UsageError(
        name.startsWith("--")
          ? `unknown flag: ${name}`
          : `unknown shorthand flag: '${name.slice(1)}' in ${token}`,
        usage,
      );
    }
    const [key, flag] = found;
    if (flag.type === "bool") {
      values[key] = boolValue(inline, name, usage);
      continue;
    }
    let value = inline;
    if (value === undefined) {
      if (i + 1 >= argv.length) throw new UsageError(`flag needs an argument: ${name}`, usage);
      value = argv[++i];
    }
    if (flag.type === "strings") {
      const items = value
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean);
      values[key] = [...(values[key] ?? []), ...items];
    } else {
      values[key] = value;
    }
  }
  return { flags: values, args };
}

/** Cobra's message for required flags that are missing, or null. */
export function missingRequired(flags, values) {
  const missing = Object.entries(flags)
    .filter(([name, f]) => f.required && (values[name] === undefined || values[name] === ""))
    .map(([name]) => `"${name}"`);
  return missing.length ? `required flag(s) ${missing.join(", ")} not set` : null;
}

/** `ORG_ID:ROLE` pairs (the Atlas CLI's --orgRole and --projectRole), the role upper-cased as Atlas CLI does. */
export function splitRole(value, usage) {
  const parts = value.split(":");
  if (parts.length !== 2 || !parts[0] || !parts[1])
    throw new UsageError(`unexpected role format: ${value}`, usage);
  return { id: parts[0], role: parts[1].toUpperCase() };
}

/** --projectRole values grouped by project: [{ projectId, roles }], in the order first seen. */
export function projectRolesOf(values = [], usage) {
  const byProject = new Map();
  for (const v of values) {
    const { id, role } = splitRole(v, usage);
    const roles = byProject.get(id) ?? [];
    if (!roles.includes(role)) roles.push(role);
    byProject.set(id, roles);
  }
  return [...byProject].map(([projectId, roles]) => ({ projectId, roles }));
}
