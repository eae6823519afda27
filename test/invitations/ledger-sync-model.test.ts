// What the invitations page says about the ledger's sync (components/invitations/ledger-sync-model.ts): the
// tab badges' one source, "Synced N min ago" on the server's clock, Sync now's wait, the catch-up polling,
// the Expired column's date, and what a tab cut to its newest rows says.
import { describe, expect, it } from "vitest";
import {
  CATCH_UP_POLL_MS,
  catchUpPollMs,
  changedAtMs,
  lastSyncProblem,
  syncedText,
  syncNowAllowedAt,
  tabBadgeCounts,
  truncationNotice,
} from "@/components/invitations/ledger-sync-model";
import type { LedgerEntry } from "@/lib/schemas/ledger-api";
import type { LedgerSyncStatus } from "@/lib/schemas/ledger-sync";

const T = Date.parse("2026-12-06T08:00:00Z");
const iso = (ms: number) => new Date(ms).toISOString();

function status(
  over: Partial<LedgerSyncStatus["state"] & object> = {},
  extra: Partial<LedgerSyncStatus> = {},
) {
  return {
    orgId: "5f1000000000000000000001",
    now: iso(T),
    intervalMinutes: 15,
    syncNowWaitSeconds: 0,
    state: {
      connectionId: "env",
      runs: 3,
      lastStartedAt: iso(T - 3 * 60_000 - 2_000),
      lastFinishedAt: iso(T - 3 * 60_000),
      lastSuccessAt: iso(T - 3 * 60_000),
      lastError: null,
      retryAfterAt: null,
      lastCounts: null,
      lowestRateLimitRemaining: null,
      ...over,
    },
    ledger: {},
    ...extra,
  } as LedgerSyncStatus;
}

describe("tab badges", () => {
  const ledger = { pending: 39, expired: 4, rejected: 2, accepted: 0, cancelled: 0 };

  it("Pending counts Atlas's live list on every tab once the page holds it; the others count the ledger", () => {
    // The report: "Pending 1" on its own tab, "Pending 39" on the others.
    expect(tabBadgeCounts(ledger, 1)).toEqual({ ...ledger, pending: 1 });
    expect(tabBadgeCounts(ledger, undefined)).toEqual(ledger);
    expect(tabBadgeCounts(undefined, 1)).toEqual({ pending: 1 });
    expect(tabBadgeCounts(undefined, undefined)).toBeUndefined();
  });
});

describe("Synced N min ago", () => {
  it("measures on the server's clock, plus the time since the answer arrived", () => {
    const received = { status: status(), receivedAt: T + 5 * 3600_000 }; // the browser's clock is 5 h ahead
    expect(syncedText(received, received.receivedAt)).toBe("Synced 3 min ago");
    expect(syncedText(received, received.receivedAt + 2 * 60_000)).toBe("Synced 5 min ago");
    // A browser clock behind the answer never makes the age negative.
    expect(syncedText({ status: status({ lastSuccessAt: iso(T) }), receivedAt: T }, T - 60_000)).toBe(
      "Synced just now",
    );
    expect(syncedText({ status: status({ lastSuccessAt: iso(T - 3 * 3600_000) }), receivedAt: T }, T)).toBe(
      "Synced 3 h ago",
    );
  });

  it("says when it never synced, and why the last run stopped when it came after the last success", () => {
    expect(syncedText({ status: status({}, { state: null }), receivedAt: T }, T)).toBe(
      "Not synced with Atlas yet",
    );
    expect(lastSyncProblem(status())).toBeNull();
    const stopped = status({ lastFinishedAt: iso(T - 1000), lastError: "stopped: Atlas answered 429" });
    expect(lastSyncProblem(stopped)).toBe("stopped: Atlas answered 429");
  });
});

describe("Sync now's wait", () => {
  it("is the later of the server's wait and a refusal's Retry-After", () => {
    expect(syncNowAllowedAt(undefined)).toBe(0);
    const received = { status: status({}, { syncNowWaitSeconds: 20 }), receivedAt: T };
    expect(syncNowAllowedAt(received)).toBe(T + 20_000);
    expect(syncNowAllowedAt(received, T + 25_000)).toBe(T + 25_000);
    expect(syncNowAllowedAt({ ...received, status: status() }, undefined)).toBe(T);
  });
});

describe("catch-up polling", () => {
  it("asks while the ledger disagrees with the live list, for a minute after the list arrived", () => {
    expect(catchUpPollMs(1, 39, T, T + 5_000)).toBe(CATCH_UP_POLL_MS);
    expect(catchUpPollMs(1, 39, T, T + 61_000)).toBe(false);
    expect(catchUpPollMs(1, 1, T, T)).toBe(false);
    expect(catchUpPollMs(undefined, 39, T, T)).toBe(false);
    expect(catchUpPollMs(1, undefined, T, T)).toBe(false);
  });
});

describe("the Expired column", () => {
  it("shows when Atlas expired the invitation, not when the sync noticed", () => {
    const expiresAt = iso(T - 10 * 86_400_000);
    expect(changedAtMs({ status: "expired", statusChangedAt: iso(T), expiresAt })).toBe(
      Date.parse(expiresAt),
    );
    expect(changedAtMs({ status: "expired", statusChangedAt: iso(T), expiresAt: null })).toBe(T);
    expect(changedAtMs({ status: "cancelled", statusChangedAt: iso(T), expiresAt })).toBe(T);
  });
});

describe("truncationNotice", () => {
  const counts = { pending: 0, expired: 3, rejected: 0, accepted: 1115, cancelled: 12_500 };
  const rows = (n: number) => Array.from({ length: n }, () => ({}) as LedgerEntry);

  it("says how many of how many, and where the rest are, when the tab was cut", () => {
    expect(truncationNotice({ status: "cancelled", invitations: rows(2000), counts, truncated: true })).toBe(
      "Showing the newest 2,000 of 12,500 cancelled invitations. Search and sort apply to these; " +
        "use Export or the audit log for the rest.",
    );
    expect(
      truncationNotice({ status: "accepted", invitations: rows(1000), counts, truncated: true }),
    ).toMatch(/^Showing the newest 1,000 of 1,115 invitations accepted in the last 30 days\./);
  });

  it("says nothing for a whole tab or before it loaded; never fewer in all than shown", () => {
    expect(
      truncationNotice({ status: "expired", invitations: rows(3), counts, truncated: false }),
    ).toBeNull();
    expect(truncationNotice(undefined)).toBeNull();
    expect(truncationNotice({ status: "expired", invitations: rows(5), counts, truncated: true })).toMatch(
      /^Showing the newest 5 of 5 expired/,
    );
  });
});
