"use client";

import { useQuery } from "@tanstack/react-query";
import { useParams, useRouter } from "next/navigation";
import { orgsQuery } from "@/lib/api-client/queries";
import type { OrgList } from "@/lib/schemas/params";
import { useHydrated } from "@/components/hooks/use-hydrated";
import { Select } from "@/components/ui/field";

type Org = OrgList["orgs"][number];

/** Orgs grouped by the Atlas connection that serves them (one group when there is one connection). */
function groups(orgs: Org[]): { connectionId: string; connectionName: string; orgs: Org[] }[] {
  const out = new Map<string, { connectionId: string; connectionName: string; orgs: Org[] }>();
  for (const o of orgs) {
    const g = out.get(o.connectionId) ?? {
      connectionId: o.connectionId,
      connectionName: o.connectionName,
      orgs: [],
    };
    g.orgs.push(o);
    out.set(o.connectionId, g);
  }
  return [...out.values()];
}

/** Every org every Atlas connection sees; choosing one opens its pending invitations. */
export function OrgSwitcher() {
  const params = useParams<{ orgId?: string }>();
  const router = useRouter();
  const query = useQuery(orgsQuery());
  // Render as the server did until hydrated (the cache may already hold the list).
  const hydrated = useHydrated();
  const orgs = {
    data: hydrated ? query.data : undefined,
    isPending: !hydrated || query.isPending,
    isError: hydrated && query.isError,
  };
  const current = params.orgId ?? "";
  const list = orgs.data?.orgs ?? [];
  const currentOrg = list.find((o) => o.id === current);
  const grouped = groups(list);
  const many = grouped.length > 1;
  const connection = orgs.data?.connections.find((c) => c.id === currentOrg?.connectionId);

  return (
    <div className="flex min-w-0 items-center gap-2">
      <label htmlFor="org-switcher" className="hidden text-sm text-muted sm:inline">
        Organization
      </label>
      <Select
        id="org-switcher"
        className="w-44 sm:w-56"
        value={current}
        disabled={orgs.isPending || orgs.isError}
        aria-label={orgs.isError ? "Organization (list unavailable)" : undefined}
        onChange={(e) => {
          if (e.target.value) router.push(`/orgs/${e.target.value}/invitations`);
        }}
      >
        {orgs.isPending ? <option value={current}>Loading…</option> : null}
        {!current && !orgs.isPending ? <option value="">Choose an organization</option> : null}
        {current && !currentOrg && !orgs.isPending ? <option value={current}>{current}</option> : null}
        {many
          ? grouped.map((g) => (
              <optgroup key={g.connectionId} label={g.connectionName}>
                {g.orgs.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name}
                  </option>
                ))}
              </optgroup>
            ))
          : list.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
      </Select>
      {currentOrg ? (
        <span
          className="hidden truncate text-xs text-muted lg:inline"
          title={`Atlas connection "${currentOrg.connectionName}"${
            connection
              ? ` via the ${connection.invitesApi === "users" ? "users API" : "legacy invitations API"}`
              : ""
          }`}
        >
          {currentOrg.connectionName}
        </span>
      ) : null}
    </div>
  );
}
