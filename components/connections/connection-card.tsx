"use client";

import { DateTime } from "@/components/ui/date-time";
import { useState } from "react";
import { toast } from "@/components/ui/toast";
import { useConnectionLastUse } from "@/lib/api-client/connections/queries";
import { useTestConnection } from "@/lib/api-client/connections/mutations";
import { ApiError } from "@/lib/api-client/errors";
import type { Connection, OrgList } from "@/lib/schemas/connections";
import { usePermission } from "@/components/auth/session-context";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConnectionFormDialog } from "./connection-form-dialog";
import { ConnectionOrgs } from "./connection-orgs";
import { DeleteConnectionDialog } from "./delete-dialog";
import { RotateSecretDialog } from "./rotate-dialog";
import { PROBLEM_TITLES, TestBadge, TestResult } from "./test-result";

const GOV = "https://cloud.mongodbgov.com";

/** One connection: what it is, its last test, and its actions (each with its own pending state). */
export function ConnectionCard({
  connection,
  orgList,
}: {
  connection: Connection;
  orgList: OrgList | undefined;
}) {
  const test = useTestConnection(connection.id);
  const manage = usePermission("connections.manage");
  // The reason is said once at the top of the page (components/connections/connections-view.tsx).
  const deny = {
    disabled: !manage.allowed,
    "aria-describedby": manage.allowed ? undefined : "connections-refused",
  };
  const [dialog, setDialog] = useState<"edit" | "rotate" | "delete" | null>(null);
  const [showDetails, setShowDetails] = useState(false);
  const readOnly = connection.source === "env";
  const headingId = `connection-${connection.id}-name`;
  const lastTest = test.data?.test ?? connection.lastTest;
  const lastUse = useConnectionLastUse(connection.id, orgList);

  const runTest = () =>
    test.mutate(undefined, {
      onSuccess: ({ test: result }) => {
        setShowDetails(true);
        if (result.ok) toast.success(`“${connection.name}” works.`);
        else toast.error(`“${connection.name}”: ${PROBLEM_TITLES[result.problem?.code ?? "atlas_error"]}`);
      },
      onError: (e) => toast.error(e instanceof ApiError ? e.message : "The test could not run."),
    });

  return (
    <li>
      <article aria-labelledby={headingId} className="rounded-lg border border-line bg-surface p-4 shadow-xs">
        <div className="flex flex-wrap items-start gap-3">
          <div className="min-w-0 flex-1">
            <h2 id={headingId} className="flex flex-wrap items-center gap-2 font-semibold">
              {connection.name}
              {readOnly ? (
                <Badge tone="info" title="Configured by ATLAS_* environment variables">
                  From environment · read-only
                </Badge>
              ) : null}
              {connection.baseUrl === GOV ? <Badge>Atlas for Government</Badge> : null}
              <TestBadge test={lastTest} lastUsedAt={lastUse?.at} />
            </h2>
          </div>
          <div className="flex flex-wrap gap-2">
            <Button size="sm" variant="primary" pending={test.isPending} onClick={runTest} {...deny}>
              Test connection
            </Button>
            {readOnly ? null : (
              <>
                <Button size="sm" onClick={() => setDialog("edit")} {...deny}>
                  Edit
                </Button>
                <Button size="sm" onClick={() => setDialog("rotate")} {...deny}>
                  Rotate secret
                </Button>
                <Button
                  size="sm"
                  variant="ghost"
                  className="text-danger"
                  onClick={() => setDialog("delete")}
                  {...deny}
                >
                  Delete
                </Button>
              </>
            )}
          </div>
        </div>
        <dl className="mt-3 grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-2 lg:grid-cols-3">
          <Item label="Base URL">{connection.baseUrl}</Item>
          <Item label="Client id">
            <code className="font-mono text-xs break-all">{connection.clientId}</code>
          </Item>
          <Item label="Secret">
            {connection.hasSecret ? (
              <span>
                stored, ends in <code className="font-mono">{connection.secretLast4}</code>
              </span>
            ) : (
              "none"
            )}
          </Item>
          <Item label="Invitations through">
            {connection.invitesApi === "users" ? "Users API" : "Legacy invitations API"}
          </Item>
          <Item label="Last test">{lastTest ? <DateTime value={lastTest.testedAt} /> : "never"}</Item>
          {lastUse ? (
            <Item label="Last used">
              <DateTime mode="relative" value={lastUse.at} past />{" "}
              <span className="text-muted">(invitation sync of {lastUse.orgName})</span>
            </Item>
          ) : null}
        </dl>
        <div className="mt-3 border-t border-line pt-3">
          <ConnectionOrgs connection={connection} orgList={orgList} />
        </div>
        {lastTest ? (
          <div className="mt-3">
            <Button
              size="sm"
              variant="ghost"
              aria-expanded={showDetails}
              aria-controls={`connection-${connection.id}-test`}
              onClick={() => setShowDetails((v) => !v)}
            >
              {showDetails ? "Hide test details" : "Show test details"}
            </Button>
            {showDetails ? (
              <div id={`connection-${connection.id}-test`} className="mt-2">
                <TestResult test={lastTest} />
              </div>
            ) : null}
          </div>
        ) : null}
      </article>
      {readOnly ? null : (
        <>
          <ConnectionFormDialog
            connection={connection}
            open={dialog === "edit"}
            onOpenChange={(o) => setDialog(o ? "edit" : null)}
          />
          <RotateSecretDialog
            connection={connection}
            open={dialog === "rotate"}
            onOpenChange={(o) => setDialog(o ? "rotate" : null)}
          />
          <DeleteConnectionDialog
            connection={connection}
            open={dialog === "delete"}
            onOpenChange={(o) => setDialog(o ? "delete" : null)}
          />
        </>
      )}
    </li>
  );
}

function Item({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-muted">{label}</dt>
      <dd className="truncate">{children}</dd>
    </div>
  );
}
