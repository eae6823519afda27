"use client";

import { useParams, useSearchParams } from "next/navigation";

const ORG_ID = /^[a-f0-9]{24}$/;

/**
 * The org the reader is working in: the path's `/orgs/{orgId}` on org pages, `?org=` elsewhere. Console-wide
 * links carry it as `?org=` so that the switcher and the way back to the invitations keep it.
 */
export function useCurrentOrg(): string | null {
  const params = useParams<{ orgId?: string }>();
  const search = useSearchParams();
  const candidate = params.orgId ?? search.get("org") ?? "";
  return ORG_ID.test(candidate) ? candidate : null;
}

/** `/audit` → `/audit?org=…` when an org is known. */
export function withOrg(path: string, org: string | null): string {
  return org ? `${path}?org=${org}` : path;
}
