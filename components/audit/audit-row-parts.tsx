"use client";

import type { AuditNames, AuditRow } from "@/lib/schemas/audit";
import { readAuditGrants, type AuditGrants } from "@/lib/schemas/audit-grants";
import { orgRoleLabel, projectRoleLabel } from "@/lib/schemas/roles";
import { Badge } from "@/components/ui/badge";
import { None } from "@/components/ui/none";
import { DiffView } from "@/components/invitations/grants-diff-view";
import { actionLabel, OUTCOME_LABELS } from "@/lib/schemas/audit-labels";
import { directoryTokenOf } from "@/lib/directory-actor";

// The pieces of one audit row, shared by the wide table and the phone cards.

const OUTCOME_TONE = {
  success: "ok",
  failure: "danger",
  refused: "danger",
  unknown: "warn",
  pending: "warn",
  noop: "neutral",
} as const;

/** A name when one is known (the id on hover), else the id itself in monospace. */
function Named({ id, name }: { id: string; name: string | undefined }) {
  return name ? <span title={id}>{name}</span> : <span className="font-mono text-xs break-all">{id}</span>;
}

export function Outcome({ row }: { row: AuditRow }) {
  return <Badge tone={OUTCOME_TONE[row.outcome]}>{OUTCOME_LABELS[row.outcome]}</Badge>;
}

export function ActionName({ row }: { row: AuditRow }) {
  const label = actionLabel(row.action);
  return (
    <span className="font-medium" title={row.action}>
      {label}
    </span>
  );
}

export function Who({ row }: { row: AuditRow }) {
  return (
    <>
      <div className="truncate" title={row.userEmail ?? undefined}>
        {directoryTokenOf(row.userEmail) !== null ? (
          <span>
            From the directory{" "}
            <span className="text-xs text-muted">
              (token &lsquo;{directoryTokenOf(row.userEmail)}&rsquo;)
            </span>
          </span>
        ) : (
          (row.userEmail ?? (
            // No person and no address: the console acted on its own (an automatic org route, the reconciler).
            <span className="text-muted">{row.ip ? "anonymous" : "the console (automatic)"}</span>
          ))
        )}
      </div>
      {row.tokenName !== null ? (
        <div className="truncate text-xs text-muted" title={`API token "${row.tokenName}"`}>
          via token &lsquo;{row.tokenName}&rsquo;
        </div>
      ) : null}
      {row.ip ? <div className="truncate text-xs text-muted">{row.ip}</div> : null}
    </>
  );
}

/** Who or what was acted on: the person, the connection (for connection rows), and the org. */
export function Target({ row, names }: { row: AuditRow; names: AuditNames }) {
  const isConnectionRow = row.action.startsWith("connection.");
  let main;
  if (isConnectionRow && row.connectionId) {
    main = (
      <div className="break-words">
        <span className="text-muted">Connection </span>
        <Named id={row.connectionId} name={names.connections[row.connectionId]} />
      </div>
    );
  } else if (row.targetEmail) {
    main = (
      <div className="truncate" title={row.targetEmail}>
        {row.targetEmail}
      </div>
    );
  } else if (row.targetId) {
    main = <span className="font-mono text-xs break-all">{row.targetId}</span>;
  } else main = <None />;
  return (
    <>
      {main}
      {row.orgId ? (
        <div className="text-xs text-muted">
          in <Named id={row.orgId} name={names.orgs[row.orgId]} />
        </div>
      ) : null}
      {!isConnectionRow && row.connectionId ? (
        <div className="text-xs text-muted">
          via <Named id={row.connectionId} name={names.connections[row.connectionId]} />
        </div>
      ) : null}
    </>
  );
}

/** Org roles, teams and project roles by name (ids where no name is known); an edit as its + / − lines. */
function GrantsList({ grants, names }: { grants: AuditGrants | null; names: AuditNames }) {
  if (!grants) return null;
  if (grants.kind === "change") {
    return (
      <DiffView
        compact
        diff={grants.diff}
        teamName={(id) => names.teams[id] ?? id}
        projectName={(id) => names.projects[id] ?? id}
      />
    );
  }
  const g = grants.grants;
  const items = [];
  if (g.orgRoles.length) {
    items.push(
      <li key="org">
        <span className="text-muted">Org: </span>
        {g.orgRoles.map(orgRoleLabel).join(", ")}
      </li>,
    );
  }
  if (g.teamIds.length) {
    items.push(
      <li key="teams">
        <span className="text-muted">Teams: </span>
        {g.teamIds.map((t, i) => (
          <span key={t}>
            {i > 0 ? ", " : null}
            <Named id={t} name={names.teams[t]} />
          </span>
        ))}
      </li>,
    );
  }
  for (const p of g.projectRoles) {
    items.push(
      <li key={`p-${p.projectId}`}>
        <Named id={p.projectId} name={names.projects[p.projectId]} />
        <span className="text-muted">: </span>
        {p.roles.map(projectRoleLabel).join(", ")}
      </li>,
    );
  }
  return <ul className="flex flex-col gap-0.5 break-words">{items}</ul>;
}

/** Grants, the Atlas answer and the free-text detail, whichever the row has. */
export function Details({ row, names }: { row: AuditRow; names: AuditNames }) {
  const read = readAuditGrants(row.grants);
  const grants = <GrantsList grants={read} names={names} />;
  const atlas =
    row.atlasStatus !== null || row.atlasErrorCode ? (
      <div className="text-xs">
        <span className="text-muted">Atlas </span>
        {row.atlasStatus ?? ""}
        {row.atlasErrorCode ? <span className="font-mono break-all"> {row.atlasErrorCode}</span> : null}
      </div>
    ) : null;
  const detail = row.detail ? (
    <div className="line-clamp-3 text-xs break-words text-muted" title={row.detail}>
      {row.detail}
    </div>
  ) : null;
  if (!read && !atlas && !detail) return <None />;
  return (
    <div className="flex min-w-0 flex-col gap-1">
      {grants}
      {atlas}
      {detail}
    </div>
  );
}
