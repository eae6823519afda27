import type { ServerResponse } from "node:http";
import { sendJson } from "./http";
import type { Simulator } from "./simulator";
import type { Org, Person } from "./state";
import { isPlainObject, isoSeconds } from "./util";

function reply(res: ServerResponse, status: number, body?: unknown): void {
  sendJson(
    res,
    status,
    body,
    { "Content-Type": "application/json", "Cache-Control": "no-store" },
    { pretty: true },
  );
}

function parse(raw: string): unknown {
  if (raw.trim() === "") return {};
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

const INDEX = {
  "GET /__sim/requests": "journal of Atlas calls (filters: method, path, operationId, since=<seq>)",
  "DELETE /__sim/requests": "clear the journal",
  "POST /__sim/reset":
    'back to the seed ({tokens: true} also drops issued access tokens; {seed: "demo+N"} adds N pending invitations, {seed: "orgs+N"} N orgs, this time only)',
  "GET|POST|DELETE /__sim/faults":
    "list / add {method?, path?, status?, errorCode?, retryAfter?, delayMs?, drop?, times?} / clear",
  "GET|POST /__sim/clock": "read / move the simulated clock {advanceSeconds}",
  "POST /__sim/orgs/{orgId}/invites/{invitationId}/accept|reject":
    "the invitee answers (legacy invitation id)",
  "POST /__sim/orgs/{orgId}/users/{userId}/accept|reject": "the invitee answers (users API id)",
  "POST /__sim/groups/{groupId}/invites/{invitationId}/accept|reject": "a project invitation is answered",
  "GET /__sim/stats": "counters",
  "POST /__sim/service-accounts":
    "add (or replace) a service account {clientId, clientSecret, name?, orgRoles, groupRoles?} until the next reset",
};

/** The control API under /__sim/: for tests and demos only, never reachable through the console. */
export function handleControl(
  sim: Simulator,
  method: string,
  url: URL,
  raw: string,
  res: ServerResponse,
): void {
  const path = url.pathname.replace(/\/+$/, "");
  const route = `${method} ${path}`;
  if (route === "GET /__sim") return reply(res, 200, INDEX);
  if (route === "GET /__sim/requests") {
    const q = url.searchParams;
    const since = Number(q.get("since") ?? 0);
    const entries = sim.journal.filter(
      (e) =>
        e.seq > since &&
        (!q.get("method") || e.method === q.get("method")?.toUpperCase()) &&
        (!q.get("path") || e.path === q.get("path")) &&
        (!q.get("operationId") || e.operationId === q.get("operationId")),
    );
    return reply(res, 200, entries);
  }
  if (route === "DELETE /__sim/requests") {
    sim.journal = [];
    return reply(res, 204);
  }
  if (route === "POST /__sim/reset") {
    const body = parse(raw);
    const named = isPlainObject(body) ? body.seed : undefined;
    let seed: "demo" | `demo+${number}` | `orgs+${number}` | undefined;
    if (named !== undefined) {
      const demoBased = sim.seedInput === "demo" || /^(demo|orgs)\+/.test(String(sim.seedInput));
      const m = typeof named === "string" ? /^(?:demo(?:\+(\d{1,5}))?|orgs\+(\d{1,3}))$/.exec(named) : null;
      if (!m || !demoBased)
        return reply(res, 400, {
          error: demoBased
            ? 'seed must be "demo", "demo+N" (N up to 99999 extra pending invitations) or "orgs+N" (N up to 999 extra orgs)'
            : "seed can be chosen only when the simulator runs a demo seed",
        });
      seed = m[2] ? `orgs+${Number(m[2])}` : m[1] ? `demo+${Number(m[1])}` : "demo";
    }
    sim.reset({ tokens: isPlainObject(body) && body.tokens === true, ...(seed ? { seed } : {}) });
    return reply(res, 200, { reset: true, now: isoSeconds(sim.clock.now()) });
  }
  if (route === "GET /__sim/faults") return reply(res, 200, sim.faults.list());
  if (route === "DELETE /__sim/faults") {
    sim.faults.clear();
    return reply(res, 204);
  }
  if (route === "POST /__sim/faults") {
    const fault = sim.faults.add(parse(raw));
    return typeof fault === "string" ? reply(res, 400, { error: fault }) : reply(res, 201, fault);
  }
  if (route === "GET /__sim/clock") return reply(res, 200, { now: isoSeconds(sim.clock.now()) });
  if (route === "POST /__sim/clock") {
    const body = parse(raw);
    const seconds = isPlainObject(body) ? body.advanceSeconds : undefined;
    if (typeof seconds !== "number" || !Number.isFinite(seconds) || seconds < 0) {
      return reply(res, 400, {
        error: "advanceSeconds must be a non-negative number (the clock only moves forward)",
      });
    }
    sim.clock.advance(seconds);
    return reply(res, 200, { now: isoSeconds(sim.clock.now()) });
  }
  if (route === "GET /__sim/stats") return reply(res, 200, sim.stats());
  if (route === "POST /__sim/service-accounts") return addServiceAccount(sim, res, parse(raw));

  const answer = /^POST \/__sim\/(orgs|groups)\/([^/]+)\/(invites|users)\/([^/]+)\/(accept|reject)$/.exec(
    route,
  );
  if (answer) return answerInvitation(sim, res, answer.slice(1) as [string, string, string, string, string]);
  return reply(res, 404, { error: `no control endpoint ${route}`, endpoints: INDEX });
}

const ROLE_MAP = (v: unknown): v is Record<string, string[]> =>
  isPlainObject(v) &&
  Object.entries(v).every(
    ([id, roles]) =>
      /^[a-f0-9]{24}$/.test(id) && Array.isArray(roles) && roles.every((r) => typeof r === "string"),
  );

/** A service account as the seed would give it: tests build the accounts they need (a second owner, a member). */
function addServiceAccount(sim: Simulator, res: ServerResponse, body: unknown): void {
  if (
    !isPlainObject(body) ||
    typeof body.clientId !== "string" ||
    !/^mdb_sa_id_[a-f0-9]{24}$/.test(body.clientId) ||
    typeof body.clientSecret !== "string" ||
    body.clientSecret.length < 8 ||
    !ROLE_MAP(body.orgRoles) ||
    (body.groupRoles !== undefined && !ROLE_MAP(body.groupRoles))
  ) {
    return reply(res, 400, {
      error:
        "expected {clientId: mdb_sa_id_<24 hex>, clientSecret (8+ characters), name?, orgRoles: {<orgId>: [roles]}, groupRoles?}",
    });
  }
  sim.state.serviceAccounts.set(body.clientId, {
    clientId: body.clientId,
    clientSecret: body.clientSecret,
    name: typeof body.name === "string" ? body.name : body.clientId,
    orgRoles: new Map(Object.entries(body.orgRoles)),
    groupRoles: new Map(Object.entries((body.groupRoles as Record<string, string[]> | undefined) ?? {})),
  });
  return reply(res, 201, { clientId: body.clientId });
}

function answerInvitation(
  sim: Simulator,
  res: ServerResponse,
  [scope, scopeId, kind, id, verb]: [string, string, string, string, string],
): void {
  if (scope === "groups") {
    if (kind !== "invites")
      return reply(res, 404, { error: "use /__sim/groups/{groupId}/invites/{invitationId}/…" });
    const found = sim.state.findProject(scopeId);
    if (!found) return reply(res, 404, { error: `no project ${scopeId}` });
    sim.state.refresh(found.org);
    const inv = found.org.projectInvitations.find((i) => i.id === id && i.groupId === scopeId);
    if (!inv) return reply(res, 404, { error: `no pending project invitation ${id} in project ${scopeId}` });
    found.org.projectInvitations = found.org.projectInvitations.filter((i) => i !== inv);
    if (verb === "reject") return reply(res, 200, { rejected: inv.id });
    let person = sim.state.findPersonByUsername(found.org, inv.username);
    if (!person || person.status !== "ACTIVE") {
      if (person) found.org.people = found.org.people.filter((p) => p !== person);
      person = sim.state.invite(found.org, {
        username: inv.username,
        orgRoles: ["ORG_MEMBER"],
        groupRoleAssignments: [],
        teamIds: [],
        inviterUsername: inv.inviterUsername,
        via: "invitations",
      });
      sim.state.accept(person);
    }
    const existing = person.groupRoleAssignments.find((a) => a.groupId === inv.groupId);
    if (existing) existing.groupRoles = [...new Set([...existing.groupRoles, ...inv.roles])];
    else person.groupRoleAssignments.push({ groupId: inv.groupId, groupRoles: [...inv.roles] });
    return reply(res, 200, { accepted: inv.id, userId: person.id, orgMembershipStatus: person.status });
  }

  const org: Org | undefined = sim.state.orgs.get(scopeId);
  if (!org) return reply(res, 404, { error: `no org ${scopeId}` });
  sim.state.refresh(org);
  const person: Person | undefined =
    kind === "invites" ? org.people.find((p) => p.invitationId === id) : org.people.find((p) => p.id === id);
  if (!person)
    return reply(res, 404, {
      error: `no ${kind === "invites" ? "invitation" : "user"} ${id} in org ${scopeId}`,
    });
  if (person.status !== "PENDING") {
    return reply(res, 409, {
      error: `the invitation is ${person.status}, not PENDING`,
      orgMembershipStatus: person.status,
    });
  }
  if (verb === "accept") sim.state.accept(person);
  else sim.state.reject(person);
  return reply(res, 200, {
    userId: person.id,
    username: person.username,
    orgMembershipStatus: person.status,
  });
}
