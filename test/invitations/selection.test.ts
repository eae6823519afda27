// The invitations list's selection for bulk actions (components/invitations/selection.ts) and what a
// confirmation sends (components/invitations/bulk-actions.ts), checked against the API's own schema
// (lib/schemas/bulk.ts bulkActionInputSchema).
import { describe, expect, it } from "vitest";
import {
  bulkActionBody,
  bulkActionsFor,
  bulkRowRefusal,
  MAX_BULK_TARGETS,
  namedAddresses,
  planBulkAction,
} from "@/components/invitations/bulk-actions";
import {
  emptySelection,
  headerState,
  keepListed,
  rowOrder,
  selectedInOrder,
  selectionReducer,
  selectionScope,
  type Selection,
  type SelectionAction,
} from "@/components/invitations/selection";
import { toRows } from "@/lib/invitations/list-model";
import { bulkActionInputSchema } from "@/lib/schemas/bulk";
import type { Invitation } from "@/lib/schemas/invitations";
import type { LedgerEntry } from "@/lib/schemas/ledger-api";
import { DEFAULT_LIST_PARAMS } from "@/lib/search-params/invitations";

const S = "scope";
const order = rowOrder(["a", "b", "c", "d", "e", "f"]);
// Each action without the scope and order every one of them carries here.
type Step = SelectionAction extends infer A
  ? A extends SelectionAction
    ? Omit<A, "scope" | "order">
    : never
  : never;
const run = (actions: Step[], start: Selection = emptySelection(S)) =>
  actions.reduce((sel, a) => selectionReducer(sel, { scope: S, order, ...a } as SelectionAction), start);
const keysOf = (sel: Selection) => [...sel.keys].sort();

describe("selecting rows", () => {
  it("toggles one row on and off, and remembers it as the anchor", () => {
    const one = run([{ type: "toggle", key: "c", range: false }]);
    expect(keysOf(one)).toEqual(["c"]);
    expect(one.anchor).toBe("c");
    expect(keysOf(run([{ type: "toggle", key: "c", range: false }], one))).toEqual([]);
  });

  it("shift selects from the anchor to the row, in the order shown, either direction", () => {
    const down = run([
      { type: "toggle", key: "b", range: false },
      { type: "toggle", key: "e", range: true },
    ]);
    expect(keysOf(down)).toEqual(["b", "c", "d", "e"]);
    const up = run([
      { type: "toggle", key: "e", range: false },
      { type: "toggle", key: "b", range: true },
    ]);
    expect(keysOf(up)).toEqual(["b", "c", "d", "e"]);
  });

  it("a range takes the state the clicked row takes: shift on a selected row deselects the range", () => {
    const sel = run([
      { type: "all" },
      { type: "toggle", key: "b", range: false }, // b off, anchor b
      { type: "toggle", key: "d", range: true }, // d was on: b..d off
    ]);
    expect(keysOf(sel)).toEqual(["a", "e", "f"]);
  });

  it("follows the current sort: the range is over the order passed, not the order of selection", () => {
    const resorted = rowOrder(["f", "e", "d", "c", "b", "a"]);
    const first = selectionReducer(emptySelection(S), {
      type: "toggle",
      scope: S,
      key: "a",
      range: false,
      order,
    });
    const sel = selectionReducer(first, { type: "toggle", scope: S, key: "d", range: true, order: resorted });
    expect(keysOf(sel)).toEqual(["a", "b", "c", "d"]);
  });

  it("shift without an anchor in the list is a plain toggle", () => {
    expect(keysOf(run([{ type: "toggle", key: "d", range: true }]))).toEqual(["d"]);
    const gone = { scope: S, keys: new Set<string>(), anchor: "zz" };
    expect(keysOf(run([{ type: "toggle", key: "d", range: true }], gone))).toEqual(["d"]);
  });

  it("select all takes every row matching (also those not rendered), clear empties", () => {
    const big = rowOrder(Array.from({ length: 10_000 }, (_, i) => `k${i}`));
    const all = selectionReducer(emptySelection(S), { type: "all", scope: S, order: big });
    expect(all.keys.size).toBe(10_000);
    expect(headerState(all.keys.size, 10_000)).toBe(true);
    const cleared = selectionReducer(all, { type: "clear", scope: S });
    expect(cleared.keys.size).toBe(0);
    // Clearing what is empty changes nothing (no re-render).
    expect(selectionReducer(cleared, { type: "clear", scope: S })).toBe(cleared);
  });

  it("another tab or filter starts empty; the sort alone keeps the selection", () => {
    const sel = run([{ type: "toggle", key: "a", range: false }]);
    const other = selectionReducer(sel, { type: "clear", scope: "other" });
    expect(other.scope).toBe("other");
    expect(other.keys.size).toBe(0);
    const next = selectionReducer(sel, { type: "toggle", scope: "other", key: "b", range: false, order });
    expect(keysOf(next)).toEqual(["b"]);

    const p = DEFAULT_LIST_PARAMS;
    const resortedParams: typeof p = { ...p, sort: "email", dir: "asc" };
    expect(selectionScope("pending", p)).toBe(selectionScope("pending", resortedParams));
    expect(selectionScope("pending", p)).not.toBe(selectionScope("expired", p));
    expect(selectionScope("pending", p)).not.toBe(selectionScope("pending", { ...p, q: "ada" }));
    expect(selectionScope("pending", p)).not.toBe(selectionScope("pending", { ...p, source: "project" }));
    expect(selectionScope("pending", { ...p, q: " Ada " })).toBe(
      selectionScope("pending", { ...p, q: "ada" }),
    );
  });

  it("counts only rows still listed, and keeps the same object when none left", () => {
    const sel = run([
      { type: "toggle", key: "a", range: false },
      { type: "toggle", key: "c", range: false },
    ]);
    expect(keepListed(sel, order)).toBe(sel);
    const pruned = keepListed(sel, rowOrder(["b", "c"]));
    expect(keysOf(pruned)).toEqual(["c"]);
    expect(pruned.anchor).toBe("c");
    expect(keepListed(sel, rowOrder(["b"])).anchor).toBeNull();
  });

  it("the header checkbox is off, indeterminate or on", () => {
    expect(headerState(0, 5)).toBe(false);
    expect(headerState(2, 5)).toBe("indeterminate");
    expect(headerState(5, 5)).toBe(true);
    expect(headerState(0, 0)).toBe(false);
  });

  it("lists the selected rows in the order shown", () => {
    const rows = ["d", "a", "c", "b"].map((key) => ({ key }));
    expect(selectedInOrder(rows, new Set(["b", "d"])).map((r) => r.key)).toEqual(["d", "b"]);
    expect(selectedInOrder(rows, new Set())).toEqual([]);
  });
});

const hex = (n: number) => n.toString(16).padStart(24, "0");
const PROJECT = "5f2000000000000000000001";
const TEAM = "5f3000000000000000000001";

function invitation(n: number, over: Partial<Invitation> = {}): Invitation {
  return {
    id: hex(n),
    source: "users",
    email: `person${n}@example.com`,
    orgRoles: ["ORG_MEMBER"],
    teamIds: [],
    projectRoles: [],
    inviter: null,
    createdAt: "2026-12-01T00:00:00Z",
    expiresAt: "2026-12-31T00:00:00Z",
    ...over,
  } as Invitation;
}

const noNames = new Map<string, string>();

describe("the bulk actions of each tab and what they send", () => {
  it("offers cancel, renew, add team, add project role and apply preset on Pending, re-invite on closed tabs, nothing on Accepted", () => {
    expect(bulkActionsFor("pending")).toEqual([
      "cancel",
      "renew",
      "add_team",
      "add_project_role",
      "apply_preset",
    ]);
    for (const tab of ["expired", "rejected", "cancelled"] as const)
      expect(bulkActionsFor(tab)).toEqual(["reinvite"]);
    expect(bulkActionsFor("accepted")).toEqual([]);
  });

  it("names pending invitations by their Atlas id, a legacy project invitation with its project", () => {
    const rows = toRows(
      [
        invitation(1),
        invitation(2, {
          source: "project",
          orgRoles: [],
          projectRoles: [{ projectId: PROJECT, roles: ["GROUP_READ_ONLY"] }],
        }),
      ],
      noNames,
      noNames,
    );
    const plan = planBulkAction(rows, "cancel", "inviter");
    expect(plan).toEqual({
      targets: [
        { id: hex(1), source: "users", email: "person1@example.com" },
        { id: hex(2), source: "project", email: "person2@example.com", projectId: PROJECT },
      ],
      refused: 0,
      legacy: 0,
      unsendable: 0,
    });
    const result = bulkActionBody("cancel", plan.targets);
    expect("body" in result && bulkActionInputSchema.parse(result.body)).toEqual({
      kind: "cancel",
      targets: plan.targets,
    });
  });

  it("counts what an inviter will see refused (privileged grants) but still sends it; an admin sees none", () => {
    const rows = toRows([invitation(1), invitation(2, { orgRoles: ["ORG_OWNER"] })], noNames, noNames);
    for (const kind of ["renew", "add_team", "add_project_role"] as const) {
      expect(planBulkAction(rows, kind, "inviter")).toMatchObject({ refused: 1 });
      expect(planBulkAction(rows, kind, "inviter").targets).toHaveLength(2);
      expect(planBulkAction(rows, kind, "admin").refused).toBe(0);
    }
    expect(planBulkAction(rows, "cancel", "inviter").refused).toBe(0);
    expect(bulkRowRefusal("inviter", "renew", ["ORG_BILLING_ADMIN"])).toMatch(/Only console admins/);
    expect(bulkRowRefusal("inviter", "reinvite", ["ORG_OWNER"])).toMatch(/Only console admins/);
    expect(bulkRowRefusal("admin", "reinvite", ["ORG_OWNER"])).toBeNull();
  });

  it("counts legacy project invitations as refused for renew and edits, not for cancel", () => {
    const legacy = invitation(3, {
      source: "project",
      orgRoles: [],
      projectRoles: [{ projectId: PROJECT, roles: ["GROUP_READ_ONLY"] }],
    });
    const rows = toRows([invitation(1), legacy], noNames, noNames);
    for (const kind of ["renew", "add_team", "add_project_role"] as const)
      expect(planBulkAction(rows, kind, "admin")).toMatchObject({ legacy: 1, refused: 0 });
    expect(planBulkAction(rows, "cancel", "admin").legacy).toBe(0);
  });

  it("re-invites ledger rows by ledger id and the Atlas id they had; a row without one is left out", () => {
    const entry = (n: number, atlasId: string | null): LedgerEntry => ({
      ...invitation(n),
      id: `0000000${n}-0000-4000-8000-000000000000`,
      status: "expired",
      statusChangedAt: "2026-12-02T00:00:00Z",
      atlasId,
      supersededBy: null,
    });
    const list = [entry(1, hex(11)), entry(2, null)];
    const rows = toRows(list, noNames, noNames);
    const entries = new Map(rows.map((r, i) => [r.key, list[i]!]));
    const plan = planBulkAction(rows, "reinvite", "inviter", entries);
    expect(plan.unsendable).toBe(1);
    expect(plan.targets).toEqual([
      { id: hex(11), source: "users", email: "person1@example.com", ledgerId: list[0]!.id },
    ]);
    const result = bulkActionBody("reinvite", plan.targets);
    expect("body" in result && bulkActionInputSchema.safeParse(result.body).success).toBe(true);
  });

  it("asks for the team, or the project and role, before sending", () => {
    const targets = planBulkAction(toRows([invitation(1)], noNames, noNames), "add_team", "admin").targets;
    expect(bulkActionBody("add_team", targets)).toEqual({ problem: "Choose a team." });
    const team = bulkActionBody("add_team", targets, { teamId: TEAM });
    expect("body" in team && bulkActionInputSchema.parse(team.body).teamId).toBe(TEAM);

    expect(bulkActionBody("apply_preset", targets)).toEqual({ problem: "Choose a preset." });
    const PRESET = "00000000-0000-4000-8000-000000000abc";
    const preset = bulkActionBody("apply_preset", targets, { presetId: PRESET });
    expect("body" in preset && bulkActionInputSchema.parse(preset.body).presetId).toBe(PRESET);

    expect(bulkActionBody("add_project_role", targets, {})).toEqual({ problem: "Choose a project." });
    expect(bulkActionBody("add_project_role", targets, { projectId: PROJECT })).toEqual({
      problem: "Choose a role.",
    });
    const role = bulkActionBody("add_project_role", targets, { projectId: PROJECT, role: "GROUP_OWNER" });
    expect("body" in role && bulkActionInputSchema.parse(role.body).projectRole).toEqual({
      projectId: PROJECT,
      role: "GROUP_OWNER",
    });
  });

  it("sends at most what one request takes (the schema's limit), and nothing when nothing can be sent", () => {
    const at = (n: number) =>
      Array.from({ length: n }, (_, i) => ({
        id: hex(i + 1),
        source: "users" as const,
        email: `p${i}@x.io`,
      }));
    const max = bulkActionBody("cancel", at(MAX_BULK_TARGETS));
    expect("body" in max && bulkActionInputSchema.safeParse(max.body).success).toBe(true);
    expect(bulkActionBody("cancel", at(MAX_BULK_TARGETS + 1))).toHaveProperty("problem");
    expect(
      bulkActionInputSchema.safeParse({ kind: "cancel", targets: at(MAX_BULK_TARGETS + 1) }).success,
    ).toBe(false);
    expect(bulkActionBody("cancel", [])).toHaveProperty("problem");
  });

  it("names the first five addresses and how many more", () => {
    const emails = Array.from({ length: 8 }, (_, i) => `p${i}@x.io`);
    expect(namedAddresses(emails)).toEqual({ named: emails.slice(0, 5), more: 3 });
    expect(namedAddresses(emails.slice(0, 2))).toEqual({ named: emails.slice(0, 2), more: 0 });
  });
});
