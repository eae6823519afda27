import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { preload } from "react-dom";
import { InvitationsTableSkeleton } from "@/components/invitations/invitations-states";
import { InvitationsView } from "@/components/invitations/invitations-view";
import { parseListParams } from "@/components/invitations/list-params";
import { orgParamsSchema } from "@/lib/schemas/params";
import { requirePageSession } from "@/lib/server/auth/page-session";

export const metadata: Metadata = { title: "Pending invitations" };

type SearchParams = Record<string, string | string[] | undefined>;

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
  await preloadPendingList(orgId, await searchParams);
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
async function preloadPendingList(orgId: string, searchParams: SearchParams) {
  if ((await headers()).get("sec-fetch-dest") !== "document") return;
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(searchParams)) if (typeof v === "string") query.set(k, v);
  if (parseListParams(query).tab !== "pending") return;
  preload(`/api/orgs/${orgId}/invitations`, { as: "fetch", crossOrigin: "anonymous" });
}
