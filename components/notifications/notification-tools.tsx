"use client";

import { useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useCurrentOrg } from "@/components/layout/use-current-org";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Label, Select } from "@/components/ui/field";
import { RetryButton } from "@/components/ui/retry-button";
import { Skeleton } from "@/components/ui/skeleton";
import { ApiError } from "@/lib/api-client/errors";
import { digestPreviewQuery } from "@/lib/api-client/notifications/queries";
import { useSendTestNotification } from "@/lib/api-client/notifications/mutations";
import { orgsQuery } from "@/lib/api-client/orgs/queries";
import type {
  NotificationChannel,
  NotificationsStatus,
  NotificationTestResult,
} from "@/lib/schemas/notifications";

// The Notifications page's tools: try each transport now, and read the next digest of an org before it goes out.

const CHANNEL_WORDS: Record<NotificationChannel, { button: string; off: string }> = {
  email: {
    button: "Send a test e-mail to me",
    off: "E-mail is not configured (SMTP_URL and NOTIFY_FROM).",
  },
  webhook: {
    button: "Send a test webhook call",
    off: "The webhook is not configured (NOTIFY_WEBHOOK_URL and NOTIFY_WEBHOOK_SECRET).",
  },
};

function TestButton({ channel, configured }: { channel: NotificationChannel; configured: boolean }) {
  const send = useSendTestNotification();
  const [result, setResult] = useState<NotificationTestResult | { error: string } | null>(null);
  const reasonId = useId();
  const words = CHANNEL_WORDS[channel];
  return (
    <div className="flex min-w-0 flex-col gap-1.5">
      <div>
        <Button
          size="sm"
          pending={send.isPending}
          disabled={!configured}
          aria-describedby={configured ? undefined : reasonId}
          onClick={() => {
            setResult(null);
            send.mutate(channel, {
              onSuccess: setResult,
              onError: (e) =>
                setResult({ error: e instanceof ApiError ? e.message : "The console did not answer." }),
            });
          }}
        >
          {words.button}
        </Button>
      </div>
      {configured ? null : (
        // Visible, not only in a title: keyboard and touch users read why the button does nothing.
        <p id={reasonId} className="text-xs text-muted">
          {words.off}
        </p>
      )}
      <p role="status" className="text-sm break-words">
        {result === null ? null : "error" in result ? (
          <span className="text-danger">{result.error}</span>
        ) : (
          <>
            <Badge tone={result.delivered ? "ok" : "danger"}>{result.delivered ? "Sent" : "Not sent"}</Badge>{" "}
            {result.message}
          </>
        )}
      </p>
    </div>
  );
}

/** "Send a test" for e-mail (to the admin's own address) and for the webhook. */
export function TestSends({ data }: { data: NotificationsStatus }) {
  return (
    <section aria-labelledby="test-title" className="rounded-lg border border-line bg-surface p-4">
      <h2 id="test-title" className="text-base font-semibold">
        Try it
      </h2>
      <p className="mt-1 text-sm text-muted">
        One message now, through the settings above: an e-mail to your own address, or a signed call to the
        webhook. One test per minute each; the result is listed below and in the audit log.
      </p>
      <div className="mt-3 grid gap-4 sm:grid-cols-2">
        <TestButton channel="email" configured={data.email.configured} />
        <TestButton channel="webhook" configured={data.webhook.configured} />
      </div>
    </section>
  );
}

function PreviewBody({ orgId }: { orgId: string }) {
  const preview = useQuery(digestPreviewQuery(orgId));
  if (preview.isPending) {
    return (
      <div role="status" aria-label="Loading the digest preview" className="mt-3 flex flex-col gap-2">
        <Skeleton className="h-4 w-2/3" />
        <Skeleton className="h-24 w-full" />
      </div>
    );
  }
  if (preview.isError) {
    return (
      <div role="alert" className="mt-3 flex flex-wrap items-center gap-2 text-sm text-danger">
        <span>
          The preview could not be built:{" "}
          {preview.error instanceof ApiError ? preview.error.message : "the console did not answer."}
        </span>
        <RetryButton
          error={preview.error}
          size="sm"
          pending={preview.isFetching}
          onClick={() => void preview.refetch()}
        />
      </div>
    );
  }
  const p = preview.data;
  if (p.empty) {
    return (
      <p className="mt-3 text-sm text-muted">
        Nothing to report for {p.day}: nothing expires within 7 days and nothing was accepted, expired or
        rejected since the last digest, so no e-mail and no webhook call would go out for this organization.
      </p>
    );
  }
  return (
    <div className="mt-3 flex min-w-0 flex-col gap-3 text-sm">
      <p>
        <span className="text-muted">Digest for {p.day} · subject </span>
        <span className="font-medium break-words">{p.subject}</span>
      </p>
      <p className="break-words">
        <span className="text-muted">E-mailed to </span>
        {!p.transports.email
          ? "nobody: e-mail is not configured"
          : p.recipients.length
            ? p.recipients.join(", ")
            : "nobody: every recipient turned the digest off"}
      </p>
      <pre
        // A scrolling box the keyboard can reach (axe scrollable-region-focusable).
        role="region"
        tabIndex={0}
        aria-label="Digest e-mail text"
        className="max-h-96 overflow-auto rounded-md bg-subtle p-3 text-xs whitespace-pre-wrap break-words"
      >
        {p.text}
      </pre>
      {p.webhookText !== null ? (
        <>
          <p className="text-muted">Webhook text (Slack):</p>
          <pre
            // A scrolling box the keyboard can reach (axe scrollable-region-focusable).
            role="region"
            tabIndex={0}
            aria-label="Digest webhook text"
            className="overflow-auto rounded-md bg-subtle p-3 text-xs whitespace-pre-wrap break-words"
          >
            {p.webhookText}
          </pre>
        </>
      ) : null}
    </div>
  );
}

/** The next digest of an org, as the job would write it (nothing is sent). */
export function DigestPreviewPanel() {
  const current = useCurrentOrg();
  const orgs = useQuery(orgsQuery());
  const [picked, setPicked] = useState<string | null>(null);
  const selectId = useId();
  const list = orgs.data?.orgs ?? [];
  const orgId = picked ?? (current && list.some((o) => o.id === current) ? current : (list[0]?.id ?? null));
  return (
    <section aria-labelledby="preview-title" className="rounded-lg border border-line bg-surface p-4">
      <h2 id="preview-title" className="text-base font-semibold">
        Next digest
      </h2>
      <p className="mt-1 text-sm text-muted">
        What the next daily digest would say for an organization, from what the console knows now. Nothing is
        sent.
      </p>
      {orgs.isPending ? (
        <Skeleton className="mt-3 h-9 w-64" />
      ) : list.length === 0 ? (
        <p className="mt-3 text-sm text-muted">No organization yet: add a connection first.</p>
      ) : (
        <div className="mt-3 flex flex-wrap items-center gap-2">
          <Label htmlFor={selectId}>Organization</Label>
          <Select id={selectId} value={orgId ?? ""} onChange={(e) => setPicked(e.target.value)}>
            {list.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </Select>
        </div>
      )}
      {orgId ? <PreviewBody orgId={orgId} /> : null}
    </section>
  );
}
