// The list's checkboxes as React renders them (components/invitations/invitations-table.tsx with a selection
// from components/invitations/selection.ts): the header's "Select all N matching" in its three states, a named
// checkbox per row (table row and phone card), and none at all without a selection (viewers, the Accepted
// tab). The table's body is virtual and renders no row on the server, so rows are rendered one by one.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { SessionProvider } from "@/components/auth/session-context";
import { InvitationCardRow } from "@/components/invitations/invitation-card-row";
import { InvitationRowView } from "@/components/invitations/invitation-row";
import { InvitationsTable } from "@/components/invitations/invitations-table";
import type { RowSelection } from "@/components/invitations/use-row-selection";
import { toRows } from "@/lib/invitations/list-model";
import type { Invitation } from "@/lib/schemas/invitations";

const hex = (n: number) => n.toString(16).padStart(24, "0");
const invitations: Invitation[] = [1, 2, 3].map((n) => ({
  id: hex(n),
  source: "users",
  email: `person${n}@example.com`,
  orgRoles: ["ORG_MEMBER"],
  teamIds: [],
  projectRoles: [],
  inviter: null,
  createdAt: "2026-12-01T00:00:00Z",
  expiresAt: "2026-12-31T00:00:00Z",
}));
const rows = toRows(invitations, new Map(), new Map());
const noop = () => undefined;

const user = { email: "inviter@example.com", name: "inviter", role: "inviter" as const };

function renderRow(view: typeof InvitationRowView, index: number, selected: boolean | undefined): string {
  const row = createElement(view, {
    row: rows[index]!,
    rowIndex: index + 2,
    now: Date.parse("2026-12-06T00:00:00Z"),
    pending: false,
    onCancel: noop,
    tab: "pending",
    onOpen: noop,
    onReinvite: noop,
    ...(selected === undefined ? {} : { selected, onSelect: noop }),
  });
  const table = createElement("table", null, createElement("tbody", null, row));
  return renderToStaticMarkup(createElement(SessionProvider, { user, children: table }));
}

function render(selection: RowSelection | undefined): string {
  const table = createElement(InvitationsTable, {
    rows,
    sort: "created",
    dir: "desc",
    onSort: noop,
    onCancel: noop,
    pendingIds: new Set<string>(),
    now: Date.parse("2026-12-06T00:00:00Z"),
    resetKey: "",
    tab: "pending",
    label: "Pending invitations",
    onOpen: noop,
    onReinvite: noop,
    selection,
  });
  return renderToStaticMarkup(createElement(SessionProvider, { user, children: table }));
}

const selection = (keys: string[]): RowSelection => ({
  keys: new Set(keys),
  count: keys.length,
  total: rows.length,
  toggle: noop,
  selectAll: noop,
  clear: noop,
});

/** The checkbox named `name`, as its opening tag. */
const checkbox = (html: string, name: string) =>
  new RegExp(`<button[^>]*role="checkbox"[^>]*aria-label="${name}"[^>]*>`).exec(html)?.[0] ??
  new RegExp(`<button[^>]*aria-label="${name}"[^>]*role="checkbox"[^>]*>`).exec(html)?.[0];

describe("the invitations table's checkboxes", () => {
  it("names each row's checkbox by its address and reflects the selection, in the table and on a card", () => {
    for (const view of [InvitationRowView, InvitationCardRow]) {
      expect(checkbox(renderRow(view, 0, false), "Select person1@example.com")).toMatch(
        /aria-checked="false"/,
      );
      expect(checkbox(renderRow(view, 1, true), "Select person2@example.com")).toMatch(/aria-checked="true"/);
      expect(renderRow(view, 0, undefined)).not.toContain('role="checkbox"');
    }
    expect(checkbox(render(selection([rows[1]!.key])), "Select all 3 matching")).toMatch(
      /aria-checked="mixed"/,
    );
  });

  it("checks the header when every matching row is selected, and clears it when none is", () => {
    expect(checkbox(render(selection(rows.map((r) => r.key))), "Select all 3 matching")).toMatch(
      /aria-checked="true"/,
    );
    expect(checkbox(render(selection([])), "Select all 3 matching")).toMatch(/aria-checked="false"/);
  });

  it("has no checkbox without a selection (a viewer, the Accepted tab)", () => {
    const html = render(undefined);
    expect(html).toContain("Pending invitations, 3 rows");
    expect(html).not.toContain('role="checkbox"');
  });
});
