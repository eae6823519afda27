import "server-only";
import type { Invitation, InviteInput, InviteResult } from "@/lib/schemas/invitations";
import { splitEmails } from "@/lib/schemas/invitations";
import { AtlasError } from "../atlas/errors";
import type { AtlasHttp } from "../atlas/http";
import { cancelProjectInvitation, invitationsApi, listProjectInvitations } from "../atlas/invitations";
import { mapError } from "../api/errors";

export async function listPendingInvitations(http: AtlasHttp, orgId: string) {
  const api = invitationsApi(http);
  const [org, project] = await Promise.all([api.list(orgId), listProjectInvitations(http, orgId)]);
  return { api: api.api, invitations: [...org, ...project] };
}

// SECURITY.md 7 (in memory until [C] stores it): one Atlas create per (org, e-mail) at a time, and a replayed
// Idempotency-Key gets the first answer back instead of a second create.
const inFlight = new Map<string, Promise<InviteResult>>();
const byKey = new Map<string, { at: number; results: Promise<InviteResult[]> }>();
const KEY_TTL_MS = 10 * 60_000;

function classify(e: unknown): InviteResult["outcome"] {
  if (e instanceof AtlasError && (e.status === 409 || e.status === 400)) {
    if (e.errorCode === "USER_ALREADY_IN_ORG") return "already_member";
    if (e.errorCode === "USER_ALREADY_INVITED" || e.status === 409) return "already_invited";
  }
  return "failed";
}

async function inviteOne(
  http: AtlasHttp,
  orgId: string,
  email: string,
  input: InviteInput,
): Promise<InviteResult> {
  const key = `${orgId}\u0000${email.toLowerCase()}`;
  const running = inFlight.get(key);
  if (running) return running;
  const work = (async (): Promise<InviteResult> => {
    try {
      const invitation: Invitation = await invitationsApi(http).create(orgId, {
        email,
        orgRoles: input.orgRoles,
        teamIds: input.teamIds,
        projectRoles: input.projectRoles,
      });
      return { email, outcome: "invited", invitation };
    } catch (e) {
      const outcome = classify(e);
      if (outcome === "already_member")
        return {
          email,
          outcome,
          message: "Already a member of this organization.",
          code: "conflict",
          status: 409,
        };
      if (outcome === "already_invited") {
        return {
          email,
          outcome,
          message: "Already invited: a pending invitation exists for this address.",
          code: "conflict",
          status: 409,
        };
      }
      const mapped = mapError(e);
      return {
        email,
        outcome,
        message: mapped.body.error.message,
        code: mapped.body.error.code,
        status: mapped.status,
      };
    }
  })();
  inFlight.set(key, work);
  try {
    return await work;
  } finally {
    inFlight.delete(key);
  }
}

/** One invitation per address, in order (Atlas rate limits are per org). */
export function inviteMany(
  http: AtlasHttp,
  orgId: string,
  input: InviteInput,
  idempotencyKey: string | null,
): Promise<InviteResult[]> {
  const now = Date.now();
  for (const [k, v] of byKey) if (now - v.at > KEY_TTL_MS) byKey.delete(k);
  const scoped = idempotencyKey ? `${orgId}\u0000${idempotencyKey}` : null;
  const replay = scoped ? byKey.get(scoped) : undefined;
  if (replay) return replay.results;
  const results = (async () => {
    const out: InviteResult[] = [];
    const seen = new Set<string>();
    for (const email of splitEmails(input.emails).map((e) => e.toLowerCase())) {
      if (seen.has(email)) continue;
      seen.add(email);
      out.push(await inviteOne(http, orgId, email, input));
    }
    return out;
  })();
  if (scoped) {
    byKey.set(scoped, { at: now, results });
    results.catch(() => byKey.delete(scoped));
  }
  return results;
}

export async function cancelInvitation(
  http: AtlasHttp,
  orgId: string,
  id: string,
  source: "users" | "invitations" | "project",
  projectId: string | undefined,
): Promise<void> {
  if (source === "project") {
    if (!projectId)
      throw new AtlasError(
        "http",
        "projectId is required",
        400,
        null,
        "projectId is required for a project invitation",
      );
    await cancelProjectInvitation(http, projectId, id);
    return;
  }
  const api = invitationsApi(http);
  if (api.api !== source) {
    throw new AtlasError(
      "http",
      "stale list",
      409,
      "STALE_SOURCE",
      "The list is out of date: reload it and try again.",
    );
  }
  await api.cancel(orgId, id);
}
