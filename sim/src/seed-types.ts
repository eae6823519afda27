// The seed format: what `SIM_SEED=path/to/seed.json` loads. Documented in sim/README.md.
// Every field that Atlas assigns (ids, timestamps) may be given so that tests and docs can use fixed values;
// what is left out is generated.

export type MembershipStatus = "PENDING" | "ACTIVE" | "INVITATION_EXPIRED" | "INVITATION_REJECTED";

export interface RateLimitSetting {
  /** Bucket size: RateLimit-Limit. */
  capacity: number;
  /** Tokens added every refillDurationSeconds (default: capacity). */
  refillRate?: number;
  /** Default 60. */
  refillDurationSeconds?: number;
}

/** Endpoint sets that share a token bucket. See sim/README.md for which operations fall in which set. */
export type EndpointSetName =
  | "orgs" // GET /orgs (listOrgs), scope: service account. Default 300.
  | "org" // getOrg + org invitations, scope: org. Default 500.
  | "orgUsers" // /orgs/{orgId}/users*, scope: org. Default 500.
  | "orgTeams" // /orgs/{orgId}/teams*, scope: org. Default 1200.
  | "orgGroups" // GET /orgs/{orgId}/groups, scope: org. Default 1200.
  | "groups" // GET /groups, scope: service account. Default 1200.
  | "groupInvites" // /groups/{groupId}/invites*, scope: project. Default 1200.
  | "users" // POST /users (createUser), scope: service account. Default 2500.
  | "rateLimits" // GET /rateLimits* (listRateLimits, getRateLimit), scope: service account. Default 100.
  | "oauth" // /api/oauth/*, scope: client id. Default 500.
  | "other"; // paths the simulator does not serve (404 answers), scope: caller. Default 100.

export interface SeedServiceAccount {
  clientId: string; // mdb_sa_id_<24 hex>
  clientSecret: string;
  name?: string;
  /** Org roles per org id, e.g. { "5f10…01": ["ORG_OWNER"] }. */
  orgRoles: Record<string, string[]>;
  /** Project roles per project id (optional; ORG_OWNER already implies project owner everywhere in the org). */
  groupRoles?: Record<string, string[]>;
}

export interface SeedTeam {
  id?: string;
  name: string;
}

export interface SeedProject {
  id?: string;
  name: string;
  created?: string; // ISO date-time
  clusterCount?: number;
  tags?: { key: string; value: string }[];
}

export interface SeedGroupRoleAssignment {
  groupId: string;
  groupRoles: string[];
}

/** A person in an org: a member (ACTIVE) or somebody invited (PENDING / INVITATION_EXPIRED / INVITATION_REJECTED). */
export interface SeedOrgUser {
  /** Users API id. */
  id?: string;
  /** Legacy invitation id (pending people only); differs from `id`. */
  invitationId?: string;
  username: string;
  orgMembershipStatus: MembershipStatus;
  orgRoles: string[];
  groupRoleAssignments?: SeedGroupRoleAssignment[];
  teamIds?: string[];
  /** Invited people: */
  inviterUsername?: string;
  invitationCreatedAt?: string; // default: now; expiry is always createdAt + 30 days
  /** Which API created the invitation (affects nothing Atlas shows; kept for stats and docs). */
  createdVia?: "invitations" | "users";
  /** Active members: */
  firstName?: string;
  lastName?: string;
  country?: string;
  mobileNumber?: string | null;
  createdAt?: string;
  lastAuth?: string;
}

export interface SeedProjectInvitation {
  id?: string;
  groupId: string;
  username: string;
  roles: string[];
  inviterUsername?: string;
  createdAt?: string;
}

export interface SeedOrg {
  id?: string;
  name: string;
  isDeleted?: boolean;
  skipDefaultAlertsSettings?: boolean;
  teams?: SeedTeam[];
  projects?: SeedProject[];
  users?: SeedOrgUser[];
  projectInvitations?: SeedProjectInvitation[];
}

export interface Seed {
  /** Initial simulated time (ISO); default: the real time at start. The clock then runs in real time. */
  now?: string;
  serviceAccounts?: SeedServiceAccount[];
  orgs?: SeedOrg[];
  /** Override bucket settings per endpoint set. */
  rateLimits?: Partial<Record<EndpointSetName, RateLimitSetting>>;
  /** Live access tokens allowed per service account (default 100). */
  maxLiveTokens?: number;
  /** Access token lifetime in seconds (default 3600). */
  tokenLifetimeSeconds?: number;
}
