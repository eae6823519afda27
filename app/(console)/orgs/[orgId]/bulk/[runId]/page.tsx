import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { preload } from "react-dom";
import { RunView } from "@/components/bulk/run-view";
import { Skeleton } from "@/components/ui/skeleton";
import { bulkRunParamsSchema } from "@/lib/schemas/bulk";
import { requirePageSession } from "@/lib/server/auth/page-session";

export const metadata: Metadata = { title: "Bulk import run" };

/** Thin: validates the ids and renders the client island, which reads the run (and polls it) from the server. */
export default async function BulkRunPage({ params }: { params: Promise<{ orgId: string; runId: string }> }) {
  const raw = await params;
  await requirePageSession({ action: "bulk.read", next: `/orgs/${raw.orgId}/bulk/${raw.runId}` });
  const parsed = bulkRunParamsSchema.safeParse(raw);
  if (!parsed.success) notFound();
  const { orgId, runId } = parsed.data;
  // As the invitations page does: a document load asks for the run at once, while scripts load.
  if ((await headers()).get("sec-fetch-dest") === "document") {
    preload(`/api/orgs/${orgId}/bulk/${runId}`, { as: "fetch", crossOrigin: "anonymous" });
  }
  return (
    <div className="mx-auto w-full max-w-5xl px-4 py-4 sm:px-6 sm:py-6">
      {/* The rows' filter and page come from the URL (useSearchParams needs a Suspense boundary). */}
      <Suspense fallback={<Skeleton className="h-64 w-full" />}>
        <RunView key={`${orgId}/${runId}`} orgId={orgId} runId={runId} />
      </Suspense>
    </div>
  );
}
