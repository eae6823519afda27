// invite-console: the command line of the Invite Console. Exit codes: 0 success, 1 refused or failed (the
// console's error, a network failure), 2 usage (unknown command or flag, missing required flag), 130 Ctrl-C.

import { readFileSync } from "node:fs";
import { COMMON_FLAGS, UsageError, isUsageError, missingRequired, parseFlags } from "./args.mjs";
import { PROGRAM, helpOf, resolveCommand, usageOf } from "./commands.mjs";
import { DEFAULT_PROFILE, configPath, readConfig, resolveProfile } from "./config.mjs";
import { createClient, isApiError } from "./http.mjs";
import { checkOutput, emit, json } from "./output.mjs";
import { createPrompter } from "./prompt.mjs";

const VERSION = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).version;

/** Replaces every occurrence of the secrets in what is about to be printed (a last guard: none should be there). */
function redacting(stream, secrets) {
  return {
    isTTY: stream.isTTY,
    write(text) {
      let out = String(text);
      for (const s of secrets) if (s) out = out.split(s).join("[redacted]");
      return stream.write(out);
    },
  };
}

function checkArgs(node, args, usage) {
  const { min = 0, max = Infinity } = node.args ?? {};
  if (args.length >= min && args.length <= max) return;
  const message =
    min === max
      ? `accepts ${min} arg(s), received ${args.length}`
      : args.length > max
        ? `accepts at most ${max} arg(s), received ${args.length}`
        : `requires at least ${min} arg(s), only received ${args.length}`;
  throw new UsageError(message, usage);
}

async function runLeaf(node, path, argv, io, secrets) {
  const usage = usageOf(path, node);
  const { flags, args } = parseFlags(argv, { ...node.flags, ...COMMON_FLAGS }, usage);
  if (flags.help) {
    io.stdout.write(helpOf(path, node));
    return 0;
  }
  checkArgs(node, args, usage);
  const missing = missingRequired(node.flags, flags);
  if (missing) throw new UsageError(missing, usage);
  checkOutput(flags.output, usage);

  const profileName = flags.profile || DEFAULT_PROFILE;
  const warn = (w) => io.stderr.write(`Warning: ${w}\n`);
  const profile = node.noProfile
    ? null
    : resolveProfile(await readConfig(configPath(io.env), warn), profileName, io.env);
  if (profile) secrets.push(profile.token);
  let prompter = null;
  let client = null;
  const ctx = {
    io,
    flags,
    args,
    usage,
    profileName,
    prompter: () => (prompter ??= createPrompter(io.stdin, io.stderr)),
    orgId({ optional = false } = {}) {
      const id = flags.orgId || profile?.orgId;
      if (!id && !optional) {
        throw new UsageError(
          'required flag(s) "orgId" not set (or set orgId in the profile, or INVITE_CONSOLE_ORG_ID)',
          usage,
        );
      }
      return id || undefined;
    },
    async client() {
      if (client) return client;
      const hint = `run '${PROGRAM} config init${profileName === DEFAULT_PROFILE ? "" : ` --profile ${profileName}`}'`;
      if (!profile.url) throw new UsageError(`no console URL: ${hint} or set INVITE_CONSOLE_URL`, usage);
      if (!profile.token) throw new UsageError(`no API token: ${hint} or set INVITE_CONSOLE_TOKEN`, usage);
      client = createClient({
        url: profile.url,
        token: profile.token,
        envelope: Boolean(flags.envelope),
        debug: flags.debug ? (line) => io.stderr.write(`[debug] ${line}\n`) : undefined,
        fetchImpl: io.fetch,
      });
      return client;
    },
  };
  try {
    const result = await node.run(ctx);
    emit(ctx, result);
    return result.exitCode ?? 0;
  } catch (e) {
    if (isApiError(e) && flags.envelope && e.envelope) io.stdout.write(json(e.envelope));
    throw e;
  } finally {
    prompter?.close();
  }
}

function report(e, io) {
  if (isUsageError(e)) {
    io.stderr.write(`Error: ${e.message}\n${e.usage ? `${e.usage}\n` : ""}`);
    return 2;
  }
  if (e?.name === "Interrupted") {
    io.stderr.write("Interrupted.\n");
    return 130;
  }
  io.stderr.write(`Error: ${e?.message ?? String(e)}\n`);
  if (isApiError(e)) {
    for (const [field, message] of Object.entries(e.fields ?? {}))
      io.stderr.write(`  ${field}: ${message}\n`);
  }
  return 1;
}

/** Runs one command line; answers the exit code. `io` is replaceable for tests. */
export async function main(argv, io = {}) {
  const env = io.env ?? process.env;
  // The token of the environment is known before any profile is read; the profile's is added when read.
  const secrets = [env.INVITE_CONSOLE_TOKEN];
  const full = {
    env,
    stdin: io.stdin ?? process.stdin,
    fetch: io.fetch ?? globalThis.fetch,
    stdout: redacting(io.stdout ?? process.stdout, secrets),
    stderr: redacting(io.stderr ?? process.stderr, secrets),
  };
  try {
    const { node, path, argv: rest } = resolveCommand(argv);
    if (node.children) {
      if (rest.includes("--version")) {
        full.stdout.write(`${PROGRAM} version ${VERSION}\n`);
        return 0;
      }
      // As cobra: a group without its subcommand prints its help.
      full.stdout.write(helpOf(path, node));
      return 0;
    }
    return await runLeaf(node, path, rest, full, secrets);
  } catch (e) {
    return report(e, full);
  }
}
