import { describe, expect, it } from "vitest";
import { dialogForAction, dialogReducer, type OpenDialog } from "@/components/invitations/dialog-state";
import type { DrawerSubject } from "@/components/invitations/invitation-drawer";
import { toRows } from "@/lib/invitations/list-model";
import type { Invitation } from "@/lib/schemas/invitations";
import type { LedgerEntry } from "@/lib/schemas/ledger-api";

const invitation: Invitation = {
  id: "0".repeat(23) + "1",
  source: "users",
  email: "p@x.io",
  orgRoles: ["ORG_MEMBER"],
  teamIds: [],
  projectRoles: [],
  inviter: null,
  createdAt: "2026-12-01T00:00:00.000Z",
  expiresAt: null,
};
const [row] = toRows([invitation], new Map(), new Map());
const entry = { id: "e1", email: "p@x.io", status: "expired" } as unknown as LedgerEntry;

describe("the invitations page's dialog state", () => {
  it("opens one dialog at a time, for one invitation", () => {
    let state: OpenDialog | null = null;
    state = dialogReducer(state, { type: "open", dialog: { kind: "edit", invitation } });
    expect(state).toEqual({ kind: "edit", invitation });
    state = dialogReducer(state, { type: "open", dialog: { kind: "invite" } });
    expect(state).toEqual({ kind: "invite" });
  });

  it("a close shuts only the dialog it names", () => {
    const open: OpenDialog = { kind: "renew", invitation };
    expect(dialogReducer(open, { type: "close", kind: "cancel" })).toBe(open);
    expect(dialogReducer(open, { type: "close", kind: "renew" })).toBeNull();
    expect(dialogReducer(null, { type: "close", kind: "invite" })).toBeNull();
  });

  it("maps the drawer's actions to dialogs; Re-invite needs the ledger row", () => {
    const pending: DrawerSubject = { row: row!, status: "pending", entry: null };
    expect(dialogForAction("cancel", pending)).toEqual({ kind: "cancel", invitation });
    expect(dialogForAction("edit", pending)).toEqual({ kind: "edit", invitation });
    expect(dialogForAction("renew", pending)).toEqual({ kind: "renew", invitation });
    expect(dialogForAction("reinvite", pending)).toBeNull();
    const expired: DrawerSubject = { row: row!, status: "expired", entry };
    expect(dialogForAction("reinvite", expired)).toEqual({ kind: "reinvite", entry });
  });
});
