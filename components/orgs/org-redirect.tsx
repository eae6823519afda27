"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { orgsQuery } from "@/lib/api-client/orgs/queries";
import { useHydrated } from "@/components/hooks/use-hydrated";
import { buttonClasses } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { StatePanel } from "@/components/ui/state-panel";
import { ErrorMessage } from "@/components/ui/error-message";
import { RetryButton } from "@/components/ui/retry-button";

export function OrgRedirect() {
  const router = useRouter();
  const orgs = useQuery(orgsQuery());
  const hydrated = useHydrated();
  const first = hydrated ? orgs.data?.orgs[0] : undefined;

  useEffect(() => {
    if (first) router.replace(`/orgs/${first.id}/invitations`);
  }, [first, router]);

  if (hydrated && orgs.isError) {
    return (
      <StatePanel
        role="alert"
        tone="danger"
        title="The organizations could not be loaded"
        action={
          <RetryButton
            error={orgs.error}
            variant="primary"
            pending={orgs.isFetching}
            onClick={() => void orgs.refetch()}
          />
        }
      >
        <ErrorMessage error={orgs.error} />
      </StatePanel>
    );
  }
  if (hydrated && orgs.data && !first) {
    const names = orgs.data.connections.map((c) => `“${c.name}”`).join(", ");
    return (
      <StatePanel
        role="status"
        title={
          orgs.data.connections.length === 0
            ? "No Atlas connection yet"
            : "No organizations visible to the Atlas connections"
        }
        action={
          <Link href="/connections" className={buttonClasses("primary")}>
            Open connections
          </Link>
        }
      >
        {orgs.data.connections.length === 0
          ? "Add an Atlas service account (client id and secret) on the Connections page to start inviting."
          : `The service accounts of ${names} are not members of any organization. Add them to an organization in Atlas (Organization Owner is needed to invite), then reload.`}
      </StatePanel>
    );
  }
  return (
    <div role="status" className="flex flex-1 items-center justify-center gap-2 text-sm text-muted">
      <Spinner />
      {first ? `Opening ${first.name}…` : "Loading organizations…"}
    </div>
  );
}
