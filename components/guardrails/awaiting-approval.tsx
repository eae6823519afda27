"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { approvalsQuery } from "@/lib/api-client/approvals/queries";
import { orgRoleLabel } from "@/lib/schemas/roles";

/**
 * The Pending tab's "Awaiting approval (N)": invitations the org's guardrails hold for a second admin. Atlas
 * does not know them yet, so they come from the console's queue; deciding happens on the Guardrails page.
 */
export function AwaitingApproval({ orgId }: { orgId: string }) {
  const pending = useQuery(approvalsQuery(orgId, "pending"));
  const list = pending.data?.approvals ?? [];
  if (list.length === 0) return null;
  return (
    <section
      aria-labelledby="awaiting-approval-title"
      className="rounded-md border border-line bg-subtle px-3 py-2 text-sm"
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="awaiting-approval-title" className="font-medium">
          Awaiting approval ({list.length})
        </h2>
        <Link href={`/orgs/${orgId}/guardrails`} className="text-sm underline underline-offset-2">
          Review in Guardrails
        </Link>
      </div>
      <ul className="mt-1 flex flex-col gap-1">
        {list.map((a) => (
          <li key={a.id} className="flex flex-wrap items-center gap-2">
            <span className="min-w-0 font-medium break-words">{a.email}</span>
            <Badge tone="warn">Awaiting approval</Badge>
            <span className="text-muted">
              {a.grants.orgRoles.map(orgRoleLabel).join(", ")} · asked by {a.requestedByEmail}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
