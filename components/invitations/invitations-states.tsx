import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { PlusIcon } from "@/components/ui/icons";
import { RetryButton } from "@/components/ui/retry-button";
import { Skeleton } from "@/components/ui/skeleton";
import { StatePanel } from "@/components/ui/state-panel";
import { COLUMNS, ROW_HEIGHT, TABLE_MIN_WIDTH } from "./table-columns";
import { TableColGroup, TableHead } from "./table-head";
import { ErrorMessage } from "@/components/ui/error-message";
import { ACTIONS_REFUSED_ID } from "./invitation-row";

const WIDTHS = ["w-4/5", "w-3/5", "w-1/2", "w-4/5", "w-3/4", "w-2/3", "w-3/5"];

/** The real table frame with placeholder rows, so nothing jumps when the data arrives. */
export function InvitationsTableSkeleton({ rows = 8 }: { rows?: number }) {
  return (
    <div
      role="region"
      aria-label="Pending invitations"
      aria-busy="true"
      className="min-h-36 flex-initial overflow-hidden rounded-lg border border-line bg-surface"
    >
      <span className="sr-only" role="status">
        Loading invitations…
      </span>
      <table
        aria-hidden="true"
        className={cn("w-full table-fixed border-separate border-spacing-0", TABLE_MIN_WIDTH)}
      >
        <TableColGroup />
        <TableHead />
        <tbody>
          {Array.from({ length: rows }, (_, r) => (
            <tr key={r} style={{ height: ROW_HEIGHT }} className="[&>td]:border-b [&>td]:border-line">
              {COLUMNS.map((c, i) => (
                <td key={c.id} className="px-3">
                  <Skeleton className={cn("h-3.5", WIDTHS[(i + r) % WIDTHS.length])} />
                  {i === 0 || i === 3 ? <Skeleton className="mt-2 h-3 w-2/5" /> : null}
                </td>
              ))}
              <td className="px-3">
                <Skeleton className="ml-auto h-8 w-16 rounded-md" />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Frame({ children }: { children: ReactNode }) {
  return (
    <div className="flex min-h-64 flex-1 items-center justify-center rounded-lg border border-line bg-surface">
      {children}
    </div>
  );
}

export function InvitationsEmpty({ orgName, onInvite }: { orgName: string; onInvite?: () => void }) {
  return (
    <Frame>
      <StatePanel
        role="status"
        title="No pending invitations"
        action={
          <Button
            variant="primary"
            onClick={onInvite}
            disabled={!onInvite}
            aria-describedby={onInvite ? undefined : ACTIONS_REFUSED_ID}
          >
            <PlusIcon />
            Invite someone
          </Button>
        }
      >
        Nobody is waiting to join {orgName}. Invite a colleague with the org roles, teams and project roles
        they need.
      </StatePanel>
    </Frame>
  );
}

export function InvitationsNoMatch({
  total,
  onClear,
  noun = "pending",
}: {
  total: number;
  onClear: () => void;
  /** "pending", "expired"...: which invitations none of match. */
  noun?: string;
}) {
  return (
    <Frame>
      <StatePanel
        role="status"
        title="No invitations match the filters"
        action={<Button onClick={onClear}>Clear filters</Button>}
      >
        None of the {total} {noun} invitations matches this search and these filters.
      </StatePanel>
    </Frame>
  );
}

export function InvitationsError({
  error,
  retrying,
  onRetry,
}: {
  error: Error;
  retrying: boolean;
  onRetry: () => void;
}) {
  return (
    <Frame>
      <StatePanel
        role="alert"
        tone="danger"
        title="The invitations could not be loaded"
        action={<RetryButton error={error} variant="primary" pending={retrying} onClick={onRetry} />}
      >
        <ErrorMessage error={error} />
      </StatePanel>
    </Frame>
  );
}
