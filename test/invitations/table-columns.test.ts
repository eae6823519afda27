import { describe, expect, it } from "vitest";
import { actionsFor } from "@/components/invitations/ledger-actions";
import { COLUMNS, columnLabel, columnsFor } from "@/components/invitations/table-columns";

describe("the invitations table's columns and actions per tab", () => {
  it("Pending shows Expires; a ledger tab shows when the row entered its status instead", () => {
    expect(columnsFor("pending")).toBe(COLUMNS);
    const expired = columnsFor("expired");
    expect(expired.map((c) => c.id)).toEqual(COLUMNS.map((c) => (c.id === "expires" ? "changed" : c.id)));
    expect(columnLabel("changed", expired)).toBe("Expired");
    expect(columnLabel("changed", columnsFor("accepted"))).toBe("Accepted");
    expect(columnLabel("email")).toBe("E-mail");
  });

  it("offers edit, renew and cancel while pending; re-invite after expiry, refusal or cancel; nothing once accepted", () => {
    expect(actionsFor("pending")).toEqual(["edit", "renew", "cancel"]);
    for (const s of ["expired", "rejected", "cancelled"] as const)
      expect(actionsFor(s)).toEqual(["reinvite"]);
    expect(actionsFor("accepted")).toEqual([]);
    expect(actionsFor("superseded")).toEqual([]);
  });
});
