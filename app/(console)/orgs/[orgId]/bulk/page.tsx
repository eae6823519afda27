import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { preload } from "react-dom";
import { BulkView } from "@/components/bulk/bulk-view";
import { orgParamsSchema } from "@/lib/schemas/params";
import { requirePageSession } from "@/lib/server/auth/page-session";

export const metadata: Metadata = { title: "Bulk import" };

/** Thin: validates the org id and renders the client island (the new import and the org's recent runs). */
export default async function BulkPage({ params }: { params: Promise<{ orgId: string }> }) {
  const raw = await params;
  await requirePageSession({ action: "bulk.read", next: `/orgs/${raw.orgId}/bulk` });
  const parsed = orgParamsSchema.safeParse(raw);
  if (!parsed.success) notFound();
  const { orgId } = parsed.data;
  // As the invitations page does: a document load asks for the list at once, while scripts load.
  if ((await headers()).get("sec-fetch-dest") === "document") {
    preload(`/api/orgs/${orgId}/bulk`, { as: "fetch", crossOrigin: "anonymous" });
  }
  return (
    <div className="mx-auto w-full max-w-4xl px-4 py-4 sm:px-6 sm:py-6">
      <BulkView key={orgId} orgId={orgId} />
    </div>
  );
}
