import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { RetryButton } from "@/components/ui/retry-button";
import { AlertIcon } from "@/components/ui/icons";
import { Skeleton } from "@/components/ui/skeleton";
import { Spinner } from "@/components/ui/spinner";
import type { ListSummary } from "@/lib/invitations/list-model";
import { ErrorMessage } from "@/components/ui/error-message";
import { formatCount, plural } from "@/lib/format";

const count = formatCount;

function summaryText(s: ListSummary): string {
  const parts = [`${count(s.pending)} pending`, `${count(s.expiringSoon)} expiring soon`];
  if (s.expired) parts.push(`${count(s.expired)} expired`);
  if (s.legacyProject) parts.push(plural(s.legacyProject, "legacy project invitation"));
  return parts.join(" · ");
}

interface HeaderProps {
  /** Unknown until the org list arrives. */
  orgName?: string;
  api?: "users" | "invitations";
  summary?: ListSummary;
  /** Shows a placeholder for the counts (not when the list failed: the error says enough). */
  loading: boolean;
  /** How many rows the filters leave, when some filter is on. */
  shown?: number;
  action: ReactNode;
  /** The ledger tabs name their own list ("Expired invitations") and count. */
  title?: string;
  /** Replaces the pending summary (a ledger tab's "4 expired"); `total` is what "showing N of" counts. */
  ledger?: { text: string; total: number };
  /** The pending list is still streaming: how many rows are in, of how many Atlas counted. */
  progress?: { loaded: number; total: number };
}

export function InvitationsHeader(props: HeaderProps) {
  const {
    orgName,
    api,
    summary,
    loading,
    shown,
    action,
    title = "Pending invitations",
    ledger,
    progress,
  } = props;
  return (
    <div className="flex flex-wrap items-start justify-between gap-x-6 gap-y-3">
      <div className="min-w-0">
        <div className="flex flex-wrap items-center gap-2">
          <h1 className="text-xl font-semibold tracking-tight">{title}</h1>
          {api && !ledger ? (
            <Badge
              title={
                api === "users"
                  ? "Read and written through the Atlas org users API (2025-02-19)."
                  : "Read and written through the legacy Atlas invitations API (sunset 2027-07-01)."
              }
            >
              {api === "users" ? "Atlas users API" : "Legacy invitations API"}
            </Badge>
          ) : null}
        </div>
        <p className="mt-1 text-sm text-muted" role="status">
          {orgName ? (
            <span className="font-medium text-fg">{orgName}</span>
          ) : (
            <Skeleton className="inline-block h-3.5 w-24 align-middle" />
          )}
          {ledger ? (
            <>
              {" · "}
              {ledger.text}
              {shown !== undefined ? ` · showing ${count(shown)} of ${count(ledger.total)}` : null}
            </>
          ) : summary ? (
            <>
              {" · "}
              {summaryText(summary)}
              {shown !== undefined ? ` · showing ${count(shown)} of ${count(summary.pending)}` : null}
            </>
          ) : progress ? (
            <>
              {" · "}
              <span aria-busy="true">
                {/* The spinner stays with its word; the line may wrap after it (a phone's 390 px). */}
                <span className="whitespace-nowrap">
                  <Spinner className="mr-1.5 size-3 align-[-1px] text-primary" />
                  Loading
                </span>
                {` ${count(progress.loaded)} of ${count(progress.total)} invitations…`}
              </span>
            </>
          ) : loading ? (
            <Skeleton className="ml-2 inline-block h-3.5 w-48 align-middle" />
          ) : null}
        </p>
      </div>
      {action}
    </div>
  );
}

interface NoticesProps {
  refreshError?: Error;
  namesError: boolean;
  retrying: boolean;
  onRetry: () => void;
}

/** Problems that do not empty the list: a failed background refresh, team or project names missing. */
export function InvitationsNotices({ refreshError, namesError, retrying, onRetry }: NoticesProps) {
  if (!refreshError && !namesError) return null;
  return (
    <div
      role="alert"
      className="flex flex-wrap items-center gap-x-3 gap-y-2 rounded-md bg-warn-soft px-3 py-2 text-sm text-on-warn-soft"
    >
      <AlertIcon />
      <span className="min-w-0 flex-1">
        {refreshError ? (
          <>
            The list could not be refreshed: <ErrorMessage error={refreshError} />{" "}
          </>
        ) : null}
        {namesError ? "Team or project names could not be loaded; their ids are shown instead." : null}
      </span>
      <RetryButton error={refreshError} size="sm" pending={retrying} onClick={onRetry} />
    </div>
  );
}
