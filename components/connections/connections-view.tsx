"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { connectionsQuery } from "@/lib/api-client/connections/queries";
import { orgsQuery } from "@/lib/api-client/orgs/queries";
import type { OrgList } from "@/lib/schemas/connections";
import { usePermission } from "@/components/auth/session-context";
import { useHydrated } from "@/components/hooks/use-hydrated";
import { Button } from "@/components/ui/button";
import { DisabledReason } from "@/components/ui/disabled-reason";
import { LoadError } from "@/components/ui/load-error";
import { AlertIcon, PlusIcon } from "@/components/ui/icons";
import { Skeleton } from "@/components/ui/skeleton";
import { StatePanel } from "@/components/ui/state-panel";
import { ConnectionCard } from "./connection-card";
import { ConnectionFormDialog } from "./connection-form-dialog";
import { ErrorMessage } from "@/components/ui/error-message";

/** The Connections page: stored connections and the read-only one from the environment. */
export function ConnectionsView() {
  const hydrated = useHydrated();
  const query = useQuery(connectionsQuery());
  // Which connection serves each org: the cards show what each one serves and what it could serve.
  const orgs = useQuery(orgsQuery());
  const [adding, setAdding] = useState(false);
  const manage = usePermission("connections.manage");
  const data = hydrated ? query.data : undefined;
  // In the header, and again in the empty state.
  const addButton = (
    <Button
      variant="primary"
      disabled={!manage.allowed}
      aria-describedby={manage.allowed ? undefined : "connections-refused"}
      onClick={() => setAdding(true)}
    >
      <PlusIcon /> Add connection
    </Button>
  );

  return (
    <div className="mx-auto flex w-full max-w-5xl flex-col gap-4 px-4 py-6 sm:px-6">
      <div className="flex flex-wrap items-center gap-3">
        <div className="min-w-0 flex-1 basis-64">
          <h1 className="text-xl font-semibold tracking-tight">Atlas connections</h1>
          <p className="text-sm text-muted">
            Service accounts the console acts through. Secrets are encrypted at rest and never shown again.
          </p>
        </div>
        {addButton}
        {/* Once for the page: the same rule disables adding, testing, editing and routing. */}
        <DisabledReason id="connections-refused" reason={manage.reason} className="basis-full" />
      </div>
      {hydrated && orgs.data ? <UnservedOrgs orgList={orgs.data} /> : null}
      {!hydrated || query.isPending ? (
        <ConnectionsSkeleton />
      ) : query.isError ? (
        <LoadError title="The connections could not be loaded" query={query}>
          <ErrorMessage error={query.error} />
        </LoadError>
      ) : data && data.connections.length === 0 ? (
        <StatePanel role="status" title="No Atlas connection yet" action={addButton}>
          Create a service account with Organization Owner in Atlas (Access Manager → Service Accounts), then
          add its client id and secret here.
        </StatePanel>
      ) : (
        <ul aria-label="Connections" className="flex flex-col gap-3">
          {data?.connections.map((c) => (
            <ConnectionCard key={c.id} connection={c} orgList={hydrated ? orgs.data : undefined} />
          ))}
        </ul>
      )}
      <ConnectionFormDialog connection={null} open={adding} onOpenChange={setAdding} />
    </div>
  );
}

/** Orgs no working connection serves: said once at the top, with what to do; never fixed silently. */
function UnservedOrgs({ orgList }: { orgList: OrgList }) {
  const unserved = orgList.orgs.filter((o) => o.route.status !== "ok");
  if (unserved.length === 0) return null;
  return (
    <section
      role="alert"
      aria-label="Organizations without a working connection"
      className="flex items-start gap-2 rounded-md bg-warn-soft px-3 py-2 text-sm text-on-warn-soft"
    >
      <AlertIcon className="mt-0.5 shrink-0" />
      <div className="min-w-0">
        <p className="font-medium">
          No working connection serves {unserved.map((o) => `“${o.name}”`).join(", ")}: choose one.
        </p>
        <ul className="mt-1 list-disc space-y-1 pl-4">
          {unserved.map((o) => (
            <li key={o.id} className="break-words">
              {o.route.problem}
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}

function ConnectionsSkeleton() {
  return (
    <div role="status" aria-label="Loading connections" className="flex flex-col gap-3">
      {[0, 1].map((i) => (
        <div key={i} className="rounded-lg border border-line bg-surface p-4">
          <Skeleton className="h-5 w-48" />
          <div className="mt-4 grid grid-cols-1 gap-3 sm:grid-cols-3">
            {[0, 1, 2, 3, 4, 5].map((j) => (
              <Skeleton key={j} className="h-8" />
            ))}
          </div>
        </div>
      ))}
    </div>
  );
}
