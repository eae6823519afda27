import type { Metadata } from "next";
import { Suspense } from "react";
import { AuditSkeleton } from "@/components/audit/audit-table";
import { AuditView } from "@/components/audit/audit-view";

export const metadata: Metadata = { title: "Audit log" };

/**
 * Thin: renders the client island, which reads its filters from the URL. The data comes from GET /api/audit,
 * which refuses anyone without audit.read (admins); part S's page guard redirects them here as well.
 */
export default function AuditPage() {
  return (
    <Suspense
      fallback={
        <div className="px-4 py-4 sm:px-6">
          <AuditSkeleton />
        </div>
      }
    >
      <AuditView />
    </Suspense>
  );
}
