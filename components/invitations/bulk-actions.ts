// Bulk actions on selected invitations (lib/schemas/bulk.ts bulkActionInputSchema): which fit each tab, what
// the confirmation says about them, and the request body. Pure, so that the rules are tested without a DOM.

import { invitationChangeRefusal, privilegedInvitationRefusal, type Role } from "@/lib/permissions";
import type { BulkActionInput, BulkTarget } from "@/lib/schemas/bulk";
import { formatCount } from "./bulk-tabs";
import { ATLAS_ID } from "@/lib/schemas/atlas-id";
import type { LedgerEntry } from "@/lib/schemas/ledger-api";
import type { InvitationRow } from "@/lib/invitations/list-model";

export type BulkActionKind = BulkActionInput["kind"];
export { bulkActionsFor, formatCount } from "./bulk-tabs";

/** The most targets one request carries (the `max` of bulkActionInputSchema.targets in lib/schemas/bulk.ts). */
export const MAX_BULK_TARGETS = 5_000;

/** How many addresses the confirmation names before "and N more". */
export const NAMED_IN_CONFIRM = 5;

interface BulkActionSpec {
  /** The bar's button. */
  label: string;
  /** The dialog's title: "Cancel 12 invitations?". */
  title: (count: number) => string;
  confirmLabel: string;
  description: string;
  /** The toast once the run has started. */
  started: (count: number) => string;
}

const invitations = (n: number) => `${formatCount(n)} ${n === 1 ? "invitation" : "invitations"}`;
const people = (n: number) => `${formatCount(n)} ${n === 1 ? "person" : "people"}`;

export const BULK_ACTION_SPECS: Record<BulkActionKind, BulkActionSpec> = {
  cancel: {
    label: "Cancel invitations",
    title: (n) => `Cancel ${invitations(n)}?`,
    confirmLabel: "Cancel invitations",
    description: "Their links stop working. This cannot be undone, but you can invite them again.",
    started: (n) => `Cancelling ${invitations(n)}.`,
  },
  renew: {
    label: "Renew",
    title: (n) => `Renew ${invitations(n)}?`,
    confirmLabel: "Renew invitations",
    description: "Each is sent again with the same roles and teams, valid for 30 days from now.",
    started: (n) => `Renewing ${invitations(n)}.`,
  },
  reinvite: {
    label: "Re-invite",
    title: (n) => `Re-invite ${people(n)}?`,
    confirmLabel: "Re-invite",
    description: "A new invitation goes to each address, with the roles and teams it had.",
    started: (n) => `Re-inviting ${people(n)}.`,
  },
  add_team: {
    label: "Add team",
    title: (n) => `Add a team to ${invitations(n)}`,
    confirmLabel: "Add team",
    description: "The team is added to each invitation; its other roles and teams stay.",
    started: (n) => `Adding the team to ${invitations(n)}.`,
  },
  apply_preset: {
    label: "Apply preset",
    title: (n) => `Apply a preset to ${invitations(n)}`,
    confirmLabel: "Apply preset",
    description: "Each invitation gets the preset's org roles, teams and project roles, in place of its own.",
    started: (n) => `Applying the preset to ${invitations(n)}.`,
  },
  add_project_role: {
    label: "Add project role",
    title: (n) => `Add a project role to ${invitations(n)}`,
    confirmLabel: "Add project role",
    description: "The role is added to each invitation; its other roles and teams stay.",
    started: (n) => `Adding the project role to ${invitations(n)}.`,
  },
};

/**
 * Why the server will refuse `kind` on an invitation granting `orgRoles` for `role`, or null. Renewing and
 * editing one that grants a privileged org role take an admin (lib/permissions.ts invitationChangeRefusal);
 * a re-invite sends those roles again, which takes an admin too. Cancelling is any inviter's.
 */
export function bulkRowRefusal(role: Role, kind: BulkActionKind, orgRoles: readonly string[]): string | null {
  switch (kind) {
    case "cancel":
      return null;
    case "renew":
      return invitationChangeRefusal(role, "renew", orgRoles);
    case "add_team":
    case "add_project_role":
    case "apply_preset":
      return invitationChangeRefusal(role, "edit", orgRoles);
    case "reinvite":
      return privilegedInvitationRefusal(role, orgRoles, "change");
  }
}

/** Legacy project invitations can be cancelled only (components/invitations/row-actions.tsx says why). */
export function isLegacyRefusal(kind: BulkActionKind, source: string): boolean {
  return source === "project" && kind !== "cancel" && kind !== "reinvite";
}

export interface BulkPlan {
  targets: BulkTarget[];
  /** Selected rows the server will refuse (privileged grants, for an inviter): sent anyway, refused per row. */
  refused: number;
  /** Legacy project invitations, which cannot be renewed or edited: sent anyway, refused per row. */
  legacy: number;
  /** Ledger rows without a recorded Atlas id: the request cannot name them, so they are left out. */
  unsendable: number;
}

/**
 * The targets of `rows` (in the order shown): a pending invitation by its Atlas id (and its project, for a
 * legacy project invitation); a ledger row by its ledger id and the Atlas id it had.
 */
export function planBulkAction(
  rows: readonly InvitationRow[],
  kind: BulkActionKind,
  role: Role,
  entries?: ReadonlyMap<string, LedgerEntry>,
): BulkPlan {
  const targets: BulkTarget[] = [];
  let refused = 0;
  let legacy = 0;
  let unsendable = 0;
  for (const row of rows) {
    const inv = row.invitation;
    const entry = entries?.get(row.key);
    const id = entry ? entry.atlasId : inv.id;
    if (!id || !ATLAS_ID.test(id)) {
      unsendable++;
      continue;
    }
    if (isLegacyRefusal(kind, inv.source)) legacy++;
    else if (bulkRowRefusal(role, kind, inv.orgRoles)) refused++;
    const projectId = inv.source === "project" ? inv.projectRoles[0]?.projectId : undefined;
    targets.push({
      id,
      source: inv.source,
      email: inv.email,
      ...(projectId ? { projectId } : {}),
      ...(entry ? { ledgerId: entry.id } : {}),
    });
  }
  return { targets, refused, legacy, unsendable };
}

/** What the dialog still needs before it can send: the team, or the project and role. */
export interface BulkActionChoice {
  teamId?: string;
  presetId?: string;
  projectId?: string;
  role?: string;
}

/** The request body, or why it cannot be sent yet (shown beside the confirm button). */
export function bulkActionBody(
  kind: BulkActionKind,
  targets: readonly BulkTarget[],
  choice: BulkActionChoice = {},
): { body: BulkActionInput } | { problem: string } {
  if (targets.length === 0) return { problem: "None of the selected invitations can be sent." };
  if (targets.length > MAX_BULK_TARGETS) {
    return {
      problem: `One bulk action takes at most ${formatCount(MAX_BULK_TARGETS)} invitations: narrow the search or filters.`,
    };
  }
  const base = { kind, targets: [...targets] };
  if (kind === "add_team") {
    if (!choice.teamId) return { problem: "Choose a team." };
    return { body: { ...base, teamId: choice.teamId } };
  }
  if (kind === "apply_preset") {
    if (!choice.presetId) return { problem: "Choose a preset." };
    return { body: { ...base, presetId: choice.presetId } };
  }
  if (kind === "add_project_role") {
    if (!choice.projectId) return { problem: "Choose a project." };
    if (!choice.role) return { problem: "Choose a role." };
    return { body: { ...base, projectRole: { projectId: choice.projectId, role: choice.role } } };
  }
  return { body: base };
}

/** "a@x.io, b@y.io, … and 7 more": the first few addresses of the selection, in the order shown. */
export function namedAddresses(
  emails: readonly string[],
  shown = NAMED_IN_CONFIRM,
): {
  named: string[];
  more: number;
} {
  return { named: emails.slice(0, shown), more: Math.max(0, emails.length - shown) };
}
