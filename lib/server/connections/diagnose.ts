import "server-only";
import type { ConnectionTest, ProblemCode } from "@/lib/schemas/connections";
import type { Observe } from "../atlas/diagnose";
import {
  headerObserver,
  listVisibleOrgs,
  observeNothing,
  probeOrgInvitations,
  probeOrgUsers,
} from "../atlas/diagnose";
import type { AtlasError } from "../atlas/errors";
import { isAtlasError } from "../atlas/errors";
import type { AtlasHttp } from "../atlas/http";

// What "Test connection" concludes from Atlas' answers (the calls themselves: lib/server/atlas/diagnose.ts).

type Problem = NonNullable<ConnectionTest["problem"]>;

/** At most this many orgs are probed for the role (each costs one call from the org's rate-limit bucket). */
const MAX_PROBED_ORGS = 20;

const IPV4 = /\b(?:\d{1,3}\.){3}\d{1,3}\b/;
const IPV6 = /\b[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}\b/i;

/** Atlas names the access-list refusal IP_ADDRESS_NOT_ON_ACCESS_LIST (older: ...WHITELIST, ORG_REQUIRES_ACCESS_LIST). */
function isAccessListError(e: AtlasError): boolean {
  if (e.status !== 403) return false;
  return (
    /ACCESS_LIST|WHITELIST/.test(e.errorCode ?? "") ||
    /not allowed to access this resource|access list|whitelist/i.test(e.detail ?? "")
  );
}

/** The address Atlas saw the call come from: "IP address `203.0.113.5` is not allowed to access this resource." */
export function outboundAddressOf(detail: string | null): string | null {
  if (!detail) return null;
  return detail.match(IPV4)?.[0] ?? detail.match(IPV6)?.[0] ?? null;
}

function problem(code: ProblemCode, message: string, extra: Partial<Problem> = {}): Problem {
  return {
    code,
    message,
    status: null,
    atlasErrorCode: null,
    outboundIp: null,
    retryAfter: null,
    orgId: null,
    ...extra,
  };
}

/** Turns a failed call into the problem an admin can fix; null when it is no problem of the connection. */
function diagnoseError(e: unknown, http: AtlasHttp, orgId: string | null = null): Problem {
  if (!isAtlasError(e)) {
    return problem("atlas_error", "The test failed unexpectedly; the server log has the details.", { orgId });
  }
  const base = { status: e.status, atlasErrorCode: e.errorCode, orgId };
  const url = http.conn.baseUrl;
  if (e.failure === "network") {
    return problem(
      "unreachable",
      `Atlas at ${url} is unreachable (connection refused, DNS or TLS failure). Check the base URL and the ` +
        "console's outbound network (proxy, firewall).",
      base,
    );
  }
  if (e.failure === "timeout") {
    return problem(
      "unreachable",
      `Atlas at ${url} did not answer within ${Math.round(http.conn.timeoutMs / 1000)} s. Check the ` +
        "console's outbound network (proxy, firewall).",
      base,
    );
  }
  if (e.failure === "token" && (e.status === 401 || e.errorCode === "invalid_client")) {
    return problem(
      "bad_secret",
      `Atlas rejected the client id and secret (${e.errorCode ?? "401"}): the secret is wrong, expired or ` +
        "revoked, or the service account was deleted. Generate a new secret for this service account in Atlas " +
        "and rotate it here.",
      base,
    );
  }
  if (e.failure === "token" && e.status === 403) {
    return problem(
      "token_limit",
      "Atlas refused a new access token (access_denied): the service account has reached 100 live tokens. " +
        "Tokens expire after an hour; stop other clients minting tokens with this account.",
      base,
    );
  }
  if (e.status === 429 || (e.failure === "token" && e.status === 429)) {
    return problem(
      "rate_limited",
      `Atlas rate limit reached${e.retryAfter !== null ? `: retry in ${e.retryAfter} s` : ""}. The ` +
        "credentials themselves may be fine; test again later.",
      { ...base, retryAfter: e.retryAfter },
    );
  }
  if (e.status === 401) {
    return problem(
      "bad_secret",
      "Atlas issued an access token but rejected it on use (401 twice). The service account may have been " +
        "deleted or its secret revoked meanwhile; rotate the secret.",
      base,
    );
  }
  if (isAccessListError(e)) {
    const ip = outboundAddressOf(e.detail);
    return problem(
      "ip_access_list",
      ip
        ? `Atlas refuses calls from this console's address ${ip}: the service account has an API access ` +
            `list. Add ${ip} (or its network range) to the service account's access list in Atlas.`
        : "Atlas refuses calls from this console's address: the service account has an API access list. Add " +
            "the console's outbound address to it in Atlas (Atlas did not say which address it saw).",
      { ...base, outboundIp: ip },
    );
  }
  if (e.status === 410) {
    return problem(
      "api_retired",
      `Atlas retired the API version this connection uses (410 ${e.errorCode ?? "VERSION_GONE"}). ` +
        "Switch the connection to the users API.",
      base,
    );
  }
  if (e.status === 403) {
    return problem(
      "member_only",
      "The service account lacks the role this needs (403 " +
        `${e.errorCode ?? "Forbidden"}). Give it Organization Owner in Atlas.`,
      base,
    );
  }
  return problem(
    "atlas_error",
    `Atlas answered ${e.status ?? e.failure}${e.detail ? `: ${e.detail}` : ""}.`,
    base,
  );
}

/**
 * "Test connection": token, orgs, the role in each org, and the budget and sunset headers Atlas sent,
 * without changing anything in Atlas. Stops at the first problem that makes further calls pointless.
 */
export async function diagnoseConnection(
  http: AtlasHttp,
  now: () => number = Date.now,
): Promise<ConnectionTest> {
  const started = now();
  const headers = headerObserver();
  const observe = headers.observe;
  const result = (
    token: ConnectionTest["token"],
    orgs: ConnectionTest["orgs"],
    found: Problem | null,
  ): ConnectionTest => ({
    ok: found === null,
    testedAt: new Date(started).toISOString(),
    durationMs: Math.max(0, now() - started),
    problem: found,
    token,
    orgs,
    rateLimits: headers.rateLimits(),
    sunsets: headers.sunsets(),
  });

  try {
    await http.tokens.token();
  } catch (e) {
    return result("failed", [], diagnoseError(e, http));
  }

  let orgs: { id: string; name: string }[];
  try {
    orgs = await listVisibleOrgs(http, observe);
  } catch (e) {
    return result("ok", [], diagnoseError(e, http));
  }
  if (orgs.length === 0) {
    return result(
      "ok",
      [],
      problem(
        "no_orgs",
        "The credentials work, but the service account is not a member of any organization. Add it to an " +
          "organization in Atlas with Organization Owner.",
      ),
    );
  }

  const seen: ConnectionTest["orgs"] = [];
  let found: Problem | null = null;
  for (const org of orgs.slice(0, MAX_PROBED_ORGS)) {
    const probe = await probeOrg(http, org.id, observe);
    seen.push({ ...org, role: probe.role });
    if (probe.problem && !found) found = { ...probe.problem, orgId: org.id };
    // Access list and rate limit apply to every org alike: one answer is enough.
    if (
      probe.problem &&
      ["ip_access_list", "rate_limited", "unreachable", "bad_secret"].includes(probe.problem.code)
    )
      break;
  }
  for (const org of orgs.slice(seen.length)) seen.push({ ...org, role: "unknown" });
  const memberOnly = seen.filter((o) => o.role === "member");
  if (!found && memberOnly.length > 0) {
    found = problem(
      "member_only",
      `The service account is only Organization Member in ${memberOnly.map((o) => o.name).join(", ")}: it ` +
        "can read but not invite. Give it Organization Owner in Atlas (Access Manager → Service Accounts).",
      { status: 403, atlasErrorCode: "USER_UNAUTHORIZED", orgId: memberOnly[0]!.id },
    );
  }
  return result("ok", seen, found);
}

/**
 * One org's role, read-only, for routing: whether this connection may serve the org (Organization Owner) before
 * it is recorded as the org's route. Costs one or two calls from the org's rate-limit bucket.
 */
export function probeOrgRole(
  http: AtlasHttp,
  orgId: string,
): Promise<{ role: ConnectionTest["orgs"][number]["role"]; problem: Problem | null }> {
  return probeOrg(http, orgId, observeNothing);
}

/**
 * The role in one org, read-only: listing the org's invitations needs Organization Owner (a member gets 403).
 * In users-API mode the users list must work too; in invitations mode a retired legacy version is the problem.
 */
async function probeOrg(
  http: AtlasHttp,
  orgId: string,
  observe: Observe,
): Promise<{ role: ConnectionTest["orgs"][number]["role"]; problem: Problem | null }> {
  let role: "owner" | "member" | "unknown" = "unknown";
  try {
    await probeOrgInvitations(http, orgId, observe);
    role = "owner";
  } catch (e) {
    const found = diagnoseError(e, http, orgId);
    if (found.code === "member_only") role = "member";
    else if (found.code === "api_retired" && http.conn.invitesApi === "users") role = "unknown";
    else if (found.code === "api_retired") {
      return {
        role,
        problem: {
          ...found,
          message:
            "Atlas retired the legacy invitations API (2023-01-01, 410 VERSION_GONE) that this connection is " +
            "set to use. Edit the connection and switch it to the users API.",
        },
      };
    } else return { role, problem: found };
  }
  if (http.conn.invitesApi === "users") {
    try {
      await probeOrgUsers(http, orgId, observe);
    } catch (e) {
      return { role, problem: diagnoseError(e, http, orgId) };
    }
  }
  return { role, problem: null };
}
