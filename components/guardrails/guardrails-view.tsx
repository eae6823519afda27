"use client";

import { useQuery } from "@tanstack/react-query";
import { usePermission } from "@/components/auth/session-context";
import { RetryButton } from "@/components/ui/retry-button";
import { Skeleton } from "@/components/ui/skeleton";
import { StatePanel } from "@/components/ui/state-panel";
import { ApiError } from "@/lib/api-client/errors";
import { policyQuery } from "@/lib/api-client/policy/queries";
import { ApprovalQueue } from "./approval-queue";
import { PolicyForm } from "./policy-form";

/** The Guardrails page: the org's policy (admins) and the approval queue (everyone who reads invitations). */
export function GuardrailsView({ orgId }: { orgId: string }) {
  const manage = usePermission("policy.manage");
  return (
    <div className="space-y-8">
      <header>
        <h1 className="text-xl font-semibold tracking-tight">Guardrails</h1>
        <p className="mt-1 text-sm text-muted">
          Which addresses may be invited, and which roles wait for a second admin. They hold for the invite
          dialog, edits, bulk imports and the JSON API alike.
        </p>
      </header>
      <section aria-labelledby="gr-policy" className="space-y-3">
        <h2 id="gr-policy" className="text-base font-semibold">
          Policy
        </h2>
        {manage.allowed ? (
          <PolicySection orgId={orgId} />
        ) : (
          <p className="text-sm text-muted">{manage.reason}</p>
        )}
      </section>
      <section aria-labelledby="gr-queue" className="space-y-3">
        <h2 id="gr-queue" className="text-base font-semibold">
          Approval queue
        </h2>
        <ApprovalQueue orgId={orgId} />
      </section>
    </div>
  );
}

function PolicySection({ orgId }: { orgId: string }) {
  const policy = useQuery(policyQuery(orgId));
  if (policy.isPending) {
    return (
      <div role="status" aria-busy="true" aria-label="Loading the policy">
        <Skeleton className="h-72 w-full" />
      </div>
    );
  }
  if (policy.isError) {
    return (
      <StatePanel
        title="The policy could not be read"
        tone="danger"
        role="alert"
        action={
          <RetryButton
            error={policy.error}
            pending={policy.isFetching}
            onClick={() => void policy.refetch()}
          />
        }
      >
        {policy.error instanceof ApiError ? policy.error.message : "The console did not answer."}
      </StatePanel>
    );
  }
  // Keyed by the saved time: a save elsewhere (another tab) starts the form from the new values.
  return <PolicyForm key={policy.data.updatedAt ?? "defaults"} orgId={orgId} policy={policy.data} />;
}
