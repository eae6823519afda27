import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { GuardrailsView } from "@/components/guardrails/guardrails-view";
import { orgParamsSchema } from "@/lib/schemas/params";
import { requirePageSession } from "@/lib/server/auth/page-session";

export const metadata: Metadata = { title: "Guardrails" };

/** Thin: validates the org id and renders the client island (admins edit the policy; readers see the queue). */
export default async function GuardrailsPage({ params }: { params: Promise<{ orgId: string }> }) {
  const raw = await params;
  await requirePageSession({ action: "invitations.read", next: `/orgs/${raw.orgId}/guardrails` });
  const parsed = orgParamsSchema.safeParse(raw);
  if (!parsed.success) notFound();
  return (
    <div className="mx-auto w-full max-w-4xl px-4 py-4 sm:px-6 sm:py-6">
      <GuardrailsView key={parsed.data.orgId} orgId={parsed.data.orgId} />
    </div>
  );
}
