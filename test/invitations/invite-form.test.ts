// The invite form's logic outside the browser: each problem with the addresses said once in one wording
// (components/invitations/email-list.ts), when closing would drop a draft (invite-draft.ts), and project
// roles typed by their names (lib/schemas/roles.ts).
import { describe, expect, it } from "vitest";
import { analyzeEmails, emailsNotes } from "@/components/invitations/email-list";
import { draftChanged } from "@/components/invitations/invite-draft";
import { INVITE_DEFAULTS } from "@/components/invitations/invite-form-types";
import { inviteInputSchema } from "@/lib/schemas/invitations";
import { projectRoleFromText, projectRoleLabel } from "@/lib/schemas/roles";

const submitError = (emails: string) =>
  inviteInputSchema
    .safeParse({ emails, orgRoles: ["ORG_MEMBER"] })
    .error?.issues.find((i) => i.path[0] === "emails")?.message;

describe("bad@@x: one message, one wording", () => {
  it("the live note and the refusal on Send say the same, and only the note shows", () => {
    const error = submitError("bad@@x");
    expect(error).toBe("Not an e-mail address: bad@@x");
    const notes = emailsNotes(analyzeEmails("bad@@x"), error);
    expect(notes).toEqual({ invalid: "Not an e-mail address: bad@@x", tooMany: null, error: null });
  });

  it("several: plural, in the order typed", () => {
    expect(emailsNotes(analyzeEmails("a@x.io, bad@@x nope"), undefined).invalid).toBe(
      "Not e-mail addresses: bad@@x, nope",
    );
  });

  it("over 50: the batches note alone; an error about nothing the notes show is kept", () => {
    const many = Array.from({ length: 51 }, (_, i) => `p${i}@x.io`).join(" ");
    const notes = emailsNotes(analyzeEmails(many), submitError(many));
    expect(notes.tooMany).toMatch(/^51 addresses: one send takes at most 50\. Send them in batches of 50/);
    expect(notes.error).toBeNull();
    expect(emailsNotes(analyzeEmails(""), submitError("")).error).toBe("enter at least one e-mail address");
    expect(emailsNotes(analyzeEmails("ada@x.io"), "Already invited").error).toBe("Already invited");
  });
});

describe("closing asks only when something would be lost", () => {
  it("an untouched form, whitespace, or an empty project row: nothing to lose", () => {
    expect(draftChanged(INVITE_DEFAULTS, INVITE_DEFAULTS)).toBe(false);
    expect(draftChanged({ ...INVITE_DEFAULTS, emails: "  \n" }, INVITE_DEFAULTS)).toBe(false);
    expect(
      draftChanged({ ...INVITE_DEFAULTS, projectRoles: [{ projectId: "", roles: [] }] }, INVITE_DEFAULTS),
    ).toBe(false);
  });

  it("an address, another org role, a team or a project role: ask", () => {
    expect(draftChanged({ ...INVITE_DEFAULTS, emails: "ada@x.io" }, INVITE_DEFAULTS)).toBe(true);
    expect(draftChanged({ ...INVITE_DEFAULTS, orgRoles: ["ORG_READ_ONLY"] }, INVITE_DEFAULTS)).toBe(true);
    expect(draftChanged({ ...INVITE_DEFAULTS, teamIds: ["t1"] }, INVITE_DEFAULTS)).toBe(true);
    expect(
      draftChanged(
        { ...INVITE_DEFAULTS, projectRoles: [{ projectId: "p1", roles: ["GROUP_OWNER"] }] },
        INVITE_DEFAULTS,
      ),
    ).toBe(true);
  });

  it("a re-invite compares with the row it opened with", () => {
    const row = {
      emails: "ada@x.io",
      orgRoles: ["ORG_MEMBER" as const],
      teamIds: ["t1", "t2"],
      projectRoles: [],
    };
    expect(draftChanged({ ...row, teamIds: ["t2", "t1"] }, row)).toBe(false);
    expect(draftChanged({ ...row, teamIds: ["t1"] }, row)).toBe(true);
  });
});

describe("project roles typed by name", () => {
  it("the form's names, with or without 'Project', any case; Atlas's spelling still works", () => {
    expect(projectRoleFromText("Project Owner")).toBe("GROUP_OWNER");
    expect(projectRoleFromText("  cluster   manager ")).toBe("GROUP_CLUSTER_MANAGER");
    expect(projectRoleFromText("group_read_only")).toBe("GROUP_READ_ONLY");
    expect(projectRoleFromText("GROUP_NEW_THING")).toBe("GROUP_NEW_THING");
    expect(projectRoleFromText("Owner of everything")).toBeNull();
    expect(projectRoleFromText("")).toBeNull();
  });

  it("what the picker shows for it is the name, not the enum", () => {
    expect(projectRoleLabel(projectRoleFromText("owner")!)).toBe("Project Owner");
  });
});
