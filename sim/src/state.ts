import type { Clock } from "./clock";
import type { MembershipStatus, Seed, SeedOrgUser } from "./seed-types";
import { isAtlasId, isoSeconds, newObjectId } from "./util";

export const INVITATION_LIFETIME_MS = 30 * 24 * 3600 * 1000;

export interface ServiceAccount {
  clientId: string;
  clientSecret: string;
  name: string;
  orgRoles: Map<string, string[]>;
  groupRoles: Map<string, string[]>;
}

export interface Team {
  id: string;
  name: string;
}

export interface Project {
  id: string;
  name: string;
  orgId: string;
  createdMs: number;
  clusterCount: number;
  tags: { key: string; value: string }[];
}

export interface GroupRoleAssignment {
  groupId: string;
  groupRoles: string[];
}

/** One person in one org: a member, or somebody invited. Visible through the users API under `id` and,
 * while PENDING, through the legacy invitations API under `invitationId`. */
export interface Person {
  id: string;
  invitationId: string | null;
  username: string;
  status: MembershipStatus;
  orgRoles: string[];
  groupRoleAssignments: GroupRoleAssignment[];
  teamIds: string[];
  inviterUsername: string | null;
  invitationCreatedMs: number | null;
  createdVia: "invitations" | "users" | "seed";
  firstName: string | null;
  lastName: string | null;
  country: string | null;
  mobileNumber: string | null;
  createdMs: number | null;
  lastAuthMs: number | null;
}

export interface ProjectInvitation {
  id: string;
  groupId: string;
  username: string;
  roles: string[];
  inviterUsername: string;
  createdMs: number;
}

export interface Org {
  id: string;
  name: string;
  isDeleted: boolean;
  skipDefaultAlertsSettings: boolean;
  teams: Team[];
  projects: Project[];
  people: Person[];
  projectInvitations: ProjectInvitation[];
}

/** Atlas accounts created through POST /api/atlas/v2/users (createUser). */
export interface Account {
  id: string;
  username: string;
  firstName: string;
  lastName: string;
  country: string;
  mobileNumber: string | null;
  createdMs: number;
}

export class SimState {
  serviceAccounts = new Map<string, ServiceAccount>();
  orgs = new Map<string, Org>();
  accounts = new Map<string, Account>();

  constructor(private readonly clock: Clock) {}

  newId(): string {
    let id = newObjectId(this.clock.now());
    while (this.idTaken(id)) id = newObjectId(this.clock.now());
    return id;
  }

  private idTaken(id: string): boolean {
    for (const org of this.orgs.values()) {
      if (org.id === id) return true;
      if (org.people.some((p) => p.id === id || p.invitationId === id)) return true;
      if (org.teams.some((t) => t.id === id) || org.projects.some((p) => p.id === id)) return true;
      if (org.projectInvitations.some((i) => i.id === id)) return true;
    }
    return false;
  }

  findProject(groupId: string): { org: Org; project: Project } | undefined {
    for (const org of this.orgs.values()) {
      const project = org.projects.find((p) => p.id === groupId);
      if (project) return { org, project };
    }
    return undefined;
  }

  /** Invitations expire 30 days after creation: a PENDING person past that becomes INVITATION_EXPIRED. */
  refresh(org: Org): void {
    const now = this.clock.now();
    for (const p of org.people) {
      if (
        p.status === "PENDING" &&
        p.invitationCreatedMs !== null &&
        now >= p.invitationCreatedMs + INVITATION_LIFETIME_MS
      ) {
        p.status = "INVITATION_EXPIRED";
        p.invitationId = null;
      }
    }
    org.projectInvitations = org.projectInvitations.filter((i) => now < i.createdMs + INVITATION_LIFETIME_MS);
  }

  findPersonByUsername(org: Org, username: string): Person | undefined {
    const wanted = username.toLowerCase();
    return org.people.find((p) => p.username.toLowerCase() === wanted);
  }

  /** Creates a PENDING person, replacing an INVITATION_EXPIRED or INVITATION_REJECTED one with that e-mail. */
  invite(
    org: Org,
    input: {
      username: string;
      orgRoles: string[];
      groupRoleAssignments: GroupRoleAssignment[];
      teamIds: string[];
      inviterUsername: string;
      via: "invitations" | "users";
      id?: string;
    },
  ): Person {
    const wanted = input.username.toLowerCase();
    org.people = org.people.filter(
      (p) =>
        p.username.toLowerCase() !== wanted ||
        (p.status !== "INVITATION_EXPIRED" && p.status !== "INVITATION_REJECTED"),
    );
    const person: Person = {
      id: input.id ?? this.newId(),
      invitationId: "",
      username: input.username,
      status: "PENDING",
      orgRoles: dedupe(input.orgRoles),
      groupRoleAssignments: mergeAssignments(input.groupRoleAssignments),
      teamIds: dedupe(input.teamIds),
      inviterUsername: input.inviterUsername,
      invitationCreatedMs: Math.floor(this.clock.now() / 1000) * 1000,
      createdVia: input.via,
      firstName: null,
      lastName: null,
      country: null,
      mobileNumber: null,
      createdMs: null,
      lastAuthMs: null,
    };
    person.invitationId = this.newId();
    org.people.push(person);
    return person;
  }

  accept(person: Person): void {
    const now = this.clock.now();
    const local = person.username.split("@")[0] ?? person.username;
    const [first, ...rest] = local.split(/[._-]+/).filter(Boolean);
    person.status = "ACTIVE";
    person.invitationId = null;
    const account = this.accounts.get(person.username.toLowerCase());
    person.firstName = account?.firstName ?? capitalise(first ?? local);
    person.lastName = account?.lastName ?? capitalise(rest.join(" ") || "User");
    person.country = account?.country ?? "US";
    person.mobileNumber = account?.mobileNumber ?? null;
    person.createdMs = account?.createdMs ?? now;
    person.lastAuthMs = now;
  }

  reject(person: Person): void {
    person.status = "INVITATION_REJECTED";
    person.invitationId = null;
  }

  loadSeed(seed: Seed): void {
    const now = this.clock.now();
    for (const sa of seed.serviceAccounts ?? []) {
      this.serviceAccounts.set(sa.clientId, {
        clientId: sa.clientId,
        clientSecret: sa.clientSecret,
        name: sa.name ?? sa.clientId,
        orgRoles: new Map(Object.entries(sa.orgRoles ?? {})),
        groupRoles: new Map(Object.entries(sa.groupRoles ?? {})),
      });
    }
    for (const so of seed.orgs ?? []) {
      const org: Org = {
        id: so.id ?? this.newId(),
        name: so.name,
        isDeleted: so.isDeleted ?? false,
        skipDefaultAlertsSettings: so.skipDefaultAlertsSettings ?? false,
        teams: [],
        projects: [],
        people: [],
        projectInvitations: [],
      };
      assertId(org.id, `org ${so.name}`);
      this.orgs.set(org.id, org);
      for (const t of so.teams ?? []) {
        const team = { id: t.id ?? this.newId(), name: t.name };
        assertId(team.id, `team ${t.name}`);
        org.teams.push(team);
      }
      for (const p of so.projects ?? []) {
        org.projects.push({
          id: p.id ?? this.newId(),
          name: p.name,
          orgId: org.id,
          createdMs: p.created ? parseDate(p.created, `project ${p.name}`) : now,
          clusterCount: p.clusterCount ?? 0,
          tags: p.tags ?? [],
        });
        assertId(org.projects.at(-1)!.id, `project ${p.name}`);
      }
      // A set, not findPersonByUsername per user: that scan made a 50,000-user seed quadratic (over 60 s).
      const usernames = new Set<string>();
      for (const u of so.users ?? []) {
        const wanted = u.username.toLowerCase();
        if (usernames.has(wanted)) throw new Error(`seed: ${u.username} appears twice in org ${org.name}`);
        usernames.add(wanted);
        org.people.push(this.seedPerson(u, now));
      }
      for (const i of so.projectInvitations ?? []) {
        if (!org.projects.some((p) => p.id === i.groupId)) {
          throw new Error(
            `seed: project invitation for ${i.username} names project ${i.groupId}, not in org ${org.name}`,
          );
        }
        org.projectInvitations.push({
          id: i.id ?? this.newId(),
          groupId: i.groupId,
          username: i.username,
          roles: [...i.roles],
          inviterUsername: i.inviterUsername ?? "owner@example.com",
          createdMs: i.createdAt ? parseDate(i.createdAt, `project invitation ${i.username}`) : now,
        });
      }
    }
    for (const org of this.orgs.values()) this.refresh(org);
  }

  private seedPerson(u: SeedOrgUser, now: number): Person {
    const invited = u.orgMembershipStatus !== "ACTIVE";
    const person: Person = {
      id: u.id ?? this.newId(),
      invitationId: u.orgMembershipStatus === "PENDING" ? (u.invitationId ?? this.newId()) : null,
      username: u.username,
      status: u.orgMembershipStatus,
      orgRoles: [...u.orgRoles],
      groupRoleAssignments: (u.groupRoleAssignments ?? []).map((a) => ({
        groupId: a.groupId,
        groupRoles: [...a.groupRoles],
      })),
      teamIds: [...(u.teamIds ?? [])],
      inviterUsername: invited ? (u.inviterUsername ?? "owner@example.com") : null,
      invitationCreatedMs: invited
        ? u.invitationCreatedAt
          ? parseDate(u.invitationCreatedAt, u.username)
          : now
        : null,
      createdVia: u.createdVia ?? "seed",
      firstName: u.firstName ?? null,
      lastName: u.lastName ?? null,
      country: u.country ?? null,
      mobileNumber: u.mobileNumber ?? null,
      createdMs: u.createdAt ? parseDate(u.createdAt, u.username) : invited ? null : now,
      lastAuthMs: u.lastAuth ? parseDate(u.lastAuth, u.username) : null,
    };
    if (person.status === "ACTIVE") {
      person.firstName ??= "Firstname";
      person.lastName ??= "Lastname";
      person.country ??= "US";
    }
    assertId(person.id, `user ${u.username}`);
    if (person.invitationId) assertId(person.invitationId, `invitation of ${u.username}`);
    return person;
  }

  timestamp(ms: number): string {
    return isoSeconds(ms);
  }
}

function assertId(id: string, what: string): void {
  if (!isAtlasId(id))
    throw new Error(`seed: ${what} has id "${id}", which is not 24 lowercase hex characters`);
}

function parseDate(value: string, what: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new Error(`seed: ${what} has an invalid date "${value}"`);
  return ms;
}

export function dedupe<T>(values: T[]): T[] {
  return [...new Set(values)];
}

export function mergeAssignments(assignments: GroupRoleAssignment[]): GroupRoleAssignment[] {
  const byGroup = new Map<string, string[]>();
  for (const a of assignments)
    byGroup.set(a.groupId, dedupe([...(byGroup.get(a.groupId) ?? []), ...a.groupRoles]));
  return [...byGroup].map(([groupId, groupRoles]) => ({ groupId, groupRoles }));
}

function capitalise(s: string): string {
  return s ? s[0]!.toUpperCase() + s.slice(1) : s;
}
