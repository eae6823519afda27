import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { InvitationsTableSkeleton } from "@/components/invitations/invitations-states";
import { InvitationsView } from "@/components/invitations/invitations-view";
import { orgParamsSchema } from "@/lib/schemas/params";
import { requirePageSession } from "@/lib/server/auth/page-session";

export const metadata: Metadata = { title: "Pending invitations" };

/** Thin: validates the org id and renders the client island (which reads its list state from the URL). */
export default async function InvitationsPage({ params }: { params: Promise<{ orgId: string }> }) {
  const raw = await params;
  await requirePageSession({ action: "invitations.read", next: `/orgs/${raw.orgId}/invitations` });
  const parsed = orgParamsSchema.safeParse(raw);
  if (!parsed.success) notFound();
  const { orgId } = parsed.data;
  return (
    // useSearchParams needs a Suspense boundary; the key gives each org fresh list state and dialogs.
    <Suspense
      fallback={
        <div className="flex min-h-0 flex-1 flex-col px-4 py-4 sm:px-6">
          <InvitationsTableSkeleton />
        </div>
      }
    >
      <InvitationsView key={orgId} orgId={orgId} />
    </Suspense>
  );
}
