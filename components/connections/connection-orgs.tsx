"use client";

import { toast } from "@/components/ui/toast";
import { useSetOrgRoute } from "@/lib/api-client/connections/mutations";
import { ApiError } from "@/lib/api-client/errors";
import type { Connection, OrgEntry, OrgList } from "@/lib/schemas/connections";
import { usePermission } from "@/components/auth/session-context";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { DisabledReason } from "@/components/ui/disabled-reason";

const ROLE = { owner: "Owner", member: "Member only", unknown: "role not checked" } as const;

/**
 * The orgs of one connection: those it serves, and those it sees while another connection (or none) serves
 * them, each with "Serve with this connection" for admins. Routes change only by an admin's choice here.
 */
export function ConnectionOrgs({
  connection,
  orgList,
}: {
  connection: Connection;
  orgList: OrgList | undefined;
}) {
  if (!orgList) return <p className="text-sm text-muted">Loading organizations…</p>;
  const serves = orgList.orgs.filter((o) => o.route.connectionId === connection.id);
  const others = orgList.orgs.filter(
    (o) => o.route.connectionId !== connection.id && o.seenBy.some((s) => s.connectionId === connection.id),
  );
  const name = (id: string | null) =>
    orgList.connections.find((c) => c.id === id)?.name ?? "a deleted connection";
  if (serves.length === 0 && others.length === 0) {
    return <p className="text-sm text-muted">Sees no organization yet (test it).</p>;
  }
  return (
    <div className="grid grid-cols-1 gap-3 text-sm md:grid-cols-2">
      <section aria-label={`Organizations “${connection.name}” serves`} className="min-w-0">
        <h3 className="text-xs text-muted">Serves</h3>
        {serves.length === 0 ? (
          <p className="text-muted">no organization</p>
        ) : (
          <ul className="mt-1 flex flex-col gap-1.5">
            {serves.map((o) => (
              <li key={o.id} className="min-w-0">
                <span className="font-medium break-words">{o.name}</span>{" "}
                {o.route.status === "ok" ? (
                  <span className="text-xs text-muted">
                    {o.route.automatic
                      ? "chosen automatically"
                      : `chosen by ${o.route.chosenByEmail ?? "an admin"}`}
                  </span>
                ) : (
                  <>
                    <Badge tone="danger">Not working</Badge>
                    <p className="text-xs text-danger">{o.route.problem}</p>
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      {others.length > 0 ? (
        <section
          aria-label={`Organizations “${connection.name}” sees but does not serve`}
          className="min-w-0"
        >
          <h3 className="text-xs text-muted">Sees, served by another connection</h3>
          <ul className="mt-1 flex flex-col gap-2">
            {others.map((o) => (
              <OtherOrg
                key={o.id}
                org={o}
                connection={connection}
                servedBy={o.connectionId ? name(o.connectionId) : null}
              />
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

function OtherOrg({
  org,
  connection,
  servedBy,
}: {
  org: OrgEntry;
  connection: Connection;
  servedBy: string | null;
}) {
  const manage = usePermission("connections.manage");
  const route = useSetOrgRoute(org.id);
  const role = org.seenBy.find((s) => s.connectionId === connection.id)?.role ?? "unknown";
  // Lacking the console role is said once at the top of the page; lacking Owner is said here, per org.
  const ownerReason =
    manage.allowed && role === "member"
      ? "This service account lacks Organization Owner on this organization."
      : null;
  const reasonId = `serve-${org.id}-${connection.id}-refused`;
  return (
    <li className="flex min-w-0 flex-wrap items-center gap-x-2 gap-y-1">
      <span className="min-w-0 break-words">
        <span className="font-medium">{org.name}</span>{" "}
        <span className="text-xs text-muted">
          ({ROLE[role]}; {servedBy ? `served by ${servedBy}` : "no working connection serves it"})
        </span>
      </span>
      <Button
        size="sm"
        pending={route.isPending}
        disabled={!manage.allowed || ownerReason !== null}
        aria-describedby={!manage.allowed ? "connections-refused" : ownerReason ? reasonId : undefined}
        aria-label={`Serve ${org.name} with ${connection.name}`}
        onClick={() =>
          // mutateAsync, not mutate's callbacks: the refetch moves this org to the "serves" list, which
          // unmounts this row before the mutation settles, and mutate's callbacks would then never run.
          route.mutateAsync(connection.id).then(
            () => toast.success(`“${org.name}” is now served by “${connection.name}”.`),
            (e: unknown) =>
              toast.error(e instanceof ApiError ? e.message : "The route could not be changed."),
          )
        }
      >
        Serve with this connection
      </Button>
      <DisabledReason id={reasonId} reason={ownerReason} className="basis-full" />
    </li>
  );
}
