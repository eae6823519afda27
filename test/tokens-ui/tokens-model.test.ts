// The API tokens sections' logic (components/account/tokens-model.ts): which roles a token may ask for, how its
// role, orgs, expiry and state read, the admin filter, and where a refused create lands.
import { describe, expect, it } from "vitest";
import {
  EXPIRY_CHOICES,
  TOKEN_FORM_DEFAULTS,
  filterTokens,
  isRevocable,
  placeTokenError,
  prefixText,
  roleChoices,
  tokenExpiryText,
  tokenFieldOf,
  tokenOrgsText,
  tokenRoleText,
  tokenStateBadge,
  usageExamples,
} from "@/components/account/tokens-model";
import { ROLES } from "@/lib/permissions";
import {
  TOKEN_EXPIRY_DAYS,
  adminTokenViewSchema,
  createTokenSchema,
  type AdminTokenView,
} from "@/lib/schemas/tokens";

const DAY = 24 * 60 * 60_000;
const NOW = Date.parse("2026-12-06T12:00:00Z");
const ORG_A = "aaaaaaaaaaaaaaaaaaaaaaaa";
const ORG_B = "bbbbbbbbbbbbbbbbbbbbbbbb";

function adminToken(over: Partial<AdminTokenView> = {}): AdminTokenView {
  return adminTokenViewSchema.parse({
    id: "5f0c7c1e-7d1c-4a43-9c1c-3f7d1b7a9e01",
    name: "hr-sync",
    prefix: "ic_AbCd",
    role: null,
    effectiveRole: "inviter",
    orgIds: null,
    createdAt: "2026-12-01T10:00:00Z",
    expiresAt: new Date(NOW + 30 * DAY).toISOString(),
    lastUsedAt: null,
    lastUsedIp: null,
    revokedAt: null,
    state: "active",
    owner: { id: "u1", email: "ada@example.com", name: "Ada Lovelace" },
    ...over,
  });
}

describe("roleChoices: a token asks for at most its owner's role", () => {
  it("offers the owner's role and the ones below it, in ROLES order", () => {
    expect(roleChoices("viewer")).toEqual(["viewer"]);
    expect(roleChoices("inviter")).toEqual(["viewer", "inviter"]);
    expect(roleChoices("admin")).toEqual(["viewer", "inviter", "admin"]);
  });

  it("never offers a role the schema would refuse, and never one above the owner's", () => {
    for (const own of ROLES) {
      for (const r of roleChoices(own)) {
        expect(ROLES.indexOf(r)).toBeLessThanOrEqual(ROLES.indexOf(own));
        expect(createTokenSchema.safeParse({ name: "x", role: r }).success).toBe(true);
      }
    }
  });
});

describe("tokenRoleText", () => {
  it("says the role a token carries now", () => {
    expect(tokenRoleText({ role: "viewer", effectiveRole: "viewer" })).toBe("Viewer");
    expect(tokenRoleText({ role: null, effectiveRole: "admin" })).toBe("Admin (owner's role)");
  });

  it("adds the role it asked for when the owner's role has dropped below it", () => {
    expect(tokenRoleText({ role: "admin", effectiveRole: "viewer" })).toBe("Viewer (asked: Admin)");
    expect(tokenRoleText({ role: "inviter", effectiveRole: null })).toBe("None (asked: Inviter)");
  });
});

describe("tokenOrgsText", () => {
  const names = new Map([
    [ORG_A, "Demo Org"],
    [ORG_B, "Other Org"],
  ]);

  it("says All orgs for a token without an org list", () => {
    expect(tokenOrgsText(null, names)).toBe("All orgs");
  });

  it("names the orgs, by id when the console no longer lists one", () => {
    expect(tokenOrgsText([ORG_B, ORG_A], names)).toBe("Other Org, Demo Org");
    const gone = "cccccccccccccccccccccccc";
    expect(tokenOrgsText([ORG_A, gone], names)).toBe(`Demo Org, ${gone}`);
    expect(tokenOrgsText([ORG_A], new Map())).toBe(ORG_A);
  });
});

describe("tokenExpiryText", () => {
  const at = (days: number) => new Date(NOW + days * DAY).toISOString();

  it("is relative, and warns only for an active token with less than 7 days left", () => {
    expect(tokenExpiryText({ expiresAt: at(30), state: "active" }, NOW)).toEqual({
      text: "in 30 days",
      warn: false,
    });
    expect(tokenExpiryText({ expiresAt: at(7), state: "active" }, NOW).warn).toBe(false);
    expect(tokenExpiryText({ expiresAt: at(6.9), state: "active" }, NOW)).toEqual({
      text: "in 7 days",
      warn: true,
    });
    expect(tokenExpiryText({ expiresAt: at(2), state: "active" }, NOW)).toEqual({
      text: "in 2 days",
      warn: true,
    });
    // Revoked or its owner deactivated: it will not work anyway, so its end is no warning.
    expect(tokenExpiryText({ expiresAt: at(2), state: "revoked" }, NOW).warn).toBe(false);
    expect(tokenExpiryText({ expiresAt: at(2), state: "owner_inactive" }, NOW).warn).toBe(false);
  });

  it("says when an expired token ended, whatever the clocks say", () => {
    expect(tokenExpiryText({ expiresAt: at(-3), state: "expired" }, NOW)).toEqual({
      text: "expired 3 days ago",
      warn: false,
    });
    // The server says expired while this clock is a little behind: expired "just now", not "in 1 min.".
    expect(
      tokenExpiryText({ expiresAt: new Date(NOW + 30_000).toISOString(), state: "expired" }, NOW),
    ).toEqual({ text: "expired just now", warn: false });
    expect(tokenExpiryText({ expiresAt: "not a date", state: "active" }, NOW)).toEqual({
      text: "unknown",
      warn: false,
    });
  });
});

describe("state", () => {
  it("labels each state, with a tone the Badge has", () => {
    expect(tokenStateBadge("active")).toEqual({ label: "Active", tone: "ok" });
    expect(tokenStateBadge("expired")).toEqual({ label: "Expired", tone: "neutral" });
    expect(tokenStateBadge("revoked")).toEqual({ label: "Revoked", tone: "danger" });
    expect(tokenStateBadge("owner_inactive")).toEqual({ label: "Owner deactivated", tone: "warn" });
  });

  it("offers Revoke only while the token could work (again)", () => {
    expect(isRevocable("active")).toBe(true);
    expect(isRevocable("owner_inactive")).toBe(true);
    expect(isRevocable("revoked")).toBe(false);
    expect(isRevocable("expired")).toBe(false);
  });

  it("shows the prefix as the start of something longer", () => {
    expect(prefixText("ic_AbCd")).toBe("ic_AbCd…");
  });
});

describe("filterTokens (admins)", () => {
  const tokens = [
    adminToken({ name: "hr-sync" }),
    adminToken({
      id: "5f0c7c1e-7d1c-4a43-9c1c-3f7d1b7a9e02",
      name: "nightly-report",
      prefix: "ic_XyZw",
      owner: { id: "u2", email: "grace@example.com", name: "Grace Hopper" },
    }),
  ];

  it("matches the owner's e-mail or name, the token's name or prefix, ignoring case and spaces", () => {
    expect(filterTokens(tokens, "").map((t) => t.name)).toEqual(["hr-sync", "nightly-report"]);
    expect(filterTokens(tokens, "  GRACE ").map((t) => t.name)).toEqual(["nightly-report"]);
    expect(filterTokens(tokens, "lovelace").map((t) => t.name)).toEqual(["hr-sync"]);
    expect(filterTokens(tokens, "HR-").map((t) => t.name)).toEqual(["hr-sync"]);
    expect(filterTokens(tokens, "ic_xyz").map((t) => t.name)).toEqual(["nightly-report"]);
    expect(filterTokens(tokens, "nobody")).toEqual([]);
  });
});

describe("the create form", () => {
  it("starts valid for the schema: 90 days, the owner's role, every org", () => {
    const parsed = createTokenSchema.safeParse({ ...TOKEN_FORM_DEFAULTS, name: "hr-sync" });
    expect(parsed.success).toBe(true);
    expect(parsed.data).toMatchObject({ name: "hr-sync", expiresInDays: TOKEN_EXPIRY_DAYS.default });
    expect(parsed.data?.role).toBeUndefined();
    expect(parsed.data?.orgIds ?? null).toBeNull();
  });

  it("offers quick choices the schema accepts", () => {
    for (const d of EXPIRY_CHOICES) {
      expect(createTokenSchema.safeParse({ name: "x", expiresInDays: d }).success).toBe(true);
    }
    expect(EXPIRY_CHOICES).toContain(TOKEN_EXPIRY_DAYS.default);
  });

  it("refuses an empty org list when the user limited the orgs (the field says why)", () => {
    const r = createTokenSchema.safeParse({ name: "x", orgIds: [] });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(["orgIds"]);
  });
});

describe("placeTokenError: a refused create lands beside its fields, what was typed stays", () => {
  it("maps server field keys to the form's fields (orgIds.N on the orgs field)", () => {
    expect(tokenFieldOf("name")).toBe("name");
    expect(tokenFieldOf("expiresInDays")).toBe("expiresInDays");
    expect(tokenFieldOf("role")).toBe("role");
    expect(tokenFieldOf("orgIds.2")).toBe("orgIds");
    expect(tokenFieldOf("owner")).toBeNull();
  });

  it("puts field errors on their fields and nothing above the form when all are placed", () => {
    expect(
      placeTokenError({
        code: "invalid_input",
        message: "Check the fields.",
        fields: { role: "At most your own role (viewer).", "orgIds.0": "Not an org you can read." },
      }),
    ).toEqual({
      fields: [
        ["role", "At most your own role (viewer)."],
        ["orgIds", "Not an org you can read."],
      ],
      formMessage: null,
    });
  });

  it("keeps one message per field", () => {
    const placed = placeTokenError({
      code: "invalid_input",
      message: "Check the fields.",
      fields: { "orgIds.0": "first", "orgIds.1": "second" },
    });
    expect(placed.fields).toEqual([["orgIds", "first"]]);
  });

  it("says a refusal without fields, or with fields the form lacks, for the whole form", () => {
    expect(placeTokenError({ code: "rate_limited", message: "Too many tokens; retry in 30 s." })).toEqual({
      fields: [],
      formMessage: "Too many tokens; retry in 30 s.",
    });
    expect(
      placeTokenError({ code: "invalid_input", message: "Check the fields.", fields: { other: "odd." } }),
    ).toEqual({ fields: [], formMessage: "Check the fields. odd." });
  });
});

describe("usageExamples", () => {
  it("calls GET /api/orgs on this console with a bearer token, and never holds the secret", () => {
    const u = usageExamples("https://console.example.com");
    expect(u.curl).toBe('curl -H "Authorization: Bearer <token>" https://console.example.com/api/orgs');
    expect(u.cli).toBe("npm run cli -- config init");
  });
});
