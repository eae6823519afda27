"use client";

import type { ReactNode } from "react";
import type { AuditRow } from "@/lib/schemas/audit";
import { formatUtc } from "@/lib/format";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { StatePanel } from "@/components/ui/state-panel";

const HEAD = ["Time (UTC)", "Console user", "Action", "Target", "Grants", "Outcome", "Atlas", "Detail"];

const OUTCOME_TONE = {
  success: "ok",
  failure: "danger",
  refused: "danger",
  unknown: "warn",
  pending: "warn",
  noop: "neutral",
} as const;

function None() {
  return (
    <>
      <span aria-hidden="true" className="text-muted">
        —
      </span>
      <span className="sr-only">None</span>
    </>
  );
}

/** Org roles, teams and project roles of an invitation in one readable line (the JSON is in the CSV). */
export function grantsText(grants: unknown): string {
  if (!grants || typeof grants !== "object") return "";
  const g = grants as {
    orgRoles?: string[];
    teamIds?: string[];
    projectRoles?: { projectId: string; roles: string[] }[];
  };
  const parts: string[] = [];
  if (g.orgRoles?.length) parts.push(g.orgRoles.join(", "));
  if (g.teamIds?.length) parts.push(`teams ${g.teamIds.join(", ")}`);
  for (const p of g.projectRoles ?? []) parts.push(`${p.projectId}: ${p.roles.join(", ")}`);
  return parts.join("; ");
}

function Frame({ children, busy }: { children: ReactNode; busy?: boolean }) {
  return (
    <div
      role="region"
      aria-label="Audit log"
      aria-busy={busy || undefined}
      className="overflow-x-auto rounded-lg border border-line bg-surface"
    >
      {children}
    </div>
  );
}

function Head() {
  return (
    <thead className="bg-subtle text-left text-xs font-semibold tracking-wide text-muted uppercase">
      <tr>
        {HEAD.map((h) => (
          <th key={h} scope="col" className="border-b border-line px-3 py-2 whitespace-nowrap">
            {h}
          </th>
        ))}
      </tr>
    </thead>
  );
}

export function AuditTable({ rows }: { rows: AuditRow[] }) {
  return (
    <Frame>
      <table className="w-full min-w-[960px] border-separate border-spacing-0 text-sm">
        <caption className="sr-only">Audit log rows, newest first</caption>
        <Head />
        <tbody>
          {rows.map((r) => {
            const grants = grantsText(r.grants);
            return (
              <tr key={r.id} className="align-top hover:bg-subtle/60 [&>td]:border-b [&>td]:border-line">
                <td className="px-3 py-2 whitespace-nowrap">
                  <time dateTime={r.createdAt}>{formatUtc(Date.parse(r.createdAt))}</time>
                </td>
                <td className="px-3 py-2">
                  <div className="max-w-48 truncate" title={r.userEmail ?? undefined}>
                    {r.userEmail ?? <None />}
                  </div>
                  {r.ip ? <div className="text-xs text-muted">{r.ip}</div> : null}
                </td>
                <td className="px-3 py-2 font-mono text-xs whitespace-nowrap">{r.action}</td>
                <td className="px-3 py-2">
                  <div className="max-w-56 truncate" title={r.targetEmail ?? r.targetId ?? undefined}>
                    {r.targetEmail ?? r.targetId ?? <None />}
                  </div>
                  {r.orgId ? <div className="font-mono text-xs text-muted">org {r.orgId}</div> : null}
                </td>
                <td className="px-3 py-2">
                  {grants ? (
                    <div className="line-clamp-2 max-w-64 break-words" title={grants}>
                      {grants}
                    </div>
                  ) : (
                    <None />
                  )}
                </td>
                <td className="px-3 py-2">
                  <Badge tone={OUTCOME_TONE[r.outcome]}>{r.outcome}</Badge>
                </td>
                <td className="px-3 py-2 whitespace-nowrap">
                  {r.atlasStatus === null && !r.atlasErrorCode ? (
                    <None />
                  ) : (
                    <>
                      {r.atlasStatus ?? ""}
                      {r.atlasErrorCode ? (
                        <div className="font-mono text-xs text-muted">{r.atlasErrorCode}</div>
                      ) : null}
                    </>
                  )}
                </td>
                <td className="px-3 py-2">
                  {r.detail ? (
                    <div className="line-clamp-2 max-w-72 break-words" title={r.detail}>
                      {r.detail}
                    </div>
                  ) : (
                    <None />
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </Frame>
  );
}

export function AuditSkeleton({ rows = 10 }: { rows?: number }) {
  return (
    <Frame busy>
      <span className="sr-only" role="status">
        Loading the audit log…
      </span>
      <table aria-hidden="true" className="w-full min-w-[960px] border-separate border-spacing-0">
        <Head />
        <tbody>
          {Array.from({ length: rows }, (_, r) => (
            <tr key={r} className="[&>td]:border-b [&>td]:border-line">
              {HEAD.map((h, i) => (
                <td key={h} className="px-3 py-3">
                  <Skeleton className={i % 2 ? "h-3.5 w-3/4" : "h-3.5 w-4/5"} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </Frame>
  );
}

function Panel({ children }: { children: ReactNode }) {
  return (
    <div className="flex min-h-64 items-center justify-center rounded-lg border border-line bg-surface">
      {children}
    </div>
  );
}

export function AuditEmpty({ filtered, onClear }: { filtered: boolean; onClear: () => void }) {
  return (
    <Panel>
      {filtered ? (
        <StatePanel
          role="status"
          title="No audit rows match the filters"
          action={<Button onClick={onClear}>Clear filters</Button>}
        >
          Widen the time range or clear a filter.
        </StatePanel>
      ) : (
        <StatePanel role="status" title="No audit rows yet">
          Every invitation, cancellation, sign-in and settings change made through the console will be listed
          here, with the console user behind it.
        </StatePanel>
      )}
    </Panel>
  );
}

export function AuditError({
  message,
  retrying,
  onRetry,
}: {
  message: string;
  retrying: boolean;
  onRetry: () => void;
}) {
  return (
    <Panel>
      <StatePanel
        role="alert"
        tone="danger"
        title="The audit log could not be loaded"
        action={
          <Button variant="primary" pending={retrying} onClick={onRetry}>
            Retry
          </Button>
        }
      >
        {message}
      </StatePanel>
    </Panel>
  );
}
