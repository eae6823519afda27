import type { Metadata } from "next";
import { Suspense } from "react";
import { AuditSkeleton } from "@/components/audit/audit-table";
import { AuditView } from "@/components/audit/audit-view";
import { requirePageSession } from "@/lib/server/auth/page-session";

export const metadata: Metadata = { title: "Audit log" };

/**
 * Thin: renders the client island, which reads its filters from the URL. The data comes from GET /api/audit,
 * which refuses anyone without audit.read (admins); the page guard sends them to the not-allowed page as well.
 */
export default async function AuditPage() {
  await requirePageSession({ action: "audit.read", next: "/audit" });
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
