"use client";

import { directoryTokenOf } from "@/lib/directory-actor";
import { useQuery } from "@tanstack/react-query";
import { OUTCOME_LABELS } from "@/lib/schemas/audit-labels";
import { Badge } from "@/components/ui/badge";
import { DateTime } from "@/components/ui/date-time";
import { RetryButton } from "@/components/ui/retry-button";
import { Skeleton } from "@/components/ui/skeleton";
import { personTimelineQuery } from "@/lib/api-client/ledger/queries";
import { inviterLabel, type InviterLabel } from "@/lib/schemas/inviter-label";
import type { LedgerStatus } from "@/lib/schemas/ledger";
import { LEDGER_STATUS_LABELS, type TimelineStep } from "@/lib/schemas/ledger-api";
import { ErrorMessage } from "@/components/ui/error-message";

const STATUS_TONES: Record<LedgerStatus, "info" | "warn" | "danger" | "ok" | "neutral"> = {
  pending: "info",
  accepted: "ok",
  expired: "warn",
  rejected: "danger",
  cancelled: "neutral",
  superseded: "neutral",
};

function Who({ step, invitedBy }: { step: TimelineStep; invitedBy: InviterLabel | undefined }) {
  const directory = directoryTokenOf(step.actorEmail);
  if (directory !== null) {
    return (
      <span>
        <span className="font-medium text-fg">the directory</span> (provisioning token &lsquo;{directory}
        &rsquo;)
      </span>
    );
  }
  if (step.actorEmail) return <span className="font-medium text-fg">{step.actorEmail}</span>;
  // The sync found an invitation made outside the console: who made it, as the list says it.
  if (step.event === "discovered" && invitedBy?.name) {
    return (
      <span>
        <span className="font-medium text-fg">{invitedBy.name}</span> (seen by the console&apos;s sync)
      </span>
    );
  }
  // Ledger events with nobody behind them were seen in Atlas by the console's sync.
  return <span>{step.kind === "event" ? "Atlas (seen by the console's sync)" : "the console"}</span>;
}

function Step({ step, invitedBy }: { step: TimelineStep; invitedBy: InviterLabel | undefined }) {
  const outcome = step.outcome && step.outcome !== "success" ? OUTCOME_LABELS[step.outcome] : null;
  return (
    <li className="group relative pb-4 pl-5 last:pb-0">
      <span aria-hidden="true" className="absolute top-1.5 left-0 size-2 rounded-full bg-primary" />
      <span
        aria-hidden="true"
        className="absolute top-4 bottom-0 left-[3px] w-px bg-line group-last:hidden"
      />
      <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
        <span className="text-sm font-medium">{step.label}</span>
        {outcome ? <Badge tone={step.outcome === "failure" ? "danger" : "neutral"}>{outcome}</Badge> : null}
        {(step.event === "created" || step.event === "discovered") && step.toStatus ? (
          // What the row became: a person the sync first found already expired is not shown as pending.
          <Badge tone={STATUS_TONES[step.toStatus]}>{LEDGER_STATUS_LABELS[step.toStatus]}</Badge>
        ) : null}
      </div>
      <div className="mt-0.5 text-xs text-muted">
        <DateTime value={step.at} /> · by <Who step={step} invitedBy={invitedBy} />
      </div>
      {step.detail ? <div className="mt-0.5 text-xs break-words text-muted">{step.detail}</div> : null}
    </li>
  );
}

/** A person's timeline: every ledger event and audit row about the address, oldest first. */
export function InvitationTimeline({ orgId, email }: { orgId: string; email: string }) {
  const timeline = useQuery(personTimelineQuery(orgId, email));
  if (timeline.isPending) {
    return (
      <div aria-busy="true" className="space-y-3">
        <span className="sr-only" role="status">
          Loading the timeline…
        </span>
        {[0, 1, 2].map((i) => (
          <div key={i} className="space-y-1.5">
            <Skeleton className="h-3.5 w-2/3" />
            <Skeleton className="h-3 w-1/2" />
          </div>
        ))}
      </div>
    );
  }
  if (timeline.isError) {
    return (
      <div role="alert" className="flex flex-wrap items-center gap-2 text-sm text-danger">
        <span>
          The timeline could not be loaded: <ErrorMessage error={timeline.error} />
        </span>
        <RetryButton
          error={timeline.error}
          size="sm"
          pending={timeline.isFetching}
          onClick={() => void timeline.refetch()}
        />
      </div>
    );
  }
  const steps = timeline.data.steps;
  const invitedBy = new Map(timeline.data.invitations.map((i) => [i.id, inviterLabel(i)]));
  if (steps.length === 0) {
    return (
      <p className="text-sm text-muted">
        Nothing recorded yet: the console keeps a history from its first sync of this organization on.
      </p>
    );
  }
  return (
    <ol aria-label={`Timeline of ${email}`} className="m-0 list-none p-0">
      {steps.map((s) => (
        <Step key={s.id} step={s} invitedBy={s.ledgerId ? invitedBy.get(s.ledgerId) : undefined} />
      ))}
    </ol>
  );
}
