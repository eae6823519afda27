"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { usePermission, useSessionUser } from "@/components/auth/session-context";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { DateTime } from "@/components/ui/date-time";
import { Email } from "@/components/ui/email";
import { RetryButton } from "@/components/ui/retry-button";
import { Skeleton } from "@/components/ui/skeleton";
import { StatePanel } from "@/components/ui/state-panel";
import { ApiError } from "@/lib/api-client/errors";
import { approvalsQuery } from "@/lib/api-client/approvals/queries";
import type { Approval } from "@/lib/schemas/approvals";
import { APPROVAL_STATUS_LABELS } from "@/lib/schemas/approvals";
import { orgRoleLabel, projectRoleLabel } from "@/lib/schemas/roles";
import { DecisionDialog } from "./decision-dialog";

const TONE: Record<Approval["status"], "neutral" | "warn" | "danger" | "ok" | "info"> = {
  pending: "warn",
  approved: "info",
  denied: "danger",
  expired: "neutral",
  sent: "ok",
  failed: "danger",
};

function grantsText(a: Approval): string {
  const org = a.grants.orgRoles.map(orgRoleLabel).join(", ");
  const projects = a.grants.projectRoles
    .map((p) => `${p.roles.map(projectRoleLabel).join(", ")} in ${p.projectId}`)
    .join("; ");
  return [org, projects].filter(Boolean).join("; ");
}

/** The approval queue: pending first with approve / deny (another admin than the requester), then history. */
export function ApprovalQueue({ orgId }: { orgId: string }) {
  const approvals = useQuery(approvalsQuery(orgId, "all"));
  const permission = usePermission("approvals.decide");
  const me = useSessionUser();
  const [deciding, setDeciding] = useState<{ approval: Approval; verb: "approve" | "deny" } | null>(null);

  if (approvals.isPending) {
    return (
      <div className="space-y-2" role="status" aria-busy="true" aria-label="Loading the approval queue">
        {[0, 1].map((i) => (
          <Skeleton key={i} className="h-20 w-full" />
        ))}
      </div>
    );
  }
  if (approvals.isError) {
    return (
      <StatePanel
        title="The approval queue could not be read"
        tone="danger"
        role="alert"
        action={
          <RetryButton
            error={approvals.error}
            pending={approvals.isFetching}
            onClick={() => void approvals.refetch()}
          />
        }
      >
        {approvals.error instanceof ApiError ? approvals.error.message : "The console did not answer."}
      </StatePanel>
    );
  }
  const list = approvals.data.approvals;
  if (list.length === 0) {
    return (
      <StatePanel title="Nothing awaits approval">
        Invitations the guardrails hold (privileged roles, addresses outside the allowed domains) appear here
        for another admin to approve or deny.
      </StatePanel>
    );
  }
  return (
    <>
      <ul className="divide-y divide-line rounded-lg border border-line" aria-label="Approval requests">
        {list.map((a) => {
          const own = me?.email.toLowerCase() === a.requestedByEmail.toLowerCase();
          const why = !permission.allowed
            ? permission.reason
            : own
              ? "You asked for this invitation: another admin decides."
              : null;
          const reasonId = `approval-why-${a.id}`;
          return (
            <li key={a.id} className="space-y-2 px-4 py-3">
              <div className="flex flex-wrap items-center gap-2">
                <Email address={a.email} className="font-medium" />
                <Badge tone={TONE[a.status]}>{APPROVAL_STATUS_LABELS[a.status]}</Badge>
              </div>
              <p className="text-sm">{grantsText(a)}</p>
              <ul className="list-disc pl-5 text-sm text-muted">
                {a.reasons.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
              <p className="text-xs text-muted">
                Requested by {a.requestedByEmail}
                {a.requestReason ? ` (“${a.requestReason}”)` : ""}, <DateTime value={a.createdAt} />
                {a.status === "pending" ? (
                  <>
                    {" "}
                    · denied automatically <DateTime value={a.expiresAt} />
                  </>
                ) : null}
              </p>
              {a.decidedByEmail ? (
                <p className="text-xs text-muted">
                  {a.status === "denied" ? "Denied" : "Approved"} by {a.decidedByEmail}
                  {a.decisionReason ? ` (“${a.decisionReason}”)` : ""}
                  {a.result?.message ? ` · ${a.result.message}` : ""}
                </p>
              ) : null}
              {a.status === "pending" ? (
                <div className="flex flex-wrap items-center gap-2">
                  <Button
                    size="sm"
                    variant="primary"
                    disabled={why !== null}
                    aria-describedby={why ? reasonId : undefined}
                    onClick={() => setDeciding({ approval: a, verb: "approve" })}
                  >
                    Approve…
                  </Button>
                  <Button
                    size="sm"
                    disabled={why !== null}
                    aria-describedby={why ? reasonId : undefined}
                    onClick={() => setDeciding({ approval: a, verb: "deny" })}
                  >
                    Deny…
                  </Button>
                  {why ? (
                    <span id={reasonId} className="text-xs text-muted">
                      {why}
                    </span>
                  ) : null}
                </div>
              ) : null}
            </li>
          );
        })}
      </ul>
      {deciding ? (
        <DecisionDialog
          key={`${deciding.approval.id}-${deciding.verb}`}
          orgId={orgId}
          approval={deciding.approval}
          verb={deciding.verb}
          onClose={() => setDeciding(null)}
        />
      ) : null}
    </>
  );
}
