"use client";

import { useQuery } from "@tanstack/react-query";
import { toast } from "@/components/ui/toast";
import type { AccountSession } from "@/lib/schemas/account";
import { accountSessionsQuery } from "@/lib/api-client/account/queries";
import { useEndSession } from "@/lib/api-client/account/mutations";
import { ApiError } from "@/lib/api-client/errors";
import { authMessage } from "@/lib/api-client/auth/errors";
import { useRevokeOtherSessions } from "@/lib/api-client/auth/mutations";
import { AuditTime } from "@/components/audit/audit-time";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Section } from "./section";
import { SectionQuery } from "./section-query";
import { DisabledReason } from "@/components/ui/disabled-reason";

/** "Firefox on Linux" from a user agent: enough to recognise one's own devices. */
function describeAgent(ua: string | null): string {
  if (!ua) return "Unknown device";
  const browser = /Edg\//.test(ua)
    ? "Edge"
    : /Firefox\//.test(ua)
      ? "Firefox"
      : /Chrome\/|Chromium\//.test(ua)
        ? "Chrome"
        : /Safari\//.test(ua)
          ? "Safari"
          : /curl|node|undici|Playwright/i.test(ua)
            ? "Script"
            : "Browser";
  const os = /Android/.test(ua)
    ? "Android"
    : /iPhone|iPad/.test(ua)
      ? "iOS"
      : /Windows/.test(ua)
        ? "Windows"
        : /Mac OS X|Macintosh/.test(ua)
          ? "macOS"
          : /Linux/.test(ua)
            ? "Linux"
            : null;
  return os ? `${browser} on ${os}` : browser;
}

function SessionItem({ s }: { s: AccountSession }) {
  const end = useEndSession();
  return (
    <li className="flex flex-wrap items-start justify-between gap-3 py-3">
      <div className="min-w-0 flex-1">
        <div className="flex flex-wrap items-center gap-2">
          <span className="font-medium" title={s.userAgent ?? undefined}>
            {describeAgent(s.userAgent)}
          </span>
          {s.current ? <Badge tone="info">This session</Badge> : null}
        </div>
        <dl className="mt-1 grid grid-cols-[auto_minmax(0,1fr)] gap-x-3 text-xs text-muted">
          <dt>IP address</dt>
          <dd className="break-all">{s.ip ?? "unknown"}</dd>
          <dt>Signed in</dt>
          <dd>
            <AuditTime iso={s.createdAt} />
          </dd>
          <dt>Last active</dt>
          <dd>
            <AuditTime iso={s.lastActiveAt} />
          </dd>
        </dl>
      </div>
      {s.current ? null : (
        <Button
          size="sm"
          pending={end.isPending}
          aria-label={`End session: ${describeAgent(s.userAgent)}, ${s.ip ?? "unknown address"}`}
          onClick={() =>
            // mutateAsync: the refetch removes this row before the mutation settles (mutate's callbacks
            // would not run once it is unmounted).
            end.mutateAsync(s.id).then(
              () => toast.success("Session ended."),
              (e: unknown) =>
                toast.error(e instanceof ApiError ? e.message : "The session could not be ended."),
            )
          }
        >
          End
        </Button>
      )}
    </li>
  );
}

/** The caller's sessions, newest activity first; end one, or every other one at once. */
export function SessionsSection() {
  const query = useQuery(accountSessionsQuery());
  const endOthers = useRevokeOtherSessions();
  const others = query.data?.sessions.filter((s) => !s.current).length ?? 0;
  // Said once the list is known (while it loads there is nothing to explain yet).
  const noOthers = query.data && others === 0 ? "You are signed in nowhere else." : null;

  return (
    <Section
      id="account-sessions"
      title="Sessions"
      description="Where you are signed in. End a session you do not recognise."
    >
      <SectionQuery
        query={query}
        loadingLabel="Loading your sessions"
        errorTitle="Your sessions could not be loaded"
        rows={2}
      >
        {(data) => (
          <ul aria-label="Your sessions" className="divide-y divide-line">
            {data.sessions.map((s) => (
              <SessionItem key={s.id} s={s} />
            ))}
          </ul>
        )}
      </SectionQuery>
      <div className="mt-3 flex flex-wrap items-center gap-x-3 gap-y-1">
        <Button
          disabled={others === 0}
          aria-describedby={noOthers ? "sessions-none-other" : undefined}
          pending={endOthers.isPending}
          onClick={() =>
            endOthers.mutate(undefined, {
              onSuccess: () => toast.success("Your other sessions have ended."),
              onError: (e) => toast.error(authMessage(e, "The other sessions could not be ended.")),
            })
          }
        >
          End all other sessions
        </Button>
        <DisabledReason id="sessions-none-other" reason={noOthers} />
      </div>
    </Section>
  );
}
