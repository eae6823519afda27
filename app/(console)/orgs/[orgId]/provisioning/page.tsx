import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ProvisioningView } from "@/components/provisioning/provisioning-view";
import { orgParamsSchema } from "@/lib/schemas/params";
import { requirePageSession } from "@/lib/server/auth/page-session";

export const metadata: Metadata = { title: "Provisioning" };

/** Thin: admins only (tokens, maps and the leavers setting are the org's rules); renders the client island. */
export default async function ProvisioningPage({ params }: { params: Promise<{ orgId: string }> }) {
  const raw = await params;
  await requirePageSession({ action: "provisioning.manage", next: `/orgs/${raw.orgId}/provisioning` });
  const parsed = orgParamsSchema.safeParse(raw);
  if (!parsed.success) notFound();
  return (
    <div className="mx-auto w-full max-w-4xl px-4 py-4 sm:px-6 sm:py-6">
      <ProvisioningView key={parsed.data.orgId} orgId={parsed.data.orgId} />
    </div>
  );
}
