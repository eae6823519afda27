"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo, useRef, useState } from "react";
import { usePermission } from "@/components/auth/session-context";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DisabledReason } from "@/components/ui/disabled-reason";
import { Email } from "@/components/ui/email";
import { RetryButton } from "@/components/ui/retry-button";
import { Skeleton } from "@/components/ui/skeleton";
import { StatePanel } from "@/components/ui/state-panel";
import { ApiError } from "@/lib/api-client/errors";
import { withOrg } from "@/lib/search-params/org";
import { projectsQuery, teamsQuery } from "@/lib/api-client/orgs/queries";
import { sunsetQuery } from "@/lib/api-client/sunset/queries";
import { useMigrateLegacy } from "@/lib/api-client/sunset/mutations";
import type { MigrateResult, SunsetItem } from "@/lib/schemas/sunset";
import { SunsetItemRow } from "./sunset-item-row";
import type { Names } from "./sunset-text";
import { daysLeftText, migrateConfirmText, migrateConsequences, plural, sunsetDate } from "./sunset-text";

/** Migrate-all sends this many ids per request, so the page can show progress and each row's result. */
const CHUNK = 5;

function useNames(orgId: string): Names {
  const teams = useQuery(teamsQuery(orgId));
  const projects = useQuery(projectsQuery(orgId));
  return useMemo(() => {
    const t = new Map(teams.data?.teams.map((x) => [x.id, x.name]));
    const p = new Map(projects.data?.projects.map((x) => [x.id, x.name]));
    return { team: (id) => t.get(id) ?? id, project: (id) => p.get(id) ?? id };
  }, [teams.data, projects.data]);
}

/** The Sunset readiness page: what in this org depends on the legacy invitations API, and its migration. */
export function SunsetView({ orgId }: { orgId: string }) {
  const readiness = useQuery(sunsetQuery(orgId));
  const names = useNames(orgId);
  const permission = usePermission("invitations.migrate");
  const migrate = useMigrateLegacy(orgId);
  const [pendingIds, setPendingIds] = useState<ReadonlySet<string>>(new Set());
  const [results, setResults] = useState<ReadonlyMap<string, MigrateResult>>(new Map());
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [confirmAll, setConfirmAll] = useState(false);
  // One Migrate also asks first: it can send a new Atlas e-mail and make a project-only invitee an org member.
  const [confirmOne, setConfirmOne] = useState<SunsetItem | null>(null);
  const allButton = useRef<HTMLButtonElement>(null);

  const run = async (ids: string[]) => {
    setPendingIds((s) => new Set([...s, ...ids]));
    try {
      const { results: out } = await migrate.mutateAsync({ ids });
      setResults((m) => new Map([...m, ...out.map((r) => [r.id, r] as const)]));
      return out;
    } finally {
      setPendingIds((s) => new Set([...s].filter((id) => !ids.includes(id))));
    }
  };

  /** Resolves once answered (each row's result is shown on its row); a refused request rejects, for the dialog. */
  const migrateOne = async (item: SunsetItem) => {
    await run([item.id]);
  };

  const data = readiness.data;
  const movable = data?.items.filter((i) => i.replacement.action !== "blocked") ?? [];
  const people = new Set(movable.map((i) => i.email.toLowerCase())).size;

  const migrateAll = async () => {
    const ids = movable.map((i) => i.id);
    setProgress({ done: 0, total: ids.length });
    for (let i = 0; i < ids.length; i += CHUNK) {
      await run(ids.slice(i, i + CHUNK));
      setProgress({ done: Math.min(i + CHUNK, ids.length), total: ids.length });
    }
  };

  if (readiness.isPending) {
    return (
      <div className="space-y-3" role="status" aria-busy="true" aria-label="Loading the sunset readiness">
        <Skeleton className="h-7 w-56" />
        <Skeleton className="h-4 w-80 max-w-full" />
        {[0, 1, 2].map((i) => (
          <Skeleton key={i} className="h-32 w-full" />
        ))}
      </div>
    );
  }
  if (readiness.isError) {
    return (
      <StatePanel
        title="The sunset readiness could not be read"
        tone="danger"
        role="alert"
        action={
          <RetryButton
            error={readiness.error}
            pending={readiness.isFetching}
            onClick={() => void readiness.refetch()}
          />
        }
      >
        {readiness.error instanceof ApiError ? readiness.error.message : "The console did not answer."}
      </StatePanel>
    );
  }
  const r = readiness.data;
  const allText = migrateConfirmText(movable, r.clock.sunsetAt);
  const oneText = confirmOne ? migrateConfirmText([confirmOne], r.clock.sunsetAt) : null;
  const summary = [...results.values()];
  const failed = summary.filter((x) => x.outcome === "failed" || x.outcome === "partial").length;
  return (
    <div className="space-y-6">
      <header>
        <div className="flex flex-wrap items-center gap-2">
          <h1 className="text-xl font-semibold tracking-tight">Sunset readiness</h1>
          <Badge tone={r.clock.retired ? "danger" : r.dependsCount ? "info" : "ok"}>
            {daysLeftText(r.clock)}
          </Badge>
        </div>
        <p className="mt-1 text-sm text-muted">
          Atlas ends the legacy invitations API on {sunsetDate(r.clock.sunsetAt)}
          {r.clock.source === "atlas" ? " (its Sunset header; days counted by Atlas's clock)" : ""}. After
          that date it answers 410 and the users API is the only way to invite.
        </p>
      </header>

      {r.notes.length ? (
        <div
          role="alert"
          className="space-y-1 rounded-md bg-danger-soft px-3 py-2 text-sm text-on-danger-soft"
        >
          {r.notes.map((n) => (
            <p key={n}>{n}</p>
          ))}
        </div>
      ) : null}

      <section aria-labelledby="sunset-connections">
        <h2 id="sunset-connections" className="text-base font-semibold">
          Connections
        </h2>
        {r.legacyConnections.length ? (
          <ul className="mt-2 space-y-1 text-sm">
            {r.legacyConnections.map((c) => (
              <li key={c.id}>
                <span className="font-medium">{c.name}</span> reads and writes invitations through the legacy
                API.{" "}
                <Link
                  href={withOrg("/connections", orgId)}
                  className="font-medium underline underline-offset-2"
                >
                  Switch it to the users API
                </Link>{" "}
                once its invitations below are migrated.
              </li>
            ))}
          </ul>
        ) : (
          <p className="mt-2 text-sm text-muted">Every connection uses the users API.</p>
        )}
      </section>

      <section aria-labelledby="sunset-items" className="space-y-3">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="sunset-items" className="text-base font-semibold">
            Legacy invitations ({r.items.length})
          </h2>
          {movable.length ? (
            <Button
              ref={allButton}
              variant="primary"
              disabled={!permission.allowed || (progress !== null && progress.done < progress.total)}
              aria-describedby={permission.allowed ? undefined : "sunset-migrate-refused"}
              onClick={() => setConfirmAll(true)}
            >
              Migrate all ({movable.length})
            </Button>
          ) : null}
        </div>
        {/* Said once on the page: every Migrate button below points here (a title reaches no keyboard or touch). */}
        <DisabledReason id="sunset-migrate-refused" reason={permission.allowed ? null : permission.reason} />
        {progress ? (
          <div role="status" className="text-sm">
            <progress
              className="h-2 w-full max-w-sm accent-current"
              value={progress.done}
              max={progress.total}
              aria-label="Migration progress"
            />
            <p className="mt-1">
              {progress.done < progress.total
                ? `Migrating… ${progress.done} of ${progress.total} done`
                : `Done: ${progress.total - failed} of ${progress.total} migrated${failed ? `, ${failed} need attention (see below)` : ""}.`}
            </p>
          </div>
        ) : null}
        {r.items.length === 0 ? (
          <p className="rounded-lg border border-line bg-surface p-4 text-sm text-muted">
            No pending invitation of this org depends on the legacy API.
          </p>
        ) : (
          <ul className="space-y-3">
            {r.items.map((item) => (
              <SunsetItemRow
                key={item.id}
                item={item}
                names={names}
                canMigrate={permission.allowed}
                disabledReason={permission.reason}
                pending={pendingIds.has(item.id)}
                result={results.get(item.id)}
                onMigrate={setConfirmOne}
              />
            ))}
          </ul>
        )}
        {summary.some((x) => !r.items.some((i) => i.id === x.id)) ? (
          <details className="text-sm">
            <summary className="cursor-pointer text-muted">
              Migrated this visit ({summary.filter((x) => !r.items.some((i) => i.id === x.id)).length})
            </summary>
            <ul className="mt-2 space-y-1">
              {summary
                .filter((x) => !r.items.some((i) => i.id === x.id))
                .map((x) => (
                  <li key={x.id}>
                    <span className="font-medium">{x.email}</span>: {x.message}
                  </li>
                ))}
            </ul>
          </details>
        ) : null}
      </section>

      {r.unreadable.length ? (
        <section aria-labelledby="sunset-unreadable">
          <h2 id="sunset-unreadable" className="text-base font-semibold">
            Still depending on the retired API ({r.unreadable.length})
          </h2>
          <p className="mt-1 text-sm text-muted">
            The console remembers these legacy invitations, but Atlas no longer lets anyone read or cancel
            them. Invite these people again from the invitations page.
          </p>
          <ul className="mt-2 space-y-1 text-sm">
            {r.unreadable.map((u) => (
              <li key={`${u.email}-${u.projectId ?? ""}`}>
                <span className="font-medium break-all">{u.email}</span>
                {u.projectId ? ` · ${names.project(u.projectId)}` : ""}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <ConfirmDialog
        open={confirmAll}
        title={`Migrate ${plural(movable.length, "legacy invitation")} for ${plural(people, "person", "people")}?`}
        description={allText.why}
        note={
          <>
            {allText.what} If a replacement cannot be created, the legacy invitation stays as it is. Every
            step is in the audit log.
          </>
        }
        keepLabel="Keep as they are"
        confirmLabel={`Migrate ${plural(people, "person", "people")}`}
        pending={false}
        errorPrefix="Migration failed"
        failureMessage="The console did not answer."
        onClose={() => setConfirmAll(false)}
        returnFocusFallback={() => allButton.current}
        onConfirm={async () => {
          setConfirmAll(false);
          await migrateAll().catch(() => undefined);
        }}
      />

      <ConfirmDialog
        open={confirmOne !== null}
        title={
          confirmOne ? (
            <>
              {confirmOne.halfDone ? "Finish migrating" : "Migrate"} the invitation for{" "}
              <Email address={confirmOne.email} />?
            </>
          ) : (
            ""
          )
        }
        description={oneText?.why ?? ""}
        note={oneText ? <>{oneText.what} Every step is in the audit log.</> : null}
        keepLabel="Keep as it is"
        confirmLabel={
          confirmOne?.halfDone
            ? "Finish"
            : confirmOne && migrateConsequences([confirmOne]).emails > 0
              ? "Migrate and send the e-mail"
              : "Migrate"
        }
        pending={confirmOne !== null && pendingIds.has(confirmOne.id)}
        pendingAnnouncement="Migrating…"
        errorPrefix="Not migrated"
        failureMessage="The console did not answer."
        onClose={() => setConfirmOne(null)}
        returnFocusFallback={() =>
          confirmOne
            ? document.querySelector<HTMLElement>(`button[aria-label$="${CSS.escape(confirmOne.email)}"]`)
            : null
        }
        onConfirm={async () => {
          if (!confirmOne) return;
          await migrateOne(confirmOne);
          setConfirmOne(null);
        }}
      />
    </div>
  );
}
