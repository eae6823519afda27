// Test support: the real Atlas HTTP responses recorded by the Atlas CLI e2e tests (`.snaphost` files: status
// line, headers, blank line, body), read at run time from ../shared/atlas-openapi/recorded (or
// $ATLAS_RECORDED_PATH, relative to the project root). Never copy them (or anything derived from them) into this
// project: the seed and the requests below are built from them in memory, at test time. No Vitest imports here.
//
//   const recordings = loadRecordings(recordedPath());      // [] when the folder is absent
//   const match = matchOperation(recordings[0], OPERATIONS); // the simulator operation it exercises, or null
//   const seed = seedFromRecordings(recordings, SERVICE_ACCOUNT);
//   const plan = replayPlan(recordings[0], match, seed);    // setup calls + the request to send

import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import type { Seed, SeedOrg, SeedOrgUser, SeedProject, SeedProjectInvitation } from "../../src/seed-types";
import { projectRoot } from "./openapi-load";

export const DEFAULT_RECORDED_RELATIVE_PATH = "../shared/atlas-openapi/recorded";

/** Where the recordings are read from: $ATLAS_RECORDED_PATH (relative to the project root) or the default. */
export function recordedPath(): string {
  const fromEnv = process.env.ATLAS_RECORDED_PATH;
  return path.resolve(projectRoot(), fromEnv ? fromEnv : DEFAULT_RECORDED_RELATIVE_PATH);
}

export function recordingsAvailable(root = recordedPath()): boolean {
  return existsSync(root) && statSync(root).isDirectory();
}

// ---- parsing -------------------------------------------------------------------------------------------------

export interface Snaphost {
  /** "2.0" for `HTTP/2.0 201 Created`. */
  httpVersion: string;
  status: number;
  statusText: string;
  /** Lower-case header names; repeated headers joined with ", ". */
  headers: Map<string, string>;
  /** The body as recorded ("" when there is none, e.g. 204). */
  bodyText: string;
  /** The parsed JSON body; undefined when empty; the text itself when it is not JSON. */
  body: unknown;
}

export function header(response: { headers: Map<string, string> }, name: string): string | undefined {
  return response.headers.get(name.toLowerCase());
}

const STATUS_LINE = /^HTTP\/(\d+(?:\.\d+)?)\s+(\d{3})(?:\s+(.*))?$/i;

/** Parses one snaphost file: status line, `Name: value` headers, a blank line, then the body (may be empty). */
export function parseSnaphost(text: string): Snaphost {
  const raw = text.replace(/^\uFEFF/, "");
  const separator = /\r?\n\r?\n/.exec(raw);
  const head = separator ? raw.slice(0, separator.index) : raw;
  const bodyText = separator ? raw.slice(separator.index + separator[0].length) : "";
  const [statusLine = "", ...headerLines] = head.split(/\r?\n/);
  const status = STATUS_LINE.exec(statusLine.trim());
  if (!status) throw new Error(`not a snaphost recording: status line "${statusLine}"`);
  const headers = new Map<string, string>();
  for (const line of headerLines) {
    if (line.trim() === "") continue;
    const colon = line.indexOf(":");
    if (colon <= 0) throw new Error(`not a snaphost recording: header line "${line}"`);
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    const previous = headers.get(name);
    headers.set(name, previous === undefined ? value : `${previous}, ${value}`);
  }
  let body: unknown = undefined;
  if (bodyText.trim() !== "") {
    try {
      body = JSON.parse(bodyText);
    } catch {
      body = bodyText;
    }
  }
  return {
    httpVersion: status[1] ?? "",
    status: Number(status[2]),
    statusText: (status[3] ?? "").trim(),
    headers,
    bodyText,
    body,
  };
}

export interface Recording {
  /** Path relative to the recordings folder, with "/" separators, e.g. `atlasorgs/TestAtlasOrgs/List/GET_…_1.snaphost`. */
  file: string;
  /** The folder the file is in (suite / subtest), relative, "/" separators. */
  folder: string;
  /** Null when the file name does not follow `METHOD_path_with_underscores_N.snaphost`. */
  method: string | null;
  /** The path part of the name, slashes written as underscores: `api_atlas_v2_orgs_a01…_invites`. */
  encodedPath: string;
  /** The path with every underscore read as a slash (only a guess when a segment contains "_"). */
  guessedPath: string;
  /** N: the how-manieth call of this method and path in the test. */
  sequence: number;
  response: Snaphost;
  /** The recorded Date header in epoch ms (NaN when absent). */
  dateMs: number;
}

const FILE_NAME = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)_(.+)_(\d+)\.snaphost$/;

export function parseRecordingName(fileName: string): {
  method: string | null;
  encodedPath: string;
  sequence: number;
} {
  const m = FILE_NAME.exec(fileName);
  if (!m) return { method: null, encodedPath: fileName.replace(/\.snaphost$/, ""), sequence: 0 };
  return { method: m[1]!, encodedPath: m[2]!, sequence: Number(m[3]) };
}

/** Every `*.snaphost` file below `root`, relative, sorted. */
export function listRecordingFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && entry.name.endsWith(".snaphost")) {
        out.push(path.relative(root, full).split(path.sep).join("/"));
      }
    }
  };
  walk(root);
  return out.sort();
}

/** All recordings below `root` ([] when the folder is absent). */
export function loadRecordings(root = recordedPath()): Recording[] {
  if (!recordingsAvailable(root)) return [];
  return listRecordingFiles(root).map((file) => {
    const { method, encodedPath, sequence } = parseRecordingName(path.posix.basename(file));
    const response = parseSnaphost(readFileSync(path.join(root, file), "utf8"));
    const date = header(response, "date");
    return {
      file,
      folder: path.posix.dirname(file),
      method,
      encodedPath,
      guessedPath: `/${encodedPath.replace(/_/g, "/")}`,
      sequence,
      response,
      dateMs: date ? Date.parse(date) : Number.NaN,
    };
  });
}

// ---- which simulator operation a recording exercises ---------------------------------------------------------

export interface OperationLike {
  operationId: string;
  method: string;
  /** Path template as in the spec, e.g. /api/atlas/v2/orgs/{orgId}/invites/{invitationId}. */
  template: string;
  paginated?: boolean;
}

export interface OperationMatch<O extends OperationLike = OperationLike> {
  op: O;
  /** The request path rebuilt from the template and the values in the file name. */
  path: string;
  params: Record<string, string>;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * The operation whose method and path template produce this file name. A path parameter matches one segment
 * without "_" (Atlas ids never contain one), so `teams_byName_x` does not match `teams/{teamId}`.
 */
export function matchOperation<O extends OperationLike>(
  rec: Recording,
  ops: readonly O[],
): OperationMatch<O> | null {
  if (!rec.method) return null;
  for (const op of ops) {
    if (op.method.toUpperCase() !== rec.method) continue;
    const names: string[] = [];
    const pattern = op.template
      .replace(/^\//, "")
      .split("/")
      .map((segment) => {
        const param = /^\{(.+)\}$/.exec(segment);
        if (!param) return escapeRegExp(segment);
        names.push(param[1]!);
        return "([^_/]+)";
      })
      .join("_");
    const m = new RegExp(`^${pattern}$`).exec(rec.encodedPath);
    if (!m) continue;
    const params: Record<string, string> = {};
    names.forEach((name, i) => (params[name] = m[i + 1]!));
    const filled = op.template.replace(/\{([^}]+)\}/g, (_all, name: string) =>
      encodeURIComponent(params[name]!),
    );
    return { op, path: filled, params };
  }
  return null;
}

// ---- comparing bodies ----------------------------------------------------------------------------------------

/**
 * Every field name in a body as a path, sorted: `$.results[].roles.orgRoles`. Objects contribute their keys
 * (a key whose value is null counts as present); arrays the union of the keys of their elements.
 */
export function fieldPaths(body: unknown): string[] {
  const out = new Set<string>();
  const walk = (value: unknown, at: string) => {
    if (Array.isArray(value)) {
      for (const element of value) walk(element, `${at}[]`);
    } else if (value !== null && typeof value === "object") {
      for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
        out.add(`${at}.${key}`);
        walk(child, `${at}.${key}`);
      }
    }
  };
  walk(body, "$");
  return [...out].sort();
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/**
 * Key order as sent: of the top-level object (or of the first element of a top-level array) under "$", and of
 * the first element of a paginated envelope's `results` under "$.results[0]".
 */
export function keyOrders(body: unknown): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (Array.isArray(body)) {
    if (isObject(body[0])) out["$[0]"] = Object.keys(body[0]);
  } else if (isObject(body)) {
    out.$ = Object.keys(body);
    const results = body.results;
    if (Array.isArray(results) && isObject(results[0])) out["$.results[0]"] = Object.keys(results[0]);
  }
  return out;
}

/** "2023-01-01" from `application/vnd.atlas.2023-01-01+json;charset=utf-8`, else null. */
export function versionOf(contentType: string | undefined): string | null {
  return /application\/vnd\.atlas\.(\d{4}-\d{2}-\d{2})\+json/i.exec(contentType ?? "")?.[1] ?? null;
}

// ---- a seed built from the recordings ------------------------------------------------------------------------

export interface ServiceAccountCredentials {
  clientId: string;
  clientSecret: string;
}

const ID = /^[a-f0-9]{24}$/;
const isId = (v: unknown): v is string => typeof v === "string" && ID.test(v);
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];

interface Collected {
  orgs: Map<string, { name?: string }>;
  projects: Map<string, { name?: string; orgId?: string; created?: string }>;
  teams: Map<string, { name?: string; orgId: string }>;
  /** org id → lower-case username → person; merged field by field, the earliest recording first. */
  people: Map<string, Map<string, SeedOrgUser>>;
  projectInvitations: Map<string, SeedProjectInvitation>;
}

/** The org id / group id / team id named in a recording's path. */
function pathIds(rec: Recording): { orgId?: string; groupId?: string; teamId?: string } {
  const p = rec.encodedPath;
  return {
    orgId: /(?:^|_)orgs_([a-f0-9]{24})(?:_|$)/.exec(p)?.[1],
    groupId: /(?:^|_)groups_([a-f0-9]{24})(?:_|$)/.exec(p)?.[1],
    teamId: /(?:^|_)teams_([a-f0-9]{24})(?:_|$)/.exec(p)?.[1],
  };
}

function ensure<K, V>(map: Map<K, V>, key: K, make: () => NoInfer<V>): V {
  let v = map.get(key);
  if (v === undefined) map.set(key, (v = make()));
  return v;
}

/** Sets the fields of `patch` that `target` does not have yet (earlier recordings win). */
function fill<T extends object>(target: T, patch: Partial<T>): void {
  for (const [k, v] of Object.entries(patch) as [keyof T, T[keyof T]][]) {
    if (v !== undefined && target[k] === undefined) target[k] = v;
  }
}

function groupAssignments(value: unknown): { groupId: string; groupRoles: string[] }[] {
  if (!Array.isArray(value)) return [];
  const byGroup = new Map<string, string[]>();
  for (const a of value) {
    if (!isObject(a) || !isId(a.groupId)) continue;
    const roles = ensure(byGroup, a.groupId, () => []);
    // Users API: {groupId, groupRoles: []}; legacy org invitation: one {groupId, groupRole} per role.
    const single = str(a.groupRole);
    for (const r of [...strings(a.groupRoles), ...strings(a.roles), ...(single ? [single] : [])]) {
      if (!roles.includes(r)) roles.push(r);
    }
  }
  return [...byGroup].map(([groupId, groupRoles]) => ({ groupId, groupRoles }));
}

function addPerson(c: Collected, orgId: string, person: SeedOrgUser): void {
  const people = ensure(c.people, orgId, () => new Map<string, SeedOrgUser>());
  const existing = people.get(person.username.toLowerCase());
  if (existing) fill(existing, person);
  else people.set(person.username.toLowerCase(), { ...person });
  for (const a of person.groupRoleAssignments ?? []) ensure(c.projects, a.groupId, () => ({ orgId }));
  for (const t of person.teamIds ?? []) ensure(c.teams, t, () => ({ orgId }));
}

/** Classifies one JSON object of a recorded body by its shape and records what it says about the state. */
function collectObject(c: Collected, o: Record<string, unknown>, ctx: { orgId?: string }): void {
  const id = o.id;
  if (isId(id) && typeof o.isDeleted === "boolean" && "skipDefaultAlertsSettings" in o) {
    // AtlasOrganization
    fill(
      ensure(c.orgs, id, () => ({})),
      { name: str(o.name) },
    );
  } else if (isId(id) && "clusterCount" in o && isId(o.orgId)) {
    // Group (project)
    fill(
      ensure(c.projects, id, () => ({})),
      { name: str(o.name), orgId: o.orgId, created: str(o.created) },
    );
    ensure(c.orgs, o.orgId, () => ({}));
  } else if (isId(id) && isId(o.orgId) && "orgName" in o && typeof o.username === "string") {
    // OrganizationInvitation (legacy): a PENDING person with that invitation id.
    fill(
      ensure(c.orgs, o.orgId, () => ({})),
      { name: str(o.orgName) },
    );
    addPerson(c, o.orgId, {
      username: o.username,
      invitationId: id,
      orgMembershipStatus: "PENDING",
      orgRoles: strings(o.roles),
      groupRoleAssignments: groupAssignments(o.groupRoleAssignments),
      teamIds: strings(o.teamIds),
      inviterUsername: str(o.inviterUsername),
      invitationCreatedAt: str(o.createdAt),
      createdVia: "invitations",
    });
  } else if (isId(id) && isId(o.groupId) && "groupName" in o && typeof o.username === "string") {
    // GroupInvitation (legacy project invitation)
    fill(
      ensure(c.projects, o.groupId, () => ({})),
      { name: str(o.groupName) },
    );
    if (!c.projectInvitations.has(id)) {
      c.projectInvitations.set(id, {
        id,
        groupId: o.groupId,
        username: o.username,
        roles: strings(o.roles),
        inviterUsername: str(o.inviterUsername),
        createdAt: str(o.createdAt),
      });
    }
  } else if (
    isId(id) &&
    ctx.orgId &&
    typeof o.username === "string" &&
    typeof o.orgMembershipStatus === "string" &&
    isObject(o.roles)
  ) {
    // OrgUserResponse (users API 2025-02-19): OrgActiveUserResponse or OrgPendingUserResponse.
    const status = o.orgMembershipStatus as SeedOrgUser["orgMembershipStatus"];
    const person: SeedOrgUser = {
      id,
      username: o.username,
      orgMembershipStatus: status,
      orgRoles: strings(o.roles.orgRoles),
      groupRoleAssignments: groupAssignments(o.roles.groupRoleAssignments),
      teamIds: strings(o.teamIds),
    };
    if (status === "ACTIVE") {
      Object.assign(person, {
        firstName: str(o.firstName),
        lastName: str(o.lastName),
        country: str(o.country),
        // null is a value here: Atlas sends `mobileNumber: null`.
        mobileNumber: o.mobileNumber === null ? null : str(o.mobileNumber),
        createdAt: str(o.createdAt),
        lastAuth: str(o.lastAuth),
      });
    } else {
      Object.assign(person, {
        inviterUsername: str(o.inviterUsername),
        invitationCreatedAt: str(o.invitationCreatedAt),
        createdVia: "users",
      });
    }
    addPerson(c, ctx.orgId, person);
  } else if (isId(id) && typeof o.name === "string" && Array.isArray(o.links)) {
    // TeamResponse: {id, links: [{href: …/orgs/{orgId}/teams/{id}, rel: self}], name}
    for (const l of o.links) {
      const m = isObject(l) ? /\/orgs\/([a-f0-9]{24})\/teams\/([a-f0-9]{24})$/.exec(str(l.href) ?? "") : null;
      if (m?.[2] === id)
        fill(
          ensure(c.teams, id, () => ({ orgId: m[1]! })),
          { name: o.name },
        );
    }
  }
}

function collectValue(c: Collected, value: unknown, ctx: { orgId?: string }): void {
  if (Array.isArray(value)) {
    for (const v of value) collectValue(c, v, ctx);
  } else if (isObject(value)) {
    collectObject(c, value, ctx);
    for (const v of Object.values(value)) collectValue(c, v, ctx);
  }
}

/** The latest recorded Date: the seed's `now`, so that expiry (30 days) and sunset are judged as on that day. */
export function recordingTime(recordings: readonly Recording[]): string | undefined {
  const times = recordings.map((r) => r.dateMs).filter((ms) => !Number.isNaN(ms));
  return times.length ? new Date(Math.max(...times)).toISOString() : undefined;
}

/**
 * A simulator seed holding what the recordings show: orgs (recorded names, spaces included), projects (named as
 * recorded, else `project-<id>`), teams, ACTIVE users (from users-API lists), PENDING people (legacy invitation
 * id and users-API id merged by e-mail), project invitations, and one service account with ORG_OWNER on every
 * org. Recordings are read oldest first; the first value seen for a field wins. ACTIVE people come first, in
 * the order the recorded lists show them, as Atlas lists them.
 */
export function seedFromRecordings(recordings: readonly Recording[], sa: ServiceAccountCredentials): Seed {
  const c: Collected = {
    orgs: new Map(),
    projects: new Map(),
    teams: new Map(),
    people: new Map(),
    projectInvitations: new Map(),
  };
  const chronological = [...recordings].sort(
    (a, b) => (a.dateMs || 0) - (b.dateMs || 0) || a.file.localeCompare(b.file),
  );
  for (const rec of chronological) {
    const ids = pathIds(rec);
    if (ids.orgId) ensure(c.orgs, ids.orgId, () => ({}));
    if (ids.groupId) ensure(c.projects, ids.groupId, () => ({}));
    if (ids.orgId && ids.teamId) ensure(c.teams, ids.teamId, () => ({ orgId: ids.orgId! }));
    collectValue(c, rec.response.body, { orgId: ids.orgId });
  }

  const firstOrg = [...c.orgs.keys()][0];
  const orgs: SeedOrg[] = [...c.orgs].map(([orgId, o]) => {
    const people = [...(c.people.get(orgId)?.values() ?? [])];
    const projects: SeedProject[] = [...c.projects]
      // A project seen only by id (in a path or a role assignment) belongs to the org that named it, else the first.
      .filter(([, p]) => (p.orgId ?? firstOrg) === orgId)
      .map(([id, p]) => ({
        id,
        name: p.name ?? `project-${id}`,
        ...(p.created ? { created: p.created } : {}),
      }));
    const projectIds = new Set(projects.map((p) => p.id));
    return {
      id: orgId,
      name: o.name ?? `org-${orgId}`,
      teams: [...c.teams]
        .filter(([, t]) => t.orgId === orgId)
        .map(([id, t]) => ({ id, name: t.name ?? `team-${id}` })),
      projects,
      users: [
        ...people.filter((p) => p.orgMembershipStatus === "ACTIVE"),
        ...people.filter((p) => p.orgMembershipStatus !== "ACTIVE"),
      ],
      projectInvitations: [...c.projectInvitations.values()].filter((i) => projectIds.has(i.groupId)),
    };
  });
  return {
    now: recordingTime(recordings),
    serviceAccounts: [
      {
        clientId: sa.clientId,
        clientSecret: sa.clientSecret,
        name: "recorded replay",
        orgRoles: Object.fromEntries(orgs.map((o) => [o.id!, ["ORG_OWNER"]])),
      },
    ],
    orgs,
  };
}

// ---- the request to replay -----------------------------------------------------------------------------------

export interface ApiCall {
  method: string;
  /** Path plus query string. */
  path: string;
  /** Full Accept media type, e.g. application/vnd.atlas.2023-01-01+json. */
  accept: string;
  body?: unknown;
}

export interface ReplayPlan {
  /** Calls that establish the precondition (e.g. free the e-mail a create call uses); each must succeed. */
  setup: ApiCall[];
  request: ApiCall;
}

const V2023 = "application/vnd.atlas.2023-01-01+json";
const V2025 = "application/vnd.atlas.2025-02-19+json";

/** The query the client sent, as far as Atlas echoes it in the page's `self` link. */
function selfLinkQuery(body: unknown): string {
  if (!isObject(body) || !Array.isArray(body.links)) return "";
  const self = body.links.find((l) => isObject(l) && l.rel === "self");
  const href = isObject(self) ? str(self.href) : undefined;
  if (!href) return "";
  try {
    return new URL(href).search;
  } catch {
    return "";
  }
}

/** Legacy invitation `groupRoleAssignments` ([{groupId, groupRole}]) as the request wants them ([{groupId, roles}]). */
function invitationAssignments(value: unknown): { groupId: string; roles: string[] }[] {
  return groupAssignments(value).map((a) => ({ groupId: a.groupId, roles: a.groupRoles }));
}

function findPerson(seed: Seed, orgId: string, username: string): SeedOrgUser | undefined {
  const org = seed.orgs?.find((o) => o.id === orgId);
  return org?.users?.find((u) => u.username.toLowerCase() === username.toLowerCase());
}

/** Calls that remove a seeded person with that e-mail from the org, so that a create call can succeed. */
function freeUsername(seed: Seed, orgId: string, username: string): ApiCall[] {
  const person = findPerson(seed, orgId, username);
  if (!person) return [];
  const org = `/api/atlas/v2/orgs/${orgId}`;
  if (person.orgMembershipStatus === "PENDING" && person.invitationId) {
    return [{ method: "DELETE", path: `${org}/invites/${person.invitationId}`, accept: V2023 }];
  }
  if (person.id) return [{ method: "DELETE", path: `${org}/users/${person.id}`, accept: V2025 }];
  throw new Error(`cannot free ${username} in org ${orgId}: the seed gives that person no id`);
}

/** Body builders per simulator operation: the request body rebuilt from the recorded response. */
const REQUEST_BODIES: Record<
  string,
  (body: Record<string, unknown>, m: OperationMatch, seed: Seed) => unknown
> = {
  createOrgInvite: (b) => ({
    username: b.username,
    roles: b.roles,
    teamIds: b.teamIds,
    groupRoleAssignments: invitationAssignments(b.groupRoleAssignments),
  }),
  updateOrgInvites: (b) => ({
    username: b.username,
    roles: b.roles,
    teamIds: b.teamIds,
    groupRoleAssignments: invitationAssignments(b.groupRoleAssignments),
  }),
  updateOrgInviteById: (b) => ({
    roles: b.roles,
    teamIds: b.teamIds,
    groupRoleAssignments: invitationAssignments(b.groupRoleAssignments),
  }),
  createOrgUser: (b) => ({ username: b.username, roles: b.roles, teamIds: b.teamIds }),
  updateOrgUser: (b) => ({ roles: b.roles, teamIds: b.teamIds }),
  createGroupInvite: (b) => ({ username: b.username, roles: b.roles }),
  updateGroupInvites: (b) => ({ username: b.username, roles: b.roles }),
  updateGroupInviteById: (b) => ({ roles: b.roles }),
  createUser: (b, _m, seed) => {
    // A CloudAppUser answer lists no roles until the invitation is accepted (recorded: `roles: []`); the CLI e2e
    // test invites with `--orgRole <orgId>:ORG_READ_ONLY`, so that is what is sent then.
    const recordedRoles = Array.isArray(b.roles) ? b.roles : [];
    const orgId = seed.orgs?.[0]?.id;
    return {
      username: b.username,
      emailAddress: b.emailAddress ?? b.username,
      password: "**passW0rd**",
      firstName: b.firstName,
      lastName: b.lastName,
      country: b.country,
      ...(typeof b.mobileNumber === "string" ? { mobileNumber: b.mobileNumber } : {}),
      roles: recordedRoles.length ? recordedRoles : [{ orgId, roleName: "ORG_READ_ONLY" }],
    };
  },
};

/** Operations whose request has no body (GET, DELETE). */
const NO_BODY = new Set(["GET", "DELETE", "HEAD"]);

/** Preconditions per operation, beyond what the seed already holds. */
const SETUP: Record<string, (body: Record<string, unknown>, m: OperationMatch, seed: Seed) => ApiCall[]> = {
  // The seed holds the invitation the later GET/PATCH/DELETE recordings use; a create needs the e-mail free.
  createOrgInvite: (b, m, seed) => freeUsername(seed, m.params.orgId!, String(b.username)),
  createOrgUser: (b, m, seed) => freeUsername(seed, m.params.orgId!, String(b.username)),
  createGroupInvite: (b, m, seed) =>
    (seed.orgs ?? [])
      .flatMap((o) => o.projectInvitations ?? [])
      .filter(
        (i) =>
          i.groupId === m.params.groupId && i.username.toLowerCase() === String(b.username).toLowerCase(),
      )
      .map((i) => ({
        method: "DELETE",
        path: `/api/atlas/v2/groups/${i.groupId}/invites/${i.id}`,
        accept: V2023,
      })),
  createUser: (b, _m, seed) =>
    (seed.orgs ?? []).flatMap((o) => (o.id ? freeUsername(seed, o.id, String(b.username)) : [])),
};

export function hasReplayPlan(m: OperationMatch): boolean {
  return NO_BODY.has(m.op.method.toUpperCase()) || m.op.operationId in REQUEST_BODIES;
}

/**
 * What to send to replay a recording: the same method and path, `Accept` for the version the recorded
 * Content-Type names, the query as echoed by a paginated answer's self link, and a body rebuilt from the
 * recorded response. Throws when the recording leaves the request undetermined.
 */
export function replayPlan(rec: Recording, m: OperationMatch, seed: Seed): ReplayPlan {
  const version = versionOf(header(rec.response, "content-type"));
  if (!version) {
    throw new Error(
      `${rec.file}: the recorded Content-Type names no API version, so the Accept header is unknown`,
    );
  }
  const accept = `application/vnd.atlas.${version}+json`;
  const method = m.op.method.toUpperCase();
  const recorded = isObject(rec.response.body) ? rec.response.body : {};
  const query = method === "GET" && m.op.paginated ? selfLinkQuery(rec.response.body) : "";
  let body: unknown = undefined;
  if (!NO_BODY.has(method)) {
    const build = REQUEST_BODIES[m.op.operationId];
    if (!build) throw new Error(`${rec.file}: no request body builder for ${m.op.operationId}`);
    body = build(recorded, m, seed);
  }
  const setup = SETUP[m.op.operationId]?.(recorded, m, seed) ?? [];
  return {
    setup,
    request: { method, path: `${m.path}${query}`, accept, ...(body === undefined ? {} : { body }) },
  };
}
