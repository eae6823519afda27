import { DateTime } from "@/components/ui/date-time";
import type { ConnectionTest, ProblemCode } from "@/lib/schemas/connections";
import { Badge } from "@/components/ui/badge";
import { AlertIcon, CheckIcon } from "@/components/ui/icons";

export const PROBLEM_TITLES: Record<ProblemCode, string> = {
  bad_secret: "Bad secret",
  token_limit: "Token limit reached",
  member_only: "Member-only account",
  ip_access_list: "IP access list",
  rate_limited: "Rate limited",
  unreachable: "Atlas unreachable",
  api_retired: "Retired API version",
  no_orgs: "No organizations",
  atlas_error: "Atlas error",
};

const ROLE_LABEL = {
  owner: "Organization Owner",
  member: "Organization Member only",
  unknown: "role not checked",
};

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : "—");

/**
 * A short badge for the list: the latest evidence, the last test's outcome or, when later (or never tested),
 * real work through the connection that succeeded (lib/api-client/connections/queries.ts useConnectionLastUse).
 */
export function TestBadge({ test, lastUsedAt }: { test: ConnectionTest | null; lastUsedAt?: string | null }) {
  if (lastUsedAt && (!test || Date.parse(lastUsedAt) > Date.parse(test.testedAt))) {
    return <Badge tone="ok">Working</Badge>;
  }
  if (!test) return <Badge>Not tested</Badge>;
  if (test.ok) return <Badge tone="ok">Working</Badge>;
  return <Badge tone="danger">{PROBLEM_TITLES[test.problem?.code ?? "atlas_error"]}</Badge>;
}

/** The diagnosis and the health details: token, roles, rate-limit budget, sunset dates. */
export function TestResult({ test }: { test: ConnectionTest }) {
  const problem = test.problem;
  return (
    <div className="space-y-3 text-sm">
      {problem ? (
        <div
          role="alert"
          className="flex items-start gap-2 rounded-md bg-danger-soft px-3 py-2 text-on-danger-soft"
        >
          <AlertIcon className="mt-0.5 shrink-0" />
          <div className="min-w-0 space-y-1">
            <p className="font-medium">{PROBLEM_TITLES[problem.code]}</p>
            <p>{problem.message}</p>
            {problem.outboundIp ? (
              <p>
                This console&apos;s outbound address: <code className="font-mono">{problem.outboundIp}</code>
              </p>
            ) : null}
            {problem.atlasErrorCode || problem.status ? (
              <p className="text-xs opacity-80">
                Atlas answered {problem.status ?? "—"}
                {problem.atlasErrorCode ? ` ${problem.atlasErrorCode}` : ""}
              </p>
            ) : null}
          </div>
        </div>
      ) : (
        <p role="status" className="flex items-center gap-2 rounded-md bg-ok-soft px-3 py-2 text-on-ok-soft">
          <CheckIcon className="shrink-0" />
          The connection works: token issued, organizations listed, roles checked.
        </p>
      )}
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1.5">
        <dt className="text-muted">Tested</dt>
        <dd>
          <DateTime value={test.testedAt} /> ({test.durationMs} ms)
        </dd>
        <dt className="text-muted">Access token</dt>
        <dd>{test.token === "ok" ? "issued" : "refused"}</dd>
        {test.orgs.length > 0 ? (
          <>
            <dt className="text-muted">Role</dt>
            <dd>
              <ul>
                {test.orgs.map((o) => (
                  <li key={o.id}>
                    {o.name}: {ROLE_LABEL[o.role]}
                  </li>
                ))}
              </ul>
            </dd>
          </>
        ) : null}
        {test.rateLimits.length > 0 ? (
          <>
            <dt className="text-muted">Rate-limit budget</dt>
            <dd>
              <ul>
                {test.rateLimits.map((r) => (
                  <li key={r.endpoint}>
                    {r.endpoint}: {r.remaining} of {r.limit} left
                  </li>
                ))}
              </ul>
            </dd>
          </>
        ) : null}
        {test.sunsets.length > 0 ? (
          <>
            <dt className="text-muted">API sunsets</dt>
            <dd>
              <ul>
                {test.sunsets.map((s) => (
                  <li key={`${s.endpoint} ${s.version}`}>
                    {s.endpoint} {s.version}: deprecated {day(s.deprecation)}, sunset {day(s.sunset)}
                  </li>
                ))}
              </ul>
            </dd>
          </>
        ) : null}
      </dl>
    </div>
  );
}
