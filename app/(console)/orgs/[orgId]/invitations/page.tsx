import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import type { SearchParams } from "nuqs/server";
import { Suspense } from "react";
import { preload } from "react-dom";
import { InvitationsTableSkeleton } from "@/components/invitations/invitations-states";
import { InvitationsView } from "@/components/invitations/invitations-view";
import { invitationsStreamPath } from "@/lib/api-client/invitations/queries";
import { orgParamsSchema } from "@/lib/schemas/params";
import { loadListParams } from "@/lib/search-params/invitations";
import { requirePageSession } from "@/lib/server/auth/page-session";

export const metadata: Metadata = { title: "Pending invitations" };

/** Thin: validates the org id and renders the client island (which reads its list state from the URL). */
export default async function InvitationsPage({
  params,
  searchParams,
}: {
  params: Promise<{ orgId: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const raw = await params;
  await requirePageSession({ action: "invitations.read", next: `/orgs/${raw.orgId}/invitations` });
  const parsed = orgParamsSchema.safeParse(raw);
  if (!parsed.success) notFound();
  const { orgId } = parsed.data;
  // The same parsers as the view's (lib/search-params/invitations.ts): the tab the page will show.
  const { tab } = await loadListParams(searchParams);
  await preloadPendingList(orgId, tab === "pending");
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

/**
 * A page load that will show the Pending tab asks the browser to fetch the list at once (a `<link rel=preload
 * as=fetch>` in the head): the request leaves while scripts load and hydrate instead of after, and the list's
 * own fetch then takes that answer (one request; errors come back as from any fetch). Only for a document
 * load: a client-side navigation may hold the list in its cache already, and the other tabs do not read it.
 */
async function preloadPendingList(orgId: string, showsPending: boolean) {
  if (!showsPending || (await headers()).get("sec-fetch-dest") !== "document") return;
  preload(invitationsStreamPath(orgId), { as: "fetch", crossOrigin: "anonymous" });
}
