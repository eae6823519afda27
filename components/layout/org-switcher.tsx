"use client";

import { useQuery } from "@tanstack/react-query";
import { useParams, useRouter } from "next/navigation";
import { orgsQuery } from "@/lib/api-client/queries";
import { useHydrated } from "@/components/hooks/use-hydrated";
import { Select } from "@/components/ui/field";

/** Every org the Atlas connection sees; choosing one opens its pending invitations. */
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
  const known = list.some((o) => o.id === current);

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
        {current && !known && !orgs.isPending ? <option value={current}>{current}</option> : null}
        {list.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
      </Select>
      {orgs.data ? (
        <span
          className="hidden truncate text-xs text-muted lg:inline"
          title={`Atlas connection "${orgs.data.connection.name}" via the ${
            orgs.data.connection.invitesApi === "users" ? "users API" : "legacy invitations API"
          }`}
        >
          {orgs.data.connection.name}
        </span>
      ) : null}
    </div>
  );
}
