import { describe, expect, it } from "vitest";
import { inviteFieldForAtlasCode, inviteInputSchema, uniqueEmails } from "./invitations";

const many = (n: number, domain = "x.io") => Array.from({ length: n }, (_, i) => `p${i}@${domain}`);
const parse = (emails: string) => inviteInputSchema.safeParse({ emails, orgRoles: ["ORG_MEMBER"] });

describe("invite addresses are counted after normalising and de-duplicating", () => {
  it("case and repeats do not count twice", () => {
    expect(uniqueEmails(" Ada@X.io, ada@x.io;\nGRACE@x.io ada@X.IO ")).toEqual(["ada@x.io", "grace@x.io"]);
  });

  it("50 distinct addresses written twice in different case are accepted", () => {
    const list = many(50);
    expect(parse([...list, ...list.map((e) => e.toUpperCase())].join(", ")).success).toBe(true);
  });

  it("51 distinct addresses are refused with what to do that exists: batches of 50", () => {
    const r = parse(many(51).join("\n"));
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toMatch(
      /51 addresses: at most 50 at once, send them in batches of 50/,
    );
    expect(r.error?.issues[0]?.message).not.toMatch(/bulk/);
  });
});

describe("an Atlas error code names the invite field it concerns", () => {
  it.each([
    ["TEAM_NOT_FOUND", "teamIds"],
    ["GROUP_NOT_FOUND", "projectRoles"],
    ["INVALID_ROLE", "orgRoles"],
    ["USER_ALREADY_INVITED", "emails"],
    ["INVALID_EMAIL_ADDRESS", "emails"],
  ] as const)("%s → %s", (code, field) => {
    expect(inviteFieldForAtlasCode(code)).toBe(field);
  });

  it("a code about nothing in the form names no field", () => {
    expect(inviteFieldForAtlasCode("RATE_LIMITED")).toBeNull();
    expect(inviteFieldForAtlasCode(undefined)).toBeNull();
  });
});
