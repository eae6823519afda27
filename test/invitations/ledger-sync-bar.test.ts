// The Sync now bar as rendered (components/invitations/ledger-sync-bar.tsx): the last sync from the server's
// status, a viewer's refusal as visible text tied to the button, and a too-soon Sync now counting down.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { SessionProvider } from "@/components/auth/session-context";
import { LedgerSyncBar } from "@/components/invitations/ledger-sync-bar";
import { ledgerKeys } from "@/lib/api-client/ledger/keys";
import type { Role } from "@/lib/permissions";
import type { LedgerSyncStatus } from "@/lib/schemas/ledger-sync";

const ORG = "5f1000000000000000000001";

function render(role: Role, wait = 0): string {
  const now = Date.now();
  const status: LedgerSyncStatus = {
    orgId: ORG,
    now: new Date(now).toISOString(),
    intervalMinutes: 15,
    syncNowWaitSeconds: wait,
    state: {
      connectionId: "env",
      runs: 1,
      lastStartedAt: new Date(now - 180_500).toISOString(),
      lastFinishedAt: new Date(now - 180_000).toISOString(),
      lastSuccessAt: new Date(now - 180_000).toISOString(),
      lastError: null,
      retryAfterAt: null,
      lastCounts: null,
      lowestRateLimitRemaining: null,
    },
    ledger: { pending: 0, accepted: 0, expired: 0, rejected: 0, cancelled: 0, superseded: 0 },
  };
  const client = new QueryClient();
  client.setQueryData(ledgerKeys.sync(ORG), status);
  const bar = createElement(LedgerSyncBar, { orgId: ORG, pollMs: false });
  const user = { email: `${role}@example.com`, name: role, role };
  const session = createElement(SessionProvider, { user, children: bar });
  return renderToStaticMarkup(createElement(QueryClientProvider, { client, children: session }));
}

describe("the Sync now bar", () => {
  it("says when the ledger last synced, from the server's status", () => {
    expect(render("inviter")).toContain("Synced 3 min ago");
  });

  it("tells a viewer why Sync now is not theirs, as text the disabled button points to", () => {
    const html = render("viewer");
    expect(html).toMatch(
      /<button[^>]*disabled=""[^>]*aria-describedby="sync-now-refused"|<button[^>]*aria-describedby="sync-now-refused"[^>]*disabled=""/,
    );
    expect(html).toMatch(
      /<p id="sync-now-refused"[^>]*>Your console role \(viewer\) cannot do this; it takes inviter or admin\.<\/p>/,
    );
  });

  it("counts down while the server would refuse another sync; inviters and admins may sync otherwise", () => {
    const waiting = render("inviter", 20);
    expect(waiting).toContain("Sync now in 20 s");
    expect(waiting).toMatch(/<button[^>]*disabled=""/);
    const ready = render("admin");
    expect(ready).toContain(">Sync now<");
    expect(ready).not.toMatch(/<button[^>]*disabled=""/);
    expect(ready).not.toContain("sync-now-refused");
  });
});
