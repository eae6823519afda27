// Cobra's argument syntax and the Atlas CLI's command names, and the tabwriter layout of the text output.
import { describe, expect, it } from "vitest";
import { parseFlags, projectRolesOf, splitRole } from "../../cli/src/args.mjs";
import { resolveCommand } from "../../cli/src/commands.mjs";
import { renderTable } from "../../cli/src/output.mjs";

const FLAGS = {
  orgId: { type: "string" as const },
  role: { type: "strings" as const },
  force: { type: "bool" as const },
  output: { type: "string" as const, short: "o" },
};

describe("parseFlags", () => {
  it("reads --flag value, --flag=value, -o json, -ojson, -o=json, and positionals anywhere", () => {
    for (const argv of [
      ["a@x.io", "--orgId", "1", "-o", "json"],
      ["--orgId=1", "a@x.io", "-ojson"],
      ["-o=json", "--orgId", "1", "a@x.io"],
    ]) {
      expect(parseFlags(argv, FLAGS)).toEqual({ flags: { orgId: "1", output: "json" }, args: ["a@x.io"] });
    }
  });

  it("string slices split on commas and accumulate; bools take =true/=false; -- ends the flags", () => {
    expect(parseFlags(["--role", "A, B", "--role=C", "--force", "--", "--role"], FLAGS)).toEqual({
      flags: { role: ["A", "B", "C"], force: true },
      args: ["--role"],
    });
    expect(parseFlags(["--force=false"], FLAGS).flags.force).toBe(false);
  });

  it("refuses unknown flags and missing values as usage errors (exit code 2)", () => {
    expect(() => parseFlags(["--nope"], FLAGS)).toThrow(
      expect.objectContaining({ exitCode: 2, message: "unknown flag: --nope" }),
    );
    expect(() => parseFlags(["--orgId"], FLAGS)).toThrow("flag needs an argument: --orgId");
  });

  it("roles are ID:ROLE pairs, upper-cased, project roles grouped by project", () => {
    expect(splitRole("5f:org_owner")).toEqual({ id: "5f", role: "ORG_OWNER" });
    expect(() => splitRole("ORG_OWNER")).toThrow("unexpected role format: ORG_OWNER");
    expect(projectRolesOf(["p1:GROUP_READ_ONLY", "p2:GROUP_OWNER", "p1:group_data_access_admin"])).toEqual([
      { projectId: "p1", roles: ["GROUP_READ_ONLY", "GROUP_DATA_ACCESS_ADMIN"] },
      { projectId: "p2", roles: ["GROUP_OWNER"] },
    ]);
  });
});

describe("command names", () => {
  it.each([
    ["organizations invitations invite", "invite"],
    ["organization invitation create", "invite"],
    ["orgs invitations ls", "list"],
    ["org invitations get", "describe"],
    ["orgs invitations updates", "update"],
    ["orgs invitations rm", "delete"],
    ["users invite", "invite"],
    ["user invite", "invite"],
  ])("%s → %s", (line, name) => {
    const { node } = resolveCommand(line.split(" "));
    expect(node.name).toBe(name);
  });

  it("the profile flag may come before the command names", () => {
    expect(resolveCommand(["-P", "prod", "orgs", "invitations", "list", "--debug"])).toMatchObject({
      path: ["invite-console", "organizations", "invitations", "list"],
      argv: ["-P", "prod", "--debug"],
    });
  });
});

describe("renderTable", () => {
  it("pads columns as Go's tabwriter (min width 6, padding 3) and leaves the last column unpadded", () => {
    expect(
      renderTable(
        ["ID", "NAME", "X"],
        [
          ["1", "ab", "last"],
          ["22", "abcdefgh", ""],
        ],
      ),
    ).toBe("ID    NAME       X\n" + "1     ab         last\n" + "22    abcdefgh   \n");
  });
});
