// The UI's mirror of the server's privileged-invitation rule (lib/permissions.ts invitationChangeRefusal; the
// server's side is T29 in test/api/edit-renew-users.test.ts): an inviter sees Edit, Renew and Finish renew
// disabled on an Owner or Billing Admin invitation, with the reason as text on the page.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { SessionProvider } from "@/components/auth/session-context";
import { UnfinishedRenewals } from "@/components/invitations/unfinished-renewals";
import { invitationKeys } from "@/lib/api-client/invitations/keys";
import { invitationChangeRefusal, type Role } from "@/lib/permissions";
import type { UnfinishedRenewal } from "@/lib/schemas/invitation-edit";

describe("invitationChangeRefusal", () => {
  it("refuses an inviter edit, renew and finish-renew of an invitation granting Organization Owner", () => {
    const roles = ["ORG_OWNER", "ORG_MEMBER"];
    expect(invitationChangeRefusal("inviter", "edit", roles)).toBe(
      "Only console admins may change an invitation that grants Organization Owner.",
    );
    expect(invitationChangeRefusal("inviter", "renew", roles)).toBe(
      "Only console admins may renew an invitation that grants Organization Owner.",
    );
    expect(invitationChangeRefusal("inviter", "finish-renew", roles)).toBe(
      "Only console admins may finish renewing an invitation that grants Organization Owner.",
    );
  });

  it("refuses an inviter a Billing Admin invitation too, and names it", () => {
    expect(invitationChangeRefusal("inviter", "renew", ["ORG_BILLING_ADMIN"])).toMatch(
      /^Only console admins may renew an invitation that grants .*Billing Admin.*\.$/,
    );
  });

  it("lets an inviter change an invitation without privileged roles, and an admin any invitation", () => {
    for (const change of ["edit", "renew", "finish-renew"] as const) {
      expect(invitationChangeRefusal("inviter", change, ["ORG_MEMBER"])).toBeNull();
      expect(invitationChangeRefusal("admin", change, ["ORG_OWNER", "ORG_BILLING_ADMIN"])).toBeNull();
    }
  });

  it("gives a viewer the role's reason first, whatever the grants", () => {
    const reason = "Your console role (viewer) cannot do this; it takes inviter or admin.";
    expect(invitationChangeRefusal("viewer", "edit", ["ORG_MEMBER"])).toBe(reason);
    expect(invitationChangeRefusal("viewer", "renew", ["ORG_OWNER"])).toBe(reason);
  });
});

const ORG = "5f1000000000000000000001";

function renewal(email: string, orgRoles: string[]): UnfinishedRenewal {
  return {
    ledgerId: `ledger-${email}`,
    invitationId: "6a0000000000000000000001",
    source: "users",
    email,
    step: "cancelled",
    startedAt: new Date().toISOString(),
    grants: { orgRoles, teamIds: [], projectRoles: [] },
  };
}

function renderRenewals(role: Role, renewals: UnfinishedRenewal[]): string {
  const client = new QueryClient();
  client.setQueryData(invitationKeys.renewals(ORG), { renewals });
  const user = { email: `${role}@example.com`, name: role, role };
  const list = createElement(UnfinishedRenewals, { orgId: ORG });
  const session = createElement(SessionProvider, { user, children: list });
  return renderToStaticMarkup(createElement(QueryClientProvider, { client, children: session }));
}

/** The Finish renew button for `email` (its opening tag) and the reason it points to, if any. */
function finishButton(html: string, email: string): { tag: string; reason: string | null } {
  const tag = new RegExp(`<button[^>]*aria-label="Finish renew for ${email}"[^>]*>`).exec(html)?.[0];
  if (!tag) throw new Error(`no Finish renew button for ${email}`);
  const id = /aria-describedby="([^"]+)"/.exec(tag)?.[1];
  const reason = id ? (new RegExp(`<p id="${id}"[^>]*>([^<]*)</p>`).exec(html)?.[1] ?? null) : null;
  return { tag, reason };
}

describe("Finish renew on a half-done renew", () => {
  const list = [renewal("owner@example.com", ["ORG_OWNER"]), renewal("member@example.com", ["ORG_MEMBER"])];

  it("is disabled for an inviter on an Owner invitation, with the reason on the page", () => {
    const html = renderRenewals("inviter", list);
    const owner = finishButton(html, "owner@example.com");
    expect(owner.tag).toContain('disabled=""');
    expect(owner.reason).toBe(
      "Only console admins may finish renewing an invitation that grants Organization Owner.",
    );
    const member = finishButton(html, "member@example.com");
    expect(member.tag).not.toContain('disabled=""');
    expect(member.reason).toBeNull();
  });

  it("is enabled for an admin on the same Owner invitation", () => {
    const owner = finishButton(renderRenewals("admin", list), "owner@example.com");
    expect(owner.tag).not.toContain('disabled=""');
    expect(owner.reason).toBeNull();
  });
});
