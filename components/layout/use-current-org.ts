"use client";

import { useParams } from "next/navigation";
import { useQueryState } from "nuqs";
import { useEffect, useSyncExternalStore } from "react";
import { ATLAS_ID } from "@/lib/schemas/atlas-id";
import { parseAsOrgId } from "@/lib/search-params/org";

const KEY = "invite-console.org";
const listeners = new Set<() => void>();

function readRemembered(): string | null {
  try {
    const v = window.localStorage.getItem(KEY);
    return v && ATLAS_ID.test(v) ? v : null;
  } catch {
    return null;
  }
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * The org the reader is working in: the path's `/orgs/{orgId}` on org pages, `?org=` elsewhere, else the
 * last one opened in this browser. Console-wide links carry it as `?org=` so that the switcher and the way
 * back to the invitations keep it, also in a new tab or after typing a URL.
 */
export function useCurrentOrg(): string | null {
  const params = useParams<{ orgId?: string }>();
  const [queryOrg] = useQueryState("org", parseAsOrgId);
  const fromPath = params.orgId && ATLAS_ID.test(params.orgId) ? params.orgId : null;
  const fromUrl = params.orgId !== undefined ? fromPath : queryOrg;
  // Not known to the server: null there and during hydration, the remembered org right after.
  const remembered = useSyncExternalStore(subscribe, readRemembered, () => null);
  useEffect(() => {
    if (!fromUrl || fromUrl === readRemembered()) return;
    try {
      window.localStorage.setItem(KEY, fromUrl);
    } catch {
      return; // storage refused (private mode): the URL still carries the org
    }
    listeners.forEach((l) => l());
  }, [fromUrl]);
  return fromUrl ?? remembered;
}
