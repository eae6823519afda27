// The command line (cli/) against the built console and the simulator, with personal API tokens: each example of
// the Atlas CLI's `organizations invitations` and `users invite` pages (program name and ids aside), prompts in
// a pseudo-terminal (util-linux `script`), profiles, the exit codes, a CSV import and --dry-run.
import { spawn } from "node:child_process";
import { mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { APIRequestContext } from "@playwright/test";
import { expect, test } from "./fixtures";
import { ORG_ID, uniqueEmail } from "./support/atlas";
import { createUser, signedInApi } from "./support/auth";

const BIN = join(process.cwd(), "cli", "bin", "invite-console.mjs");
const USERS = `/api/atlas/v2/orgs/${ORG_ID}/users`;
const CREATE_USER = "/api/atlas/v2/users";
const PASSWORD = "Quartz-Lantern-Velvet-7741";
const MOBILE = "2025550143";

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

let adminToken = "";
let viewerToken = "";
/** Everything any run printed: the token must be in none of it. */
const printed: string[] = [];

async function createToken(api: APIRequestContext, name: string): Promise<string> {
  const res = await api.post("/api/account/tokens", { data: { name, expiresInDays: 1 } });
  expect(res.status(), await res.text()).toBe(201);
  const { token } = (await res.json()) as { token: string };
  expect(token).toMatch(/^ic_/);
  return token;
}

/** A fresh config directory and the child's environment (nothing inherited from ours but PATH). */
function envFor(baseURL: string, token: string | null, extra: Record<string, string> = {}) {
  const home = mkdtempSync(join(tmpdir(), "cli-e2e-"));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    HOME: home,
    XDG_CONFIG_HOME: home,
    ...extra,
  };
  if (token !== null) Object.assign(env, { INVITE_CONSOLE_URL: baseURL, INVITE_CONSOLE_TOKEN: token });
  return { home, env };
}

/** Runs the CLI as a child process, `input` on its stdin (a pipe, not a terminal). */
function run(args: string[], env: Record<string, string>, input = ""): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: env as NodeJS.ProcessEnv });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => {
      printed.push(stdout, stderr);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(input);
  });
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * Runs the CLI in a pseudo-terminal (`script -qec`), answering each prompt once it shows: what is typed is only
 * sent when the CLI asks, so a secret typed into raw mode is never echoed by the terminal.
 */
function runInPty(args: string[], env: Record<string, string>, answers: [RegExp, string][]): Promise<Ran> {
  const command = [process.execPath, BIN, ...args].map(quote).join(" ");
  return new Promise((resolve, reject) => {
    const child = spawn("script", ["-qec", command, "/dev/null"], { env: env as NodeJS.ProcessEnv });
    let output = "";
    const pending = [...answers];
    child.stdout.on("data", (d) => {
      output += d;
      while (pending[0] && pending[0][0].test(output)) child.stdin.write(pending.shift()![1]);
    });
    child.on("error", reject);
    child.on("close", (code) => {
      printed.push(output);
      resolve({ code, stdout: output, stderr: "" });
    });
  });
}

const orgs = (...rest: string[]) => ["organizations", "invitations", ...rest];

test.beforeAll(async ({ baseURL, api }) => {
  adminToken = await createToken(api, `cli-e2e-admin-${Date.now()}`);
  const viewer = await createUser(baseURL!, "viewer");
  const viewerApi = await signedInApi(baseURL!, viewer.email, viewer.password);
  viewerToken = await createToken(viewerApi, `cli-e2e-viewer-${Date.now()}`);
  await viewerApi.dispose();
});

test.beforeEach(async ({ sim }) => {
  await sim.reset();
});

test.afterAll(() => {
  const all = printed.join("\n");
  expect(all.length).toBeGreaterThan(0);
  expect(all).not.toContain(adminToken);
  expect(all).not.toContain(viewerToken);
});

test("organizations invitations: invite, list, describe, update (by id and by e-mail), delete --force", async ({
  baseURL,
  sim,
}) => {
  const { env } = envFor(baseURL!, adminToken);
  const email = uniqueEmail("cli");

  // atlas organizations invitations invite user@example.com --orgId <id> --role ORG_OWNER --output json
  const invited = await run(
    orgs("invite", email, "--orgId", ORG_ID, "--role", "ORG_OWNER", "--output", "json"),
    env,
  );
  expect(invited.code, invited.stderr).toBe(0);
  const result = JSON.parse(invited.stdout).results[0];
  expect(result).toMatchObject({ email, outcome: "invited", invitation: { email, orgRoles: ["ORG_OWNER"] } });
  const id: string = result.invitation.id;
  const creates = (await sim.journal({ method: "POST", path: USERS })).filter(
    (e) => e.body?.username === email,
  );
  expect(creates).toHaveLength(1);

  // The text output and an alias.
  const second = uniqueEmail("cli-text");
  const text = await run(
    ["orgs", "invitation", "create", second, "--orgId", ORG_ID, "--role", "ORG_MEMBER"],
    env,
  );
  expect(text.code, text.stderr).toBe(0);
  expect(text.stdout).toBe(`User '${second}' invited.\n`);

  // atlas organizations invitations list --orgId <id> --output json
  const listed = await run(orgs("list", "--orgId", ORG_ID, "--output", "json"), env);
  expect(listed.code, listed.stderr).toBe(0);
  expect(JSON.parse(listed.stdout).invitations.map((i: { email: string }) => i.email)).toEqual(
    expect.arrayContaining([email, second]),
  );
  const table = await run(orgs("ls", "--orgId", ORG_ID, "--email", email), env);
  expect(table.stdout).toMatch(/^ID\s+USERNAME\s+CREATED AT\s+EXPIRES AT\n/);
  expect(table.stdout.trim().split("\n")).toHaveLength(2);
  expect(table.stdout).toContain(id);

  // atlas organizations invitations describe <id> --orgId <id> --output json
  const described = await run(orgs("describe", id, "--orgId", ORG_ID, "--output", "json"), env);
  expect(described.code, described.stderr).toBe(0);
  expect(JSON.parse(described.stdout)).toMatchObject({ id, email });

  // atlas organizations invitations update <id> --orgId <id> --role ORG_OWNER --output json
  const updated = await run(
    orgs("update", id, "--orgId", ORG_ID, "--role", "ORG_READ_ONLY", "--output", "json"),
    env,
  );
  expect(updated.code, updated.stderr).toBe(0);
  expect(JSON.parse(updated.stdout).invitation.orgRoles).toEqual(["ORG_READ_ONLY"]);

  // atlas organizations invitations update --email user@example.com --orgId <id> --role ORG_OWNER --output json
  const byEmail = await run(
    orgs("update", "--email", email, "--orgId", ORG_ID, "--role", "ORG_OWNER", "--output", "json"),
    env,
  );
  expect(byEmail.code, byEmail.stderr).toBe(0);
  const current = JSON.parse(byEmail.stdout).invitation as { id: string; orgRoles: string[] };
  expect(current.orgRoles).toEqual(["ORG_OWNER"]);

  // --envelope
  const envelope = await run(orgs("list", "--orgId", ORG_ID, "--envelope"), env);
  expect(JSON.parse(envelope.stdout)).toMatchObject({
    status: 200,
    content: { invitations: expect.any(Array) },
  });

  // Without --force and with a "no" on stdin nothing is deleted.
  const declined = await run(orgs("delete", current.id, "--orgId", ORG_ID), env, "n\n");
  expect(declined.code).toBe(0);
  expect(declined.stdout).toBe("Invitation not deleted\n");

  // atlas organizations invitations delete <id> --orgId <id> (with --force: no prompt)
  const deleted = await run(orgs("delete", current.id, "--orgId", ORG_ID, "--force"), env);
  expect(deleted.code, deleted.stderr).toBe(0);
  expect(deleted.stdout).toBe(`Invitation '${current.id}' deleted\n`);
  const after = await run(orgs("list", "--orgId", ORG_ID, "--email", email, "-o", "json"), env);
  expect(JSON.parse(after.stdout).invitations).toEqual([]);
});

test("delete asks in a terminal: a y deletes", async ({ baseURL, api }) => {
  const { env } = envFor(baseURL!, adminToken);
  const email = uniqueEmail("cli-pty-delete");
  const res = await api.post(`/api/orgs/${ORG_ID}/invitations`, {
    data: { emails: email, orgRoles: ["ORG_MEMBER"] },
  });
  expect(res.status()).toBe(201);
  const id = (await res.json()).results[0].invitation.id as string;
  const r = await runInPty(orgs("delete", id, "--orgId", ORG_ID), env, [
    [new RegExp(`Are you sure you want to delete: ${id} \\(y/N\\)`), "y\r"],
  ]);
  expect(r.code, r.stdout).toBe(0);
  expect(r.stdout).toContain(`Invitation '${id}' deleted`);
});

test("users invite: both Atlas CLI examples, and the password asked without echo in a terminal", async ({
  baseURL,
  api,
  sim,
}) => {
  const { env } = envFor(baseURL!, adminToken);
  const person = (email: string) => [
    "--email",
    email,
    "--username",
    email,
    "--firstName",
    "Example",
    "--lastName",
    "User",
    "--country",
    "US",
  ];

  // The first example as the Atlas CLI documents it (no --mobile: it is optional, as in Atlas).
  const verbatim = uniqueEmail("cli-user");
  const asDocumented = await run(
    [
      "users",
      "invite",
      ...person(verbatim),
      "--orgRole",
      `${ORG_ID}:ORG_OWNER`,
      "--output",
      "json",
      "--password",
      PASSWORD,
    ],
    env,
  );
  expect(asDocumented.code, asDocumented.stderr).toBe(0);
  expect(JSON.parse(asDocumented.stdout).username).toBe(verbatim);

  const first = uniqueEmail("cli-user");
  const created = await run(
    [
      "users",
      "invite",
      ...person(first),
      "--orgRole",
      `${ORG_ID}:ORG_OWNER`,
      "--output",
      "json",
      "--password",
      PASSWORD,
      "--mobile",
      MOBILE,
    ],
    env,
  );
  expect(created.code, created.stderr).toBe(0);
  expect(JSON.parse(created.stdout).username).toBe(first);
  expect(created.stdout + created.stderr).not.toContain(PASSWORD);

  // The second example: a project role alone (the org is the project's).
  const projects = await api.get(`/api/orgs/${ORG_ID}/projects`);
  const projectId = ((await projects.json()).projects as { id: string }[])[0]!.id;
  const second = uniqueEmail("cli-user");
  const inProject = await run(
    [
      "users",
      "invite",
      ...person(second),
      "--projectRole",
      `${projectId}:GROUP_READ_ONLY`,
      "--output",
      "json",
      "--password",
      PASSWORD,
      "--mobile",
      MOBILE,
    ],
    env,
  );
  expect(inProject.code, inProject.stderr).toBe(0);
  expect(JSON.parse(inProject.stdout).username).toBe(second);

  // Without --password on a terminal: asked, never echoed; the text output is the Atlas CLI's.
  const third = uniqueEmail("cli-user");
  const pty = await runInPty(
    ["users", "invite", ...person(third), "--orgRole", `${ORG_ID}:ORG_MEMBER`, "--mobile", MOBILE],
    env,
    [[/Password:/, `${PASSWORD}\r`]],
  );
  expect(pty.code, pty.stdout).toBe(0);
  expect(pty.stdout).toContain(`The user '${third}' has been invited.`);
  expect(pty.stdout).not.toContain(PASSWORD);

  // Without --password and stdin not a terminal: the first line of stdin.
  const fourth = uniqueEmail("cli-user");
  const piped = await run(
    ["users", "invite", ...person(fourth), "--orgRole", `${ORG_ID}:ORG_MEMBER`, "--mobile", MOBILE],
    env,
    `${PASSWORD}\n`,
  );
  expect(piped.code, piped.stderr).toBe(0);

  const calls = (await sim.journal({ method: "POST", path: CREATE_USER })).map((e) => e.body?.username);
  expect(calls).toEqual(expect.arrayContaining([verbatim, first, second, third, fourth]));
});

test("config init in a terminal and from a pipe: the profile file is 0600, and commands use it", async ({
  baseURL,
}) => {
  const { home, env } = envFor(baseURL!, null);
  const r = await runInPty(["config", "init"], env, [
    [/Console URL:/, `${baseURL}\r`],
    [/API token/, `${adminToken}\r`],
    [/organization ID/, `${ORG_ID}\r`],
  ]);
  expect(r.code, r.stdout).toBe(0);
  const file = join(home, "invite-console", "config.json");
  expect(statSync(file).mode & 0o777).toBe(0o600);
  expect(statSync(join(home, "invite-console")).mode & 0o777).toBe(0o700);
  // No --orgId: the profile's.
  const listed = await run(orgs("list", "-o", "json"), env);
  expect(listed.code, listed.stderr).toBe(0);

  const piped = await run(["config", "init", "--profile", "ci"], env, `${baseURL}\n${adminToken}\n\n`);
  expect(piped.code, piped.stderr).toBe(0);
  const withProfile = await run(["-P", "ci", ...orgs("list", "--orgId", ORG_ID)], env);
  expect(withProfile.code, withProfile.stderr).toBe(0);
  const described = await run(["config", "describe", "ci"], env);
  expect(described.stdout).toContain("set");
});

test("exit codes: 1 for a refusal, an unknown id or an invalid id; 2 for usage errors", async ({
  baseURL,
  sim,
}) => {
  const admin = envFor(baseURL!, adminToken).env;
  const viewer = envFor(baseURL!, viewerToken).env;
  await sim.clearJournal();

  const refused = await run(
    orgs("invite", uniqueEmail("cli-viewer"), "--orgId", ORG_ID, "--role", "ORG_MEMBER"),
    viewer,
  );
  expect(refused.code).toBe(1);
  expect(refused.stderr).toMatch(/^Error: /);
  expect((await sim.journal({ method: "POST", path: USERS })).length).toBe(0);

  const unknown = await run(orgs("describe", "5dd56c847a3e5a1f363d0000", "--orgId", ORG_ID), admin);
  expect(unknown.code).toBe(1);
  expect(unknown.stderr).toContain("No pending invitation 5dd56c847a3e5a1f363d0000");

  const invalid = await run(orgs("list", "--orgId", "not-an-org-id"), admin);
  expect(invalid.code).toBe(1);
  expect(invalid.stderr).toMatch(/^Error: .+/);

  const badFlag = await run(orgs("list", "--orgId", ORG_ID, "--bogus"), admin);
  expect(badFlag.code).toBe(2);
  expect(badFlag.stderr).toContain("unknown flag: --bogus");
  expect(badFlag.stderr).toContain("Usage: invite-console organizations invitations list [flags]");

  const missing = await run(["users", "invite", "--username", "a@example.com"], admin);
  expect(missing.code).toBe(2);

  const revokedLike = await run(
    orgs("list", "--orgId", ORG_ID, "--debug"),
    envFor(baseURL!, "ic_notARealToken0000").env,
  );
  expect(revokedLike.code).toBe(1);
  expect(revokedLike.stderr).toContain("[debug] > GET");
  expect(revokedLike.stderr).not.toContain("ic_notARealToken0000");
});

test("--file people.csv: a bulk run to the end; --dry-run plans only and sends nothing to Atlas", async ({
  baseURL,
  sim,
}) => {
  const { home, env } = envFor(baseURL!, adminToken);
  const emails = [uniqueEmail("cli-bulk"), uniqueEmail("cli-bulk"), uniqueEmail("cli-bulk")];
  const csv = join(home, "people.csv");
  writeFileSync(csv, ["email", ...emails, "not-an-address"].join("\n"));
  await sim.clearJournal();

  const plan = await run(orgs("invite", "--file", csv, "--orgId", ORG_ID, "--dry-run"), env);
  expect(plan.code, plan.stderr).toBe(0);
  expect(plan.stdout).toContain("Dry run: nothing sent.");
  expect(plan.stdout).toMatch(/Ready\s+3\n/);
  expect(plan.stdout).toMatch(/Invalid\s+1\n/);

  const single = await run(
    orgs(
      "invite",
      uniqueEmail("cli-dry"),
      "--orgId",
      ORG_ID,
      "--role",
      "ORG_MEMBER",
      "--dry-run",
      "-o",
      "json",
    ),
    env,
  );
  expect(single.code, single.stderr).toBe(0);
  expect(JSON.parse(single.stdout)).toMatchObject({ dryRun: true, method: "POST" });

  // Neither dry run changed anything in Atlas.
  const changes = (await sim.journal()).filter(
    (e: { method: string; path: string }) =>
      e.method !== "GET" && (e.path.includes(ORG_ID) || e.path === CREATE_USER),
  );
  expect(changes).toEqual([]);

  const ran = await run(orgs("invite", "--file", csv, "--orgId", ORG_ID, "-o", "json"), env);
  expect(ran.code, ran.stderr).toBe(0);
  expect(ran.stderr).toContain("Started bulk run");
  const { run: finished } = JSON.parse(ran.stdout);
  expect(finished).toMatchObject({ status: "done", total: 4, states: { done: 3, failed: 0 } });
  const creates = (await sim.journal({ method: "POST", path: USERS })).filter((e) =>
    emails.includes(e.body?.username),
  );
  expect(creates).toHaveLength(3);
});
