// The approval queue's mirror of the server's rule (lib/server/approvals/decide.ts): another admin decides,
// never the requester; a viewer or inviter sees the role's reason. And the Pending tab's "Awaiting approval".
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { SessionProvider } from "@/components/auth/session-context";
import { ApprovalQueue } from "@/components/guardrails/approval-queue";
import { AwaitingApproval } from "@/components/guardrails/awaiting-approval";
import { approvalKeys } from "@/lib/api-client/approvals/keys";
import type { Role } from "@/lib/permissions";
import type { Approval } from "@/lib/schemas/approvals";

const ORG = "5f1000000000000000000001";

const approval = (over: Partial<Approval> = {}): Approval => ({
  id: "00000000-0000-4000-8000-0000000000a1",
  orgId: ORG,
  email: "cto@owners.example",
  grants: { orgRoles: ["ORG_OWNER"], teamIds: [], projectRoles: [] },
  reasons: ["grants Organization Owner, which this organization has approved by a second admin."],
  status: "pending",
  requestedByUserId: "u1",
  requestedByEmail: "ada@console.example",
  requestReason: "new CTO",
  decidedByEmail: null,
  decisionReason: null,
  result: null,
  bulkRunId: null,
  bulkLine: null,
  createdAt: new Date().toISOString(),
  expiresAt: new Date(Date.now() + 3600_000).toISOString(),
  decidedAt: null,
  ...over,
});

function render(
  component: typeof ApprovalQueue | typeof AwaitingApproval,
  role: Role,
  email: string,
  list: Approval[],
) {
  const client = new QueryClient();
  client.setQueryData(approvalKeys.list(ORG, "all"), { approvals: list });
  client.setQueryData(approvalKeys.list(ORG, "pending"), {
    approvals: list.filter((a) => a.status === "pending"),
  });
  const session = createElement(SessionProvider, {
    user: { email, name: role, role },
    children: createElement(component, { orgId: ORG }),
  });
  return renderToStaticMarkup(createElement(QueryClientProvider, { client, children: session }));
}

const buttons = (html: string) =>
  [...html.matchAll(/<button[^>]*>(Approve…|Deny…)<\/button>/g)].map((m) => m[0]);

describe("approval queue", () => {
  it("another admin may approve or deny; the requester sees why not", () => {
    const other = render(ApprovalQueue, "admin", "grace@console.example", [approval()]);
    expect(buttons(other)).toHaveLength(2);
    expect(buttons(other).every((b) => !/ disabled=""/.test(b))).toBe(true);
    expect(other).toContain("new CTO");

    const own = render(ApprovalQueue, "admin", "ADA@console.example", [approval()]);
    expect(buttons(own).every((b) => / disabled=""/.test(b))).toBe(true);
    expect(own).toContain("You asked for this invitation: another admin decides.");
  });

  it("an inviter sees the role's reason; decided requests show who decided and why, with no buttons", () => {
    const inviter = render(ApprovalQueue, "inviter", "ivy@console.example", [approval()]);
    expect(buttons(inviter).every((b) => / disabled=""/.test(b))).toBe(true);
    expect(inviter).toMatch(/cannot do this; it takes admin/);
    const denied = approval({
      status: "denied",
      decidedByEmail: "grace@console.example",
      decisionReason: "no",
    });
    const html = render(ApprovalQueue, "admin", "grace@console.example", [denied]);
    expect(buttons(html)).toHaveLength(0);
    expect(html).toContain("Denied by grace@console.example (“no”)");
  });

  it("the Pending tab lists what awaits approval, and nothing when none does", () => {
    const html = render(AwaitingApproval, "viewer", "v@console.example", [approval()]);
    expect(html).toContain("Awaiting approval (1)");
    expect(html).toContain("cto@owners.example");
    expect(html).toContain(`href="/orgs/${ORG}/guardrails"`);
    expect(render(AwaitingApproval, "viewer", "v@console.example", [])).toBe("");
  });
});
