"use client";

import type { SessionUser } from "@/components/auth/session-context";
import { NavLinks } from "./nav-links";
import { useCurrentOrg } from "./use-current-org";

/** The current organization's pages, in a row under the header's (from `lg` up; phones have them in the menu). */
export function OrgNav({ user }: { user: SessionUser }) {
  const org = useCurrentOrg();
  if (!org) return null;
  return (
    <nav aria-label="Pages of this org" className="hidden border-t border-line px-6 py-1 lg:block">
      <NavLinks user={user} orientation="row" scope="org" />
    </nav>
  );
}
