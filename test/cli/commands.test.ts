// The CLI against a fake console: each Atlas CLI example (program name and ids aside) sends the console call it
// should and prints what the Atlas CLI prints; usage errors exit 2, refusals exit 1; the token is never printed.
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { INVITATION, ORG, TOKEN, runCli } from "./fake-console";

const cli = (line: string) => line.split(" ").filter(Boolean);

describe("organizations invitations (the Atlas CLI's examples)", () => {
  it("invite <email> --orgId --role ORG_OWNER --output json: POSTs the invitation and prints the console's JSON", async () => {
    const r = await runCli(
      cli(`organizations invitations invite user@example.com --orgId ${ORG} --role ORG_OWNER --output json`),
    );
    expect(r.code).toBe(0);
    expect(r.calls).toHaveLength(1);
    expect(r.calls[0]).toMatchObject({
      method: "POST",
      path: `/api/orgs/${ORG}/invitations`,
      body: { emails: "user@example.com", orgRoles: ["ORG_OWNER"], teamIds: [], projectRoles: [] },
    });
    expect(r.calls[0]!.headers).toMatchObject({
      Authorization: `Bearer ${TOKEN}`,
      Origin: "http://console.test",
      "Content-Type": "application/json",
    });
    expect(r.calls[0]!.headers["Idempotency-Key"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(r.stdout).results[0].invitation.email).toBe("user@example.com");
    expect(r.stdout).toMatch(/^\{\n {2}"results"/);
  });

  it("every alias reaches the same command, and the text output is the Atlas CLI's", async () => {
    for (const line of [
      `orgs invitations create user@example.com --orgId ${ORG} --role ORG_MEMBER`,
      `org invitation invite user@example.com --orgId=${ORG} --role=ORG_MEMBER`,
      `organization invitations invite --orgId ${ORG} user@example.com --role ORG_MEMBER`,
    ]) {
      const r = await runCli(cli(line));
      expect(r.code, `${line}: ${r.stderr}`).toBe(0);
      expect(r.stdout).toBe("User 'user@example.com' invited.\n");
    }
  });

  it("--role and --teamId take comma lists and repeats, as cobra's string slices", async () => {
    const r = await runCli(
      cli(
        `orgs invitations invite a@example.com --orgId ${ORG} --role ORG_MEMBER,ORG_READ_ONLY --role ORG_GROUP_CREATOR --teamId 5f0000000000000000000aaa --projectRole 5f0000000000000000000bbb:group_read_only`,
      ),
    );
    expect(r.code).toBe(0);
    expect(r.calls[0]!.body).toEqual({
      emails: "a@example.com",
      orgRoles: ["ORG_MEMBER", "ORG_READ_ONLY", "ORG_GROUP_CREATOR"],
      teamIds: ["5f0000000000000000000aaa"],
      projectRoles: [{ projectId: "5f0000000000000000000bbb", roles: ["GROUP_READ_ONLY"] }],
    });
  });

  it("list --orgId --output json; ls prints the Atlas CLI's table; --email filters", async () => {
    const json = await runCli(cli(`organizations invitations list --orgId ${ORG} --output json`));
    expect(json.code).toBe(0);
    expect(json.calls[0]).toMatchObject({ method: "GET", path: `/api/orgs/${ORG}/invitations` });
    expect(JSON.parse(json.stdout).invitations[0].id).toBe(INVITATION);

    const table = await runCli(cli(`orgs invitations ls --orgId ${ORG}`));
    expect(table.stdout).toBe(
      "ID                         USERNAME           CREATED AT             EXPIRES AT\n" +
        `${INVITATION}   user@example.com   2026-12-01T10:00:00Z   2027-01-01T10:00:00Z\n`,
    );
    const none = await runCli(cli(`orgs invitations list --orgId ${ORG} --email other@example.com -o json`));
    expect(JSON.parse(none.stdout).invitations).toEqual([]);
  });

  it("describe <id> --orgId --output json prints the one invitation; get is its alias", async () => {
    const r = await runCli(
      cli(`organizations invitations describe ${INVITATION} --orgId ${ORG} --output json`),
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ id: INVITATION, email: "user@example.com" });
    const get = await runCli(cli(`orgs invitations get ${INVITATION} --orgId ${ORG}`));
    expect(get.stdout.split("\n")[0]).toMatch(/^ID\s+USERNAME\s+CREATED AT\s+EXPIRES AT$/);
  });

  it("describe of an id the list does not hold exits 1", async () => {
    const r = await runCli(cli(`orgs invitations describe 5dd56c847a3e5a1f363d0000 --orgId ${ORG}`));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("No pending invitation 5dd56c847a3e5a1f363d0000");
  });

  it("update <id> --role ORG_OWNER: PATCHes the whole after, keeping teams and projects", async () => {
    const r = await runCli(
      cli(`organizations invitations update ${INVITATION} --orgId ${ORG} --role ORG_OWNER --output json`),
    );
    expect(r.code).toBe(0);
    const patch = r.calls.find((c) => c.method === "PATCH")!;
    expect(patch.path).toBe(`/api/orgs/${ORG}/invitations/${INVITATION}`);
    expect(patch.body).toEqual({
      source: "users",
      orgRoles: ["ORG_OWNER"],
      teamIds: ["5f0000000000000000000aaa"],
      projectRoles: [{ projectId: "5f0000000000000000000bbb", roles: ["GROUP_READ_ONLY"] }],
    });
    expect(JSON.parse(r.stdout).invitation.orgRoles).toEqual(["ORG_OWNER"]);
  });

  it("update --email finds the invitation by address; text is the Atlas CLI's", async () => {
    const r = await runCli(
      cli(`organizations invitations update --email USER@example.com --orgId ${ORG} --role ORG_OWNER`),
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`Invitation ${INVITATION} updated.\n`);
  });

  it("delete --force deletes with the list's source; without --force it asks and a no keeps it", async () => {
    const forced = await runCli(cli(`organizations invitations delete ${INVITATION} --orgId ${ORG} --force`));
    expect(forced.code).toBe(0);
    expect(forced.stdout).toBe(`Invitation '${INVITATION}' deleted\n`);
    expect(forced.calls.at(-1)).toMatchObject({ method: "DELETE", body: { source: "users" } });

    const declined = await runCli(cli(`orgs invitations rm ${INVITATION} --orgId ${ORG}`), { input: "n\n" });
    expect(declined.code).toBe(0);
    expect(declined.stderr).toContain(`? Are you sure you want to delete: ${INVITATION} (y/N)`);
    expect(declined.stdout).toBe("Invitation not deleted\n");
    expect(declined.calls).toHaveLength(0);

    const confirmed = await runCli(cli(`orgs invitations delete ${INVITATION} --orgId ${ORG}`), {
      input: "y\n",
    });
    expect(confirmed.stdout).toBe(`Invitation '${INVITATION}' deleted\n`);
    expect(confirmed.calls.map((c) => c.method)).toEqual(["GET", "DELETE"]);
  });

  it("renew <id> posts the source and prints the new invitation", async () => {
    const r = await runCli(cli(`orgs invitations renew ${INVITATION} --orgId ${ORG}`));
    expect(r.code).toBe(0);
    expect(r.calls.at(-1)).toMatchObject({
      path: `/api/orgs/${ORG}/invitations/${INVITATION}/renew`,
      body: { source: "users" },
    });
    expect(r.stdout).toContain("renewed: invitation 5dd56c847a3e5a1f363d4999");
  });

  it("--envelope asks for ?envelope=true and prints the envelope", async () => {
    const r = await runCli(cli(`orgs invitations list --orgId ${ORG} --envelope`));
    expect(r.calls[0]!.query).toEqual({ envelope: "true" });
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 200, content: { api: "users" } });
  });

  it("--dry-run on a single invite calls nothing and prints the body", async () => {
    const r = await runCli(
      cli(`orgs invitations invite a@example.com --orgId ${ORG} --role ORG_MEMBER --dry-run -o json`),
    );
    expect(r.code).toBe(0);
    expect(r.calls).toHaveLength(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      dryRun: true,
      method: "POST",
      body: { emails: "a@example.com" },
    });
  });

  it("the orgId comes from INVITE_CONSOLE_ORG_ID when --orgId is left out", async () => {
    const r = await runCli(cli("orgs invitations list"), { env: { INVITE_CONSOLE_ORG_ID: ORG } });
    expect(r.code).toBe(0);
    expect(r.calls[0]!.path).toBe(`/api/orgs/${ORG}/invitations`);
  });
});

describe("--file", () => {
  it("a CSV plans, starts and polls a bulk run, progress on stderr, summary on stdout", async () => {
    const { mkdtemp, writeFile } = await import("node:fs/promises");
    const { tmpdir } = await import("node:os");
    const dir = await mkdtemp(`${tmpdir()}/cli-bulk-`);
    await writeFile(`${dir}/people.csv`, "email\na@example.com\nb@example.com\nnot-an-address\n");
    const r = await runCli(
      cli(`orgs invitations invite --file ${dir}/people.csv --orgId ${ORG} --role ORG_READ_ONLY`),
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.calls[0]).toMatchObject({ method: "POST", path: `/api/orgs/${ORG}/bulk` });
    expect(r.calls[0]!.body).toMatchObject({
      label: "people.csv",
      defaults: { orgRoles: ["ORG_READ_ONLY"] },
    });
    expect((r.calls[0]!.body as { csv: string }).csv).toContain("b@example.com");
    expect(r.calls[1]!.path).toBe(`/api/orgs/${ORG}/bulk/aaaaaaaaaaaaaaaaaaaaaaaa/start`);
    expect(r.stderr).toContain("Started bulk run aaaaaaaaaaaaaaaaaaaaaaaa");
    expect(r.stdout).toContain("Bulk run aaaaaaaaaaaaaaaaaaaaaaaa done: 2 sent, 0 failed, 1 skipped");
  });

  it("a CSV with --dry-run plans only and prints the buckets", async () => {
    const { mkdtemp, writeFile } = await import("node:fs/promises");
    const { tmpdir } = await import("node:os");
    const dir = await mkdtemp(`${tmpdir()}/cli-bulk-`);
    await writeFile(`${dir}/people.csv`, "email\na@example.com\n");
    const r = await runCli(cli(`orgs invitations invite -f ${dir}/people.csv --orgId ${ORG} --dry-run`));
    expect(r.code).toBe(0);
    expect(r.calls.map((c) => `${c.method} ${c.path}`)).toEqual([`POST /api/orgs/${ORG}/bulk`]);
    expect(r.stdout).toContain("Dry run: nothing sent.");
    expect(r.stdout).toMatch(/Ready\s+2\n/);
  });

  it("a JSON file is the Atlas CLI's invitation file, and excludes --role", async () => {
    const { mkdtemp, writeFile } = await import("node:fs/promises");
    const { tmpdir } = await import("node:os");
    const dir = await mkdtemp(`${tmpdir()}/cli-json-`);
    await writeFile(`${dir}/inv.json`, JSON.stringify({ username: "j@example.com", roles: ["ORG_OWNER"] }));
    const r = await runCli(cli(`orgs invitations invite --file ${dir}/inv.json --orgId ${ORG}`));
    expect(r.code).toBe(0);
    expect(r.calls[0]!.body).toMatchObject({ emails: "j@example.com", orgRoles: ["ORG_OWNER"] });
    const both = await runCli(
      cli(`orgs invitations invite --file ${dir}/inv.json --orgId ${ORG} --role ORG_MEMBER`),
    );
    expect(both.code).toBe(2);
  });
});

describe("users invite (the Atlas CLI's examples)", () => {
  const first = `users invite --email user@example.com --username user@example.com --orgRole ${ORG}:ORG_OWNER --firstName Example --lastName User --country US --output json`;

  it("with --password: POSTs the account to the org of --orgRole", async () => {
    const r = await runCli(cli(`${first} --mobile 2025550143 --password Correct-Horse-Battery-9`));
    expect(r.code, r.stderr).toBe(0);
    expect(r.calls[0]).toMatchObject({
      method: "POST",
      path: `/api/orgs/${ORG}/atlas-users`,
      body: {
        username: "user@example.com",
        firstName: "Example",
        lastName: "User",
        country: "US",
        mobileNumber: "2025550143",
        password: "Correct-Horse-Battery-9",
        orgRoles: ["ORG_OWNER"],
        teamIds: [],
        projectRoles: [],
      },
    });
    expect(JSON.parse(r.stdout).username).toBe("user@example.com");
    expect(r.stdout).not.toContain("Correct-Horse");
  });

  it("without --password reads it from stdin when stdin is not a terminal; text is the Atlas CLI's", async () => {
    const r = await runCli(cli(first.replace(" --output json", "")), { input: "Piped-Password-1234\n" });
    expect(r.code, r.stderr).toBe(0);
    expect((r.calls[0]!.body as { password: string }).password).toBe("Piped-Password-1234");
    expect(r.stdout).toBe(
      "The user 'user@example.com' has been invited.\nInvited users do not have access to the project until they accept the invitation.\n",
    );
    expect(r.stderr).not.toContain("Piped-Password");
  });

  it("on a terminal the password is read in raw mode, not echoed, Backspace erasing", async () => {
    const stdin = Object.assign(new PassThrough(), { isTTY: true, modes: [] as boolean[] });
    const tty = Object.assign(stdin, { setRawMode: (on: boolean) => stdin.modes.push(on) });
    const pending = runCli(cli(first), { stdin: tty });
    setTimeout(() => tty.write("Secret-Pass-12345x\u007f\r"), 20);
    const r = await pending;
    expect(r.code, r.stderr).toBe(0);
    expect(stdin.modes).toEqual([true, false]);
    expect((r.calls[0]!.body as { password: string }).password).toBe("Secret-Pass-12345");
    expect(r.stderr).toBe("? Password: \n");
  });

  it("--projectRole alone: the org holding the project is found, the user joins it as ORG_MEMBER", async () => {
    const r = await runCli(
      cli(
        "users invite --email user@example.com --username user@example.com --projectRole 5f71e5255afec75a3d0f96dd:GROUP_READ_ONLY --firstName Example --lastName User --country US --output json --password Correct-Horse-Battery-9",
      ),
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.calls.at(-1)).toMatchObject({
      path: `/api/orgs/${ORG}/atlas-users`,
      body: {
        orgRoles: ["ORG_MEMBER"],
        projectRoles: [{ projectId: "5f71e5255afec75a3d0f96dd", roles: ["GROUP_READ_ONLY"] }],
      },
    });
  });
});

describe("exit codes", () => {
  it.each([
    ["an unknown command", "organizations invitations frobnicate", /unknown command "frobnicate"/],
    ["an unknown flag", `orgs invitations list --orgId ${ORG} --bogus`, /unknown flag: --bogus/],
    ["an unknown shorthand", `orgs invitations list --orgId ${ORG} -z`, /unknown shorthand flag: 'z' in -z/],
    ["a flag without its value", "orgs invitations list --orgId", /flag needs an argument: --orgId/],
    ["no orgId anywhere", "orgs invitations list", /required flag\(s\) "orgId" not set/],
    ["describe without its id", `orgs invitations describe --orgId ${ORG}`, /accepts 1 arg\(s\), received 0/],
    [
      "too many arguments",
      `orgs invitations invite a@x.io b@x.io --orgId ${ORG}`,
      /accepts at most 1 arg\(s\), received 2/,
    ],
    [
      "update without id or email",
      `orgs invitations update --orgId ${ORG} --role ORG_OWNER`,
      /you must provide the email address or the invitationId/,
    ],
    [
      "users invite missing required flags",
      "users invite --username a@x.io",
      /required flag\(s\) "country", "email", "firstName", "lastName" not set/,
    ],
    [
      "a bad role format",
      `users invite --username a@x.io --email a@x.io --firstName A --lastName B --country US --orgRole ORG_OWNER`,
      /unexpected role format: ORG_OWNER/,
    ],
    [
      "an output format not offered",
      `orgs invitations list --orgId ${ORG} -o go-template`,
      /output format "go-template" is not supported/,
    ],
    [
      "a bad boolean",
      `orgs invitations delete ${INVITATION} --orgId ${ORG} --force=maybe`,
      /invalid argument "maybe"/,
    ],
  ])("%s exits 2 with a usage line", async (_what, line, message) => {
    const r = await runCli(cli(line));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/Usage: invite-console /);
    expect(r.calls).toHaveLength(0);
  });

  it("no URL or token configured exits 2 and names config init", async () => {
    const r = await runCli(cli(`orgs invitations list --orgId ${ORG}`), {
      env: { INVITE_CONSOLE_URL: "", INVITE_CONSOLE_TOKEN: "" },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("config init");
  });

  it("a refusal exits 1 with the console's message and the offending fields", async () => {
    const r = await runCli(cli(`orgs invitations invite a@example.com --orgId ${ORG}`), {
      refuse: {
        status: 400,
        code: "invalid_input",
        message: "Some fields are not valid.",
        fields: { orgRoles: "pick at least one organization role" },
      },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      "Error: Some fields are not valid.\n  orgRoles: pick at least one organization role\n",
    );
  });

  it("a refusal with --envelope prints the error envelope too", async () => {
    const r = await runCli(cli(`orgs invitations list --orgId ${ORG} --envelope`), {
      refuse: { status: 403, code: "forbidden", message: "Your console role does not allow this." },
    });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({
      status: 403,
      content: { error: { code: "forbidden", message: "Your console role does not allow this." } },
    });
  });

  it("a network failure exits 1 and names the console, not the token", async () => {
    const { main } = await import("../../cli/src/main.mjs");
    let err = "";
    // Port 9 (discard) on loopback: nothing listens, the connection is refused.
    const code = await main(cli(`orgs invitations list --orgId ${ORG} --debug`), {
      env: {
        INVITE_CONSOLE_URL: "http://127.0.0.1:9",
        INVITE_CONSOLE_TOKEN: TOKEN,
        XDG_CONFIG_HOME: "/nonexistent",
      },
      stdout: { write: () => true },
      stderr: { write: (t: string) => (err += t) },
    });
    expect(code).toBe(1);
    expect(err).toContain("Could not reach the console at http://127.0.0.1:9");
    expect(err).not.toContain(TOKEN);
  });

  it("an id of '..' is refused before any request", async () => {
    const r = await runCli(cli(`orgs invitations describe x --orgId ..`));
    expect(r.code).toBe(1);
    expect(r.calls).toHaveLength(0);
  });

  it("--help on every command prints its usage and exits 0", async () => {
    for (const line of [
      "--help",
      "orgs --help",
      "orgs invitations --help",
      "orgs invitations invite --help",
      "orgs invitations list -h",
      "orgs invitations describe --help",
      "orgs invitations update --help",
      "orgs invitations delete --help",
      "orgs invitations renew --help",
      "users invite --help",
      "config init --help",
      "config list --help",
      "config describe --help",
    ]) {
      const r = await runCli(cli(line));
      expect(r.code, line).toBe(0);
      expect(r.stdout, line).toMatch(/Usage:\n {2}invite-console /);
      expect(r.calls).toHaveLength(0);
    }
  });
});

describe("the token is never printed", () => {
  it("not with --debug, not in errors, not in JSON", async () => {
    const lines = [
      `orgs invitations list --orgId ${ORG} --debug -o json`,
      `orgs invitations invite a@example.com --orgId ${ORG} --role ORG_MEMBER --debug --envelope`,
      `orgs invitations delete ${INVITATION} --orgId ${ORG} --force --debug`,
    ];
    for (const line of lines) {
      const r = await runCli(cli(line));
      expect(r.stderr).toContain("[debug] > ");
      expect(r.stdout + r.stderr).not.toContain(TOKEN);
    }
    // A console that echoed the token in an error message: the CLI blanks it.
    const echoed = await runCli(cli(`orgs invitations list --orgId ${ORG}`), {
      refuse: { status: 401, code: "unauthorized", message: `token ${TOKEN} is revoked` },
    });
    expect(echoed.code).toBe(1);
    expect(echoed.stderr).toBe("Error: token [redacted] is revoked\n");
  });
});
