"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Suspense } from "react";
import { useRouter } from "next/navigation";
import { orgsQuery } from "@/lib/api-client/orgs/queries";
import type { OrgList } from "@/lib/schemas/params";
import { useHydrated } from "@/components/hooks/use-hydrated";
import { Select } from "@/components/ui/field";
import { LazySearchCombobox } from "@/components/ui/search-combobox-lazy";
import { SEARCH_FROM } from "@/components/ui/search-combobox-model";
import { useCurrentOrg } from "./use-current-org";

type Org = OrgList["orgs"][number];

const UNSERVED = "No working connection";

/** Orgs grouped by the Atlas connection that serves them; orgs no working connection serves come last. */
function groups(orgs: Org[]): { key: string; label: string; orgs: Org[] }[] {
  const out = new Map<string, { key: string; label: string; orgs: Org[] }>();
  for (const o of orgs) {
    const key = o.connectionId ?? "";
    const g = out.get(key) ?? { key, label: o.connectionName ?? UNSERVED, orgs: [] };
    g.orgs.push(o);
    out.set(key, g);
  }
  return [...out.values()].sort((a, b) => (a.key === "" ? 1 : 0) - (b.key === "" ? 1 : 0));
}

/**
 * Every org every Atlas connection sees; choosing one opens its pending invitations. Beside it, which
 * connection serves the current org, or a link to choose one when none does.
 */
export function OrgSwitcher() {
  const router = useRouter();
  const query = useQuery(orgsQuery());
  // Render as the server did until hydrated (the cache may already hold the list).
  const hydrated = useHydrated();
  const orgs = {
    data: hydrated ? query.data : undefined,
    isPending: !hydrated || query.isPending,
    isError: hydrated && query.isError,
  };
  // Pages outside an org carry it as ?org= (see nav-links.tsx), so the switcher shows it there too.
  const current = useCurrentOrg() ?? "";
  const list = orgs.data?.orgs ?? [];
  const currentOrg = list.find((o) => o.id === current);
  const grouped = groups(list);
  const many = grouped.length > 1;
  const connection = orgs.data?.connections.find((c) => c.id === currentOrg?.connectionId);

  const menu = (
    <Select
      id="org-switcher"
      // From lg to xl the header's row holds every console link beside it: 11rem there (14rem pushed "Sign out"
      // 37 px past the right edge at 1024 px).
      className="w-full min-w-0 sm:w-56 lg:w-44 xl:w-56"
      value={current}
      disabled={orgs.isPending || orgs.isError}
      aria-label={orgs.isError ? "Organization (list unavailable)" : undefined}
      aria-describedby={currentOrg ? "org-served-by" : undefined}
      onChange={(e) => {
        if (e.target.value) router.push(`/orgs/${e.target.value}/invitations`);
      }}
    >
      {orgs.isPending ? <option value={current}>Loading…</option> : null}
      {!current && !orgs.isPending ? <option value="">Choose an organization</option> : null}
      {current && !currentOrg && !orgs.isPending ? <option value={current}>{current}</option> : null}
      {many
        ? grouped.map((g) => (
            <optgroup key={g.key} label={g.label}>
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
  );

  return (
    // On phones the switcher takes the header's free width (never less than its label needs to be read).
    <div className="flex max-w-full min-w-0 flex-1 items-center justify-end gap-2 lg:flex-none">
      <label htmlFor="org-switcher" className="sr-only text-sm text-muted 2xl:not-sr-only">
        Organization
      </label>
      {list.length >= SEARCH_FROM ? (
        <Suspense fallback={menu}>
          <LazySearchCombobox
            id="org-switcher"
            // As wide as the select it replaces: the header's row has no room for more (1024 px: none for 14rem).
            className="w-full min-w-0 sm:w-56 lg:w-44 xl:w-56"
            options={grouped.flatMap((g) =>
              g.orgs.map((o) => ({ value: o.id, label: o.name, ...(many ? { detail: g.label } : {}) })),
            )}
            value={current}
            placeholder="Search organizations"
            aria-describedby={currentOrg ? "org-served-by" : undefined}
            onChange={(org) => router.push(`/orgs/${org}/invitations`)}
          />
        </Suspense>
      ) : (
        menu
      )}
      {currentOrg?.connectionName ? (
        <span
          id="org-served-by"
          className="hidden max-w-40 truncate text-xs text-muted 2xl:inline"
          title={`Served by the Atlas connection “${currentOrg.connectionName}”${
            connection
              ? ` via the ${connection.invitesApi === "users" ? "users API" : "legacy invitations API"}`
              : ""
          }${currentOrg.route.automatic ? " (chosen automatically)" : ""}`}
        >
          <span aria-hidden="true">via {currentOrg.connectionName}</span>
          <span className="sr-only">Served by {currentOrg.connectionName}</span>
        </span>
      ) : currentOrg ? (
        <Link
          id="org-served-by"
          href="/connections"
          title={currentOrg.route.problem ?? undefined}
          className="shrink-0 rounded-sm text-xs font-medium whitespace-nowrap text-danger underline underline-offset-2"
        >
          <span className="sm:hidden">No connection</span>
          <span className="hidden sm:inline">No working connection: choose one</span>
        </Link>
      ) : null}
    </div>
  );
}
