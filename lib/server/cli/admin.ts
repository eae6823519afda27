import "server-only";
import { userInfo } from "node:os";
import { createInterface } from "node:readline";
import { z } from "zod";
import type { Role } from "@/lib/permissions";
import { ROLES } from "@/lib/permissions";
import { isHttpError } from "../api/errors";
import { createConsoleUser } from "../console-users/create-console-user";
import { findUserByEmail } from "../console-users/repository";
import { resetConsoleUserTwoFactor } from "../console-users/reset-two-factor";
import { closeDb, getDb } from "../db";

// `npm run console -- admin create --email <e> [--role admin|inviter|viewer] [--name <n>]`
// `npm run console -- admin reset-2fa --email <e>`: for an admin locked out of their second factor (the
// Users page does it for others; nobody can do it for themself there).
// The password comes from a hidden prompt on a terminal, or from the first line of stdin when piped:
//   printf '%s\n' "$PASSWORD" | npm run console -- admin create --email ops@example.com

const USAGE = [
  "Usage: npm run console -- admin create --email <e> [--role admin|inviter|viewer] [--name <n>]",
  "       npm run console -- admin reset-2fa --email <e>",
].join("\n");

type Parsed =
  { command: "create"; email: string; role: Role; name?: string } | { command: "reset-2fa"; email: string };

function parseArgs(args: string[]): Parsed | string {
  const [command, ...rest] = args;
  if (command !== "create" && command !== "reset-2fa") return USAGE;
  const opts: Record<string, string> = {};
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    const m = (command === "create" ? /^--(email|role|name)(?:=(.*))?$/ : /^--(email)(?:=(.*))?$/).exec(arg);
    if (!m) return `Unknown argument ${arg}\n${USAGE}`;
    const value = m[2] ?? rest[++i];
    if (value === undefined) return `--${m[1]} needs a value\n${USAGE}`;
    opts[m[1]!] = value;
  }
  const email = z.email().safeParse(opts.email?.trim());
  if (!email.success) return `--email must be an e-mail address\n${USAGE}`;
  if (command === "reset-2fa") return { command, email: email.data };
  const role = (opts.role ?? "admin") as Role;
  if (!ROLES.includes(role)) return `--role must be one of ${ROLES.join(", ")}`;
  return { command, email: email.data, role, ...(opts.name ? { name: opts.name } : {}) };
}

async function readStdinLine(): Promise<string> {
  let data = "";
  for await (const chunk of process.stdin) data += chunk;
  return data.split(/\r?\n/)[0] ?? "";
}

function promptHidden(question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
    const write = (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput;
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => {
      // Echo the prompt, not the typed characters.
      if (s.startsWith(question)) write.call(rl, question);
    };
    rl.question(question, (answer) => {
      rl.close();
      process.stdout.write("\n");
      resolve(answer);
    });
  });
}

async function readPassword(): Promise<string | null> {
  if (!process.stdin.isTTY) return readStdinLine();
  const first = await promptHidden("Password (12 characters or more): ");
  const again = await promptHidden("Repeat the password: ");
  if (first !== again) {
    console.error("The two passwords differ.");
    return null;
  }
  return first;
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseArgs(args);
  if (typeof parsed === "string") {
    console.error(parsed);
    return 2;
  }
  if (parsed.command === "reset-2fa") return resetTwoFactorOf(parsed.email);
  const password = await readPassword();
  if (password === null) return 1;
  if (password.length < 12 || password.length > 256) {
    console.error("The password must be 12 to 256 characters long.");
    return 1;
  }
  return onDatabase(async () => {
    const { command: _command, ...input } = parsed;
    const { user } = await createConsoleUser({ ...input, password });
    console.log(`Created console ${user.role} ${user.email}.`);
    if (user.role === "admin") {
      console.log("Sign in at the console; you will be asked to set up two-factor authentication first.");
    }
    return 0;
  });
}

async function resetTwoFactorOf(email: string): Promise<number> {
  return onDatabase(async () => {
    const found = await findUserByEmail(await getDb(), email);
    if (!found) {
      console.error(`No console user has the e-mail ${email}.`);
      return 1;
    }
    const user = await resetConsoleUserTwoFactor({
      actor: {
        userId: null,
        email: null,
        ip: null,
        userAgent: `console CLI (admin reset-2fa), OS user ${userInfo().username}`,
      },
      actorId: null,
      userId: found.id,
    });
    console.log(
      `Two-factor authentication of ${user.email} is reset and their sessions ended; they set it up again at their next sign-in.`,
    );
    return 0;
  });
}

/** Runs a command against the database: a refusal the console would answer with (HttpError) exits 1 with its
 * message; the database is closed in every case. */
async function onDatabase(work: () => Promise<number>): Promise<number> {
  try {
    return await work();
  } catch (e) {
    if (isHttpError(e)) {
      console.error(e.message);
      return 1;
    }
    throw e;
  } finally {
    await closeDb();
  }
}
