"use client";

import { useQuery } from "@tanstack/react-query";
import { ErrorMessage } from "@/components/ui/error-message";
import { RetryButton } from "@/components/ui/retry-button";
import { Skeleton } from "@/components/ui/skeleton";
import { StatePanel } from "@/components/ui/state-panel";
import { ApiError } from "@/lib/api-client/errors";
import { provisioningQuery } from "@/lib/api-client/provisioning/queries";
import { ConnectSection } from "./connect-section";
import { GroupsSection } from "./groups-section";
import { AttentionSection, DeprovisionSection } from "./leavers-section";
import { countsText } from "./provisioning-model";
import { RequestsSection } from "./requests-section";
import { TokensSection } from "./tokens-section";

/** The Provisioning page: connecting an identity provider (SCIM), its tokens, groups, leavers and requests. */
export function ProvisioningView({ orgId }: { orgId: string }) {
  const query = useQuery(provisioningQuery(orgId));

  let body;
  if (query.isPending) {
    body = (
      <div className="space-y-4" role="status" aria-label="Loading provisioning">
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} className="h-40 w-full" />
        ))}
      </div>
    );
  } else if (query.isError) {
    body = (
      <StatePanel
        title="Provisioning could not be read"
        tone="danger"
        role="alert"
        action={
          <RetryButton error={query.error} pending={query.isFetching} onClick={() => void query.refetch()} />
        }
      >
        {query.error instanceof ApiError ? (
          <ErrorMessage error={query.error} />
        ) : (
          "The console did not answer."
        )}
      </StatePanel>
    );
  } else {
    const { overview, baseUrl } = query.data;
    body = (
      <div className="space-y-4">
        <p role="status" className="text-sm text-muted">
          {countsText(overview.counts)}
        </p>
        <ConnectSection baseUrl={baseUrl} />
        <TokensSection orgId={orgId} tokens={overview.tokens} />
        <GroupsSection orgId={orgId} groups={overview.groups} maps={overview.groupMaps} />
        <DeprovisionSection orgId={orgId} value={overview.settings.deprovision} />
        <AttentionSection orgId={orgId} rows={overview.attention} />
        <RequestsSection requests={overview.recentRequests} />
      </div>
    );
  }

  return (
    <div className="space-y-6">
      <header className="min-w-0">
        <h1 className="text-xl font-semibold tracking-tight">Provisioning</h1>
        <p className="mt-1 text-sm text-muted">
          Your identity provider (Okta, Microsoft Entra ID, any SCIM 2.0 client) adds and removes people here:
          each person it creates is invited with the presets their groups name, under this org’s guardrails.
        </p>
      </header>
      {body}
    </div>
  );
}
