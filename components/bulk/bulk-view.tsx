"use client";

import Link from "next/link";
import { usePermission } from "@/components/auth/session-context";
import { NewImportForm } from "./new-import-form";
import { RecentRuns } from "./recent-runs";

/** The Bulk import page: a new import (for those who may run one) and the org's recent runs. */
export function BulkView({ orgId }: { orgId: string }) {
  const permission = usePermission("bulk.run");
  return (
    <div className="space-y-6">
      <header>
        <p className="text-sm">
          <Link href={`/orgs/${orgId}/invitations`} className="text-muted underline-offset-2 hover:underline">
            ← Invitations
          </Link>
        </p>
        <h1 className="mt-1 text-xl font-semibold tracking-tight">Bulk import</h1>
        <p className="mt-1 text-sm text-muted">
          Invite many people from a CSV: preview what happens to each row, then send at the pace Atlas allows.
          A run keeps going if you leave this page, and other admins see it here too.
        </p>
      </header>
      {permission.allowed ? (
        <NewImportForm orgId={orgId} />
      ) : (
        <p className="rounded-lg border border-line bg-surface p-4 text-sm text-muted">{permission.reason}</p>
      )}
      <RecentRuns orgId={orgId} />
    </div>
  );
}
