import "server-only";
import type { Role } from "@/lib/permissions";
import { grantsDiff, type Grants } from "@/lib/schemas/grants";
import type { InviteResult } from "@/lib/schemas/invitations";
import type { BulkKind } from "@/lib/schemas/onboarding";
import { isHttpError, mapError } from "../api/errors";
import { invitationsApi, readAnyInvitation } from "../atlas/invitations";
import type { AtlasHttp } from "../atlas/http";
import type { AuditActor } from "../audit";
import type { BulkRowRow } from "../db/schema";
import { cancelInvitation } from "../invitations/cancel-invitation";
import { createInvitations } from "../invitations/create-invitations";
import { editInvitation } from "../invitations/edit-invitation";
import { reinviteInvitation } from "../invitations/reinvite-invitation";
import { renewInvitation } from "../invitations/renew-invitation";
import { FINAL_OUTCOMES } from "./runs";
import type { InvitationSource } from "@/lib/schemas/invitations";

// One bulk row, sent through the same service as the dialog would (lib/server/invitations/*): the rules
// (privileged roles, guardrails, idempotency) and the audit rows are theirs, so no bulk path can skip them.

/** What became of one row: finished (done / failed / held), or to be tried again later (Atlas's budget). */
export type RowOutcome =
  | {
      kind: "finished";
      state: "done" | "failed" | "held";
      outcome: string;
      message?: string | null;
      atlasErrorCode?: string | null;
      httpStatus?: number | null;
      invitationId?: string | null;
      expiresAt?: string | null;
    }
  | { kind: "later"; retryAfterSeconds: number; rateLimited: boolean };

export interface RowContext {
  orgId: string;
  kind: BulkKind;
  actor: AuditActor;
  role: Role;
  http: AtlasHttp;
  /** The run's options (the action's team or project role). */
  options: Record<string, unknown>;
}

const RATE_CODES = new Set(["rate_limited", "atlas_rate_limited"]);

function fromInviteResult(r: InviteResult): RowOutcome {
  if (r.outcome === "invited") {
    return {
      kind: "finished",
      state: "done",
      outcome: "invited",
      invitationId: r.invitation?.id ?? null,
      expiresAt: r.invitation?.expiresAt ?? null,
      httpStatus: 201,
    };
  }
  const outcome = r.outcome as string;
  if (outcome === "awaiting_approval") {
    return {
      kind: "finished",
      state: "held",
      outcome,
      message: r.message ?? "Awaiting a second admin's approval.",
    };
  }
  if (r.outcome === "failed" && RATE_CODES.has(r.code ?? "")) {
    return { kind: "later", retryAfterSeconds: Math.max(1, r.retryAfter ?? 10), rateLimited: true };
  }
  if (r.outcome === "failed" && r.code === "unknown_outcome") {
    // Atlas did not confirm and nothing is visible yet: leave the row to be settled by a read (work-run.ts).
    return { kind: "later", retryAfterSeconds: 5, rateLimited: false };
  }
  return {
    kind: "finished",
    state: "failed",
    // Atlas refusing the request itself (invalid_input, forbidden) is kept as the outcome, as the bulk actions'
    // errors are (fromError): a retry cannot change it (FINAL_OUTCOMES in ./runs.ts).
    outcome: outcome === "failed" && r.code && FINAL_OUTCOMES.has(r.code) ? r.code : outcome,
    message: r.message ?? null,
    atlasErrorCode: r.atlasErrorCode ?? null,
    httpStatus: r.status ?? null,
  };
}

function fromError(e: unknown): RowOutcome {
  if (!isHttpError(e) && !(typeof e === "object" && e !== null && "failure" in e)) throw e;
  const mapped = mapError(e);
  const err = mapped.body.error;
  if (RATE_CODES.has(err.code)) {
    return { kind: "later", retryAfterSeconds: Math.max(1, err.retryAfter ?? 10), rateLimited: true };
  }
  return {
    kind: "finished",
    state: "failed",
    outcome: err.code,
    message: err.message,
    atlasErrorCode: err.atlasErrorCode ?? null,
    httpStatus: mapped.status,
  };
}

const target = (row: BulkRowRow) => {
  const t = row.target ?? {};
  return {
    id: t.id ?? "",
    source: (t.source ?? "users") as InvitationSource,
    projectId: t.projectId,
    ledgerId: t.ledgerId,
  };
};

function withAdded(g: Grants, options: Record<string, unknown>, kind: BulkKind): Grants {
  if (kind === "apply_preset") {
    const preset = (options.preset as { grants: Grants } | undefined)?.grants;
    if (preset) {
      return {
        orgRoles: [...preset.orgRoles],
        teamIds: [...preset.teamIds],
        projectRoles: preset.projectRoles.map((p) => ({ projectId: p.projectId, roles: [...p.roles] })),
      };
    }
  }
  const next: Grants = {
    orgRoles: [...g.orgRoles],
    teamIds: [...g.teamIds],
    projectRoles: g.projectRoles.map((p) => ({ projectId: p.projectId, roles: [...p.roles] })),
  };
  if (kind === "add_team" && typeof options.teamId === "string" && !next.teamIds.includes(options.teamId)) {
    next.teamIds.push(options.teamId);
  }
  const pr = options.projectRole as { projectId: string; role: string } | undefined;
  if (kind === "add_project_role" && pr) {
    const p = next.projectRoles.find((x) => x.projectId === pr.projectId);
    if (!p) next.projectRoles.push({ projectId: pr.projectId, roles: [pr.role] });
    else if (!p.roles.includes(pr.role)) p.roles.push(pr.role);
  }
  return next;
}

/** Sends one row. `key` is this attempt's idempotency key (a new one per attempt). */
export async function sendRow(ctx: RowContext, row: BulkRowRow, key: string): Promise<RowOutcome> {
  const { orgId, actor, role } = ctx;
  try {
    switch (ctx.kind) {
      case "import": {
        const g = row.grants!;
        const [r] = await createInvitations({
          orgId,
          input: {
            emails: row.email,
            orgRoles: g.orgRoles as never,
            teamIds: g.teamIds,
            projectRoles: g.projectRoles,
          },
          idempotencyKey: key,
          actor,
          role,
        });
        return fromInviteResult(r!);
      }
      case "cancel": {
        const t = target(row);
        await cancelInvitation({ orgId, id: t.id, source: t.source, projectId: t.projectId, actor });
        return { kind: "finished", state: "done", outcome: "cancelled", invitationId: t.id, httpStatus: 204 };
      }
      case "renew": {
        const t = target(row);
        const { invitation } = await renewInvitation({ orgId, id: t.id, source: t.source, actor, role });
        return {
          kind: "finished",
          state: "done",
          outcome: "renewed",
          invitationId: invitation.id,
          expiresAt: invitation.expiresAt,
          httpStatus: 201,
        };
      }
      case "reinvite": {
        const t = target(row);
        const g = row.grants!;
        const res = await reinviteInvitation({
          orgId,
          ledgerId: t.ledgerId ?? "",
          input: {
            emails: row.email,
            orgRoles: g.orgRoles as never,
            teamIds: g.teamIds,
            projectRoles: g.projectRoles,
          },
          idempotencyKey: key,
          actor,
          role,
        });
        return {
          kind: "finished",
          state: "done",
          outcome: "reinvited",
          invitationId: res.invitation.id,
          expiresAt: res.invitation.expiresAt,
          httpStatus: 201,
        };
      }
      case "add_team":
      case "add_project_role":
      case "apply_preset": {
        const t = target(row);
        const now = await readAnyInvitation(ctx.http, orgId, t.id);
        if (now.state !== "pending") {
          return {
            kind: "finished",
            state: "failed",
            outcome: now.state === "accepted" ? "accepted" : "gone",
            message:
              now.state === "accepted"
                ? "Accepted meanwhile: the person is a member now."
                : "No longer pending: cancelled, rejected or expired meanwhile.",
            httpStatus: 409,
          };
        }
        const after = withAdded(now.invitation, ctx.options, ctx.kind);
        if (!grantsDiff(now.invitation, after).changed) {
          return {
            kind: "finished",
            state: "done",
            outcome: "unchanged",
            message: "Already had it: nothing to change.",
            invitationId: t.id,
          };
        }
        const { invitation } = await editInvitation({
          orgId,
          id: t.id,
          input: { source: t.source, ...after, orgRoles: after.orgRoles as never },
          actor,
          role,
        });
        return {
          kind: "finished",
          state: "done",
          outcome: "updated",
          invitationId: invitation.id,
          httpStatus: 200,
        };
      }
    }
  } catch (e) {
    return fromError(e);
  }
}

/**
 * A row a dead worker left "sending": did its create reach Atlas? For an import, an invitation for the address
 * made since the row started is that create; for the other kinds the services are safe to call again (a cancel of
 * a cancelled invitation answers "no longer pending", renew finishes a half-done renew).
 */
export async function settleRow(ctx: RowContext, row: BulkRowRow): Promise<RowOutcome | null> {
  if (ctx.kind !== "import") return null;
  const found = await invitationsApi(ctx.http).findByEmail(ctx.orgId, row.email);
  if (!found) return null;
  const started = row.startedAt?.getTime() ?? 0;
  const created = Date.parse(found.createdAt);
  // Atlas's clock may differ from ours by a little: a minute's grace.
  if (Number.isFinite(created) && created < started - 60_000) {
    return {
      kind: "finished",
      state: "failed",
      outcome: "already_invited",
      message: "Already invited: a pending invitation exists for this address.",
      httpStatus: 409,
    };
  }
  return {
    kind: "finished",
    state: "done",
    outcome: "invited",
    message: "Settled after an interruption: Atlas has the invitation.",
    invitationId: found.id,
    expiresAt: found.expiresAt,
  };
}
