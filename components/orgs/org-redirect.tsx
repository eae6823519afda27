"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { orgsQuery } from "@/lib/api-client/queries";
import { useHydrated } from "@/components/hooks/use-hydrated";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { StatePanel } from "@/components/ui/state-panel";

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
          <Button variant="primary" pending={orgs.isFetching} onClick={() => void orgs.refetch()}>
            Retry
          </Button>
        }
      >
        {orgs.error.message}
      </StatePanel>
    );
  }
  if (hydrated && orgs.data && !first) {
    return (
      <StatePanel role="status" title="No organizations visible to this connection">
        The Atlas service account of “{orgs.data.connection.name}” is not a member of any organization. Add it
        to an organization in Atlas (Organization Owner is needed to invite), then reload.
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
