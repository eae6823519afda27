"use client";

import { useQuery } from "@tanstack/react-query";
import { toast } from "@/components/ui/toast";
import { useHydrated } from "@/components/hooks/use-hydrated";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { DateTime } from "@/components/ui/date-time";
import { Skeleton } from "@/components/ui/skeleton";
import { LoadError } from "@/components/ui/load-error";
import { ApiError } from "@/lib/api-client/errors";
import { notificationsStatusQuery } from "@/lib/api-client/notifications/queries";
import { useRetryNotification } from "@/lib/api-client/notifications/mutations";
import type { NotificationsStatus, OutboxRowView, OutboxStatus } from "@/lib/schemas/notifications";
import { DigestPreviewPanel, TestSends } from "./notification-tools";

const STATUS: Record<OutboxStatus, { label: string; tone: "ok" | "warn" | "danger" | "info" | "neutral" }> = {
  queued: { label: "Queued", tone: "info" },
  sending: { label: "Sending", tone: "info" },
  sent: { label: "Sent", tone: "ok" },
  retrying: { label: "Retrying", tone: "warn" },
  failed: { label: "Failed", tone: "danger" },
};

const KIND = { digest: "Daily digest", set_password: "Set-password link", test: "Test" } as const;

function Transports({ data }: { data: NotificationsStatus }) {
  return (
    <section aria-labelledby="transports-title" className="rounded-lg border border-line bg-surface p-4">
      <h2 id="transports-title" className="text-base font-semibold">
        Delivery
      </h2>
      <dl className="mt-3 grid grid-cols-1 gap-x-4 gap-y-2 text-sm sm:grid-cols-[10rem_minmax(0,1fr)]">
        <dt className="font-medium">E-mail (SMTP)</dt>
        <dd className="min-w-0 break-words">
          {data.email.configured ? (
            <>
              <Badge tone="ok">Configured</Badge> {data.email.server} · from {data.email.from}
            </>
          ) : (
            <>
              <Badge>Not configured</Badge> Set SMTP_URL and NOTIFY_FROM; set-password links are shown to the
              admin to hand over meanwhile.
            </>
          )}
        </dd>
        <dt className="font-medium">Webhook</dt>
        <dd className="min-w-0 break-words">
          {data.webhook.configured ? (
            <>
              <Badge tone="ok">Configured</Badge> {data.webhook.host}, signed (X-Console-Signature)
            </>
          ) : (
            <>
              <Badge>Not configured</Badge> Optional: NOTIFY_WEBHOOK_URL and NOTIFY_WEBHOOK_SECRET.
            </>
          )}
        </dd>
        <dt className="font-medium">Daily digest</dt>
        <dd className="min-w-0 break-words">
          {data.digest.cron ? (
            <>
              Cron <code className="rounded bg-subtle px-1">{data.digest.cron}</code> (UTC)
            </>
          ) : (
            "Off (no transport configured, or NOTIFY_DIGEST_CRON=off)"
          )}
          {data.digest.lastRunAt ? (
            <>
              {" "}
              · last built <DateTime value={data.digest.lastRunAt} />
            </>
          ) : null}
        </dd>
      </dl>
    </section>
  );
}

function Row({ row }: { row: OutboxRowView }) {
  const retry = useRetryNotification();
  const status = STATUS[row.status];
  return (
    <li className="flex flex-wrap items-start gap-x-3 gap-y-2 py-3">
      <div className="min-w-0 flex-1 basis-64">
        <div className="flex flex-wrap items-center gap-2">
          <Badge tone={status.tone}>{status.label}</Badge>
          <span className="text-sm font-medium">{KIND[row.kind]}</span>
          <span className="text-sm break-all text-muted">
            {row.channel === "webhook" ? "webhook " : "to "}
            {row.recipient}
          </span>
        </div>
        <p className="mt-1 text-sm break-words">{row.subject}</p>
        <p className="mt-0.5 text-xs text-muted">
          <DateTime value={row.createdAt} />
          {row.attempts > 0 ? ` · ${row.attempts} attempt${row.attempts === 1 ? "" : "s"}` : ""}
          {row.sentAt ? (
            <>
              {" "}
              · sent <DateTime value={row.sentAt} />
            </>
          ) : null}
        </p>
        {row.lastError && row.status !== "sent" ? (
          <p className="mt-1 text-sm break-words text-danger">Last error: {row.lastError}</p>
        ) : null}
      </div>
      {row.retryable && (row.status === "failed" || row.status === "retrying") ? (
        <Button
          size="sm"
          pending={retry.isPending}
          aria-label={`Retry ${KIND[row.kind].toLowerCase()} to ${row.recipient}`}
          onClick={() =>
            retry.mutate(row.id, {
              onSuccess: () => toast.success("Queued again."),
              onError: (e) =>
                toast.error(e instanceof ApiError ? e.message : "The retry did not go through."),
            })
          }
        >
          Retry
        </Button>
      ) : null}
    </li>
  );
}

/** The Notifications page's client island: transports, counts, recent sends with failures and retry. */
export function NotificationsView() {
  const hydrated = useHydrated();
  const query = useQuery(notificationsStatusQuery());
  const data = hydrated ? query.data : undefined;

  let body;
  if (!hydrated || query.isPending) {
    body = (
      <div role="status" aria-label="Loading notifications" className="flex flex-col gap-3">
        <Skeleton className="h-28 w-full" />
        <Skeleton className="h-40 w-full" />
      </div>
    );
  } else if (query.isError || !data) {
    body = (
      <LoadError title="The notifications could not be loaded" query={query}>
        {query.error instanceof ApiError ? query.error.message : "Something went wrong."}
      </LoadError>
    );
  } else {
    const problems = data.counts.failed + data.counts.retrying;
    body = (
      <>
        <Transports data={data} />
        <TestSends data={data} />
        <DigestPreviewPanel />
        <section aria-labelledby="recent-title" className="rounded-lg border border-line bg-surface p-4">
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <h2 id="recent-title" className="text-base font-semibold">
              Recent notifications
            </h2>
            <p className="text-sm text-muted">
              {data.counts.sent} sent · {data.counts.queued + data.counts.sending} waiting ·{" "}
              <span className={problems > 0 ? "font-medium text-danger" : undefined}>
                {data.counts.retrying} retrying · {data.counts.failed} failed
              </span>
            </p>
          </div>
          {data.recent.length === 0 ? (
            <p className="mt-3 text-sm text-muted">
              Nothing sent yet. The digest goes out once a day when something expires soon or changed.
            </p>
          ) : (
            <ul aria-label="Recent notifications" className="mt-2 divide-y divide-line">
              {data.recent.map((row) => (
                <Row key={row.id} row={row} />
              ))}
            </ul>
          )}
        </section>
      </>
    );
  }

  return (
    <div className="mx-auto flex w-full max-w-5xl min-w-0 flex-col gap-4 px-4 py-6 sm:px-6">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">Notifications</h1>
        <p className="text-sm text-muted">
          The daily invitations digest and set-password e-mails: how they go out and what failed. A failed
          delivery is retried with back-off; retry it here once the cause is fixed.
        </p>
      </div>
      {body}
    </div>
  );
}
