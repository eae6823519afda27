"use client";

import type { ReactNode } from "react";
import type { AuditNames, AuditRow } from "@/lib/schemas/audit";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { StatePanel } from "@/components/ui/state-panel";
import { ActionName, Details, Outcome, Target, Who } from "./audit-row-parts";
import { AuditTime } from "./audit-time";

// Wide screens: a fixed-layout table that fits its container (long values wrap, never widen the page).
// Below the lg breakpoint each row is a card.
const COLUMNS: [string, string][] = [
  ["Time", "w-44"],
  ["Console user", "w-[18%]"],
  ["Action", "w-[15%]"],
  ["Target", "w-[22%]"],
  ["Details", ""],
  ["Outcome", "w-24"],
];

function Frame({ children, busy }: { children: ReactNode; busy?: boolean }) {
  return (
    <div
      role="region"
      aria-label="Audit log"
      aria-busy={busy || undefined}
      className="min-w-0 rounded-lg border border-line bg-surface"
    >
      {children}
    </div>
  );
}

function Head() {
  return (
    <>
      <colgroup>
        {COLUMNS.map(([h, w]) => (
          <col key={h} className={w} />
        ))}
      </colgroup>
      <thead className="bg-subtle text-left text-xs font-semibold tracking-wide text-muted uppercase">
        <tr>
          {COLUMNS.map(([h]) => (
            <th key={h} scope="col" className="border-b border-line px-3 py-2">
              {h}
            </th>
          ))}
        </tr>
      </thead>
    </>
  );
}

function Cards({ rows, names }: { rows: AuditRow[]; names: AuditNames }) {
  return (
    <ul className="divide-y divide-line lg:hidden" aria-label="Audit log rows, newest first">
      {rows.map((r) => (
        <li key={r.id} className="flex min-w-0 flex-col gap-1.5 px-3 py-3 text-sm">
          <div className="flex flex-wrap items-center justify-between gap-x-3 gap-y-1">
            <ActionName row={r} />
            <Outcome row={r} />
          </div>
          <div className="text-xs text-muted">
            <AuditTime iso={r.createdAt} />
          </div>
          <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-3 gap-y-1">
            <dt className="text-xs text-muted">By</dt>
            <dd className="min-w-0">
              <Who row={r} />
            </dd>
            <dt className="text-xs text-muted">Target</dt>
            <dd className="min-w-0">
              <Target row={r} names={names} />
            </dd>
            <dt className="text-xs text-muted">Details</dt>
            <dd className="min-w-0">
              <Details row={r} names={names} />
            </dd>
          </dl>
        </li>
      ))}
    </ul>
  );
}

export function AuditTable({ rows, names }: { rows: AuditRow[]; names: AuditNames }) {
  return (
    <Frame>
      <Cards rows={rows} names={names} />
      <table className="hidden w-full table-fixed border-separate border-spacing-0 text-sm lg:table">
        <caption className="sr-only">Audit log rows, newest first</caption>
        <Head />
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} className="align-top hover:bg-subtle/60 [&>td]:border-b [&>td]:border-line">
              <td className="px-3 py-2 text-xs">
                <AuditTime iso={r.createdAt} />
              </td>
              <td className="min-w-0 px-3 py-2">
                <Who row={r} />
              </td>
              <td className="px-3 py-2 break-words">
                <ActionName row={r} />
              </td>
              <td className="min-w-0 px-3 py-2">
                <Target row={r} names={names} />
              </td>
              <td className="min-w-0 px-3 py-2">
                <Details row={r} names={names} />
              </td>
              <td className="px-3 py-2">
                <Outcome row={r} />
              </td>
            </tr>
          ))}
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
      <table aria-hidden="true" className="w-full table-fixed border-separate border-spacing-0">
        <Head />
        <tbody>
          {Array.from({ length: rows }, (_, r) => (
            <tr key={r} className="[&>td]:border-b [&>td]:border-line">
              {COLUMNS.map(([h], i) => (
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
