"use client";

import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import type { MigrateResult, SunsetItem } from "@/lib/schemas/sunset";
import type { Names } from "./sunset-text";
import { grantLines } from "./sunset-text";

const ACTION_LABEL: Record<SunsetItem["replacement"]["action"], string> = {
  create: "New users-API invitation",
  merge: "Added to their org invitation",
  adopt: "Taken over by the users API",
  blocked: "Cannot migrate",
};

function Grants({ lines, label }: { lines: string[]; label: string }) {
  return (
    <div className="min-w-0">
      <p className="text-xs font-medium text-muted">{label}</p>
      <ul className="mt-0.5 space-y-0.5 text-sm break-words">
        {lines.length ? lines.map((l) => <li key={l}>{l}</li>) : <li className="text-muted">No grants</li>}
      </ul>
    </div>
  );
}

const RESULT_TONE = { migrated: "ok", partial: "warn", failed: "danger", skipped: "neutral" } as const;
const RESULT_LABEL = {
  migrated: "Migrated",
  partial: "Half done",
  failed: "Failed",
  skipped: "Skipped",
} as const;

/** One legacy invitation: what it grants now, what replaces it, and its own Migrate button and result. */
export function SunsetItemRow({
  item,
  names,
  canMigrate,
  disabledReason,
  pending,
  result,
  onMigrate,
}: {
  item: SunsetItem;
  names: Names;
  canMigrate: boolean;
  disabledReason: string | null;
  pending: boolean;
  result: MigrateResult | undefined;
  onMigrate: (item: SunsetItem) => void;
}) {
  const blocked = item.replacement.action === "blocked";
  const where = item.kind === "project" && item.projectId ? ` · ${names.project(item.projectId)}` : "";
  return (
    <li
      className="rounded-lg border border-line bg-surface p-3 sm:p-4"
      aria-label={`${item.email}, ${item.kind === "project" ? "legacy project invitation" : "legacy org invitation"}`}
    >
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <p className="font-medium break-all">{item.email}</p>
          <p className="mt-0.5 flex flex-wrap items-center gap-1.5 text-xs text-muted">
            <Badge tone={item.kind === "project" ? "warn" : "neutral"}>
              {item.kind === "project" ? "Legacy project invitation" : "Legacy org invitation"}
            </Badge>
            <span>{where.replace(/^ · /, "")}</span>
            {item.halfDone ? <Badge tone="warn">Half done: replacement exists</Badge> : null}
          </p>
        </div>
        <Button
          size="sm"
          variant={item.halfDone ? "primary" : "secondary"}
          pending={pending}
          disabled={!canMigrate || blocked}
          aria-describedby={
            blocked
              ? `sunset-note-${item.id}`
              : !canMigrate && disabledReason
                ? "sunset-migrate-refused"
                : undefined
          }
          aria-label={`${item.halfDone ? "Finish migrating" : "Migrate"} ${item.email}`}
          onClick={() => onMigrate(item)}
        >
          {item.halfDone ? "Finish" : "Migrate"}
        </Button>
      </div>
      <div className="mt-3 grid gap-3 sm:grid-cols-2">
        <Grants label="Now (legacy API)" lines={grantLines(item.grants, names)} />
        <Grants
          label={`After: ${ACTION_LABEL[item.replacement.action]}`}
          lines={grantLines(item.replacement.grants, names)}
        />
      </div>
      <p id={`sunset-note-${item.id}`} className="mt-2 text-xs text-muted">
        {item.replacement.note}
      </p>
      {result ? (
        <p className="mt-2 flex flex-wrap items-center gap-1.5 text-sm" role="status">
          <Badge tone={RESULT_TONE[result.outcome]}>{RESULT_LABEL[result.outcome]}</Badge>
          <span>{result.message}</span>
        </p>
      ) : null}
    </li>
  );
}
