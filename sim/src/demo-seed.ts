import type { Seed, SeedOrgUser, SeedProjectInvitation } from "./seed-types";
import { isoSeconds } from "./util";

// Fixed ids and credentials (sim/README.md) so that docs, tests and scripts agree.
export const DEMO = {
  orgId: "5f1000000000000000000001",
  secondOrgId: "5f1000000000000000000002",
  owner: {
    clientId: "mdb_sa_id_5f0000000000000000000001",
    clientSecret: "mdb_sa_sk_demo_owner_not_a_real_secret",
  },
  member: {
    clientId: "mdb_sa_id_5f0000000000000000000002",
    clientSecret: "mdb_sa_sk_demo_member_not_a_real_secret",
  },
  second: {
    clientId: "mdb_sa_id_5f0000000000000000000003",
    clientSecret: "mdb_sa_sk_demo_second_not_a_real_secret",
  },
} as const;

const DAY = 24 * 3600 * 1000;

/** id = prefix + zero-padded counter, e.g. fixedId("5f2", 1) = 5f2000000000000000000001. */
export function fixedId(prefix: string, n: number): string {
  return prefix + String(n).padStart(24 - prefix.length, "0");
}

const FIRST = [
  "ada",
  "alan",
  "grace",
  "linus",
  "margaret",
  "ken",
  "barbara",
  "dennis",
  "frances",
  "john",
  "radia",
  "tim",
  "katherine",
  "donald",
  "edsger",
  "hedy",
  "niklaus",
  "sophie",
  "bjarne",
  "anita",
  "guido",
  "shafi",
  "leslie",
  "joan",
  "vint",
  "mary",
  "whitfield",
  "adele",
  "james",
  "carol",
  "brian",
  "lynn",
  "robin",
  "susan",
  "andrew",
];
const LAST = [
  "lovelace",
  "turing",
  "hopper",
  "torvalds",
  "hamilton",
  "thompson",
  "liskov",
  "ritchie",
  "allen",
  "backus",
  "perlman",
  "berners-lee",
  "johnson",
  "knuth",
  "dijkstra",
  "lamarr",
  "wirth",
  "wilson",
  "stroustrup",
  "borg",
  "van-rossum",
  "goldwasser",
  "lamport",
  "clarke",
  "cerf",
  "keller",
  "diffie",
  "goldberg",
  "gosling",
  "shaw",
  "kernighan",
  "conway",
  "milner",
  "kare",
  "tanenbaum",
];

/** Distinct e-mails for i < 35 * 35: i and i + 35k share a first name but not a last name. */
function person(i: number, domain: string): string {
  return `${FIRST[i % FIRST.length]}.${LAST[(i * 3 + Math.floor(i / FIRST.length)) % LAST.length]}@${domain}`;
}

/** The demo seed: built relative to `nowMs` so that "3 expire within 7 days" holds whenever it starts. */
export function demoSeed(nowMs: number): Seed {
  const at = (daysAgo: number) => isoSeconds(nowMs - daysAgo * DAY);
  const teams = ["Platform", "Data Engineering", "Analytics", "Security", "Support", "Mobile"].map(
    (name, i) => ({
      id: fixedId("5f2", i + 1),
      name,
    }),
  );
  const projects = [
    "Production",
    "Staging",
    "Development",
    "Analytics Warehouse",
    "Mobile Backend",
    "Search",
    "Data Lake",
    "Sandbox",
  ].map((name, i) => ({
    id: fixedId("5f3", i + 1),
    name,
    created: at(400 - i * 30),
    clusterCount: (i * 3) % 5,
  }));
  const p = (n: number) => fixedId("5f3", n);
  const t = (n: number) => fixedId("5f2", n);
  const owners = ["it-onboarding@demo-corp.example", "priya.sharma@demo-corp.example", DEMO.owner.clientId];

  const users: SeedOrgUser[] = [];
  // 30 active members.
  for (let i = 0; i < 30; i++) {
    users.push({
      id: fixedId("5f4", i + 1),
      username: person(i, "demo-corp.example"),
      orgMembershipStatus: "ACTIVE",
      orgRoles: i < 3 ? ["ORG_OWNER"] : i % 5 === 0 ? ["ORG_MEMBER", "ORG_GROUP_CREATOR"] : ["ORG_MEMBER"],
      groupRoleAssignments:
        i < 3 ? [] : [{ groupId: p((i % 8) + 1), groupRoles: [i % 2 ? "GROUP_READ_ONLY" : "GROUP_OWNER"] }],
      teamIds: i < 3 ? [] : [t((i % 6) + 1)],
      firstName: capital(FIRST[i % FIRST.length]!),
      lastName: capital(LAST[(i * 3) % LAST.length]!),
      country: ["US", "IE", "DE", "IN", "BR"][i % 5]!,
      mobileNumber: null,
      createdAt: at(900 - i * 20),
      lastAuth: at(i % 9),
    });
  }
  // 35 pending invitations: 25 through the legacy invitations API, 10 through the users API;
  // exactly 3 expire within 7 days (created 23.5, 26 and 28.5 days ago), the others were created 0..20 days ago.
  const orgRoleSets = [
    ["ORG_MEMBER"],
    ["ORG_MEMBER"],
    ["ORG_READ_ONLY"],
    ["ORG_MEMBER", "ORG_GROUP_CREATOR"],
    ["ORG_BILLING_READ_ONLY"],
    ["ORG_MEMBER"],
    ["ORG_OWNER"],
    ["ORG_MEMBER", "ORG_BILLING_ADMIN"],
  ];
  const projectRoleSets = [
    ["GROUP_READ_ONLY"],
    ["GROUP_DATA_ACCESS_READ_WRITE"],
    ["GROUP_CLUSTER_MANAGER", "GROUP_READ_ONLY"],
    ["GROUP_OWNER"],
    ["GROUP_DATA_ACCESS_READ_ONLY"],
    ["GROUP_SEARCH_INDEX_EDITOR"],
  ];
  for (let i = 0; i < 35; i++) {
    const daysAgo = i === 0 ? 28.5 : i === 1 ? 26 : i === 2 ? 23.5 : (i * 37) % 21;
    const assignments = i % 3 === 0 ? [] : [{ groupId: p((i % 8) + 1), groupRoles: projectRoleSets[i % 6]! }];
    if (i % 7 === 1) assignments.push({ groupId: p(((i + 3) % 8) + 1), groupRoles: ["GROUP_READ_ONLY"] });
    users.push({
      id: fixedId("5f5", i + 1),
      invitationId: fixedId("5f6", i + 1),
      username: person(i + 40, i % 4 === 3 ? "contractors.example" : "demo-corp.example"),
      orgMembershipStatus: "PENDING",
      orgRoles: orgRoleSets[i % orgRoleSets.length]!,
      groupRoleAssignments: assignments,
      teamIds: i % 4 === 0 ? [] : i % 5 === 0 ? [t((i % 6) + 1), t(((i + 2) % 6) + 1)] : [t((i % 6) + 1)],
      inviterUsername: owners[i % owners.length]!,
      invitationCreatedAt: at(daysAgo),
      createdVia: i < 25 ? "invitations" : "users",
    });
  }
  // 4 expired (created 31..40 days ago) and 2 rejected.
  for (let i = 0; i < 6; i++) {
    users.push({
      id: fixedId("5f7", i + 1),
      username: person(i + 80, "demo-corp.example"),
      orgMembershipStatus: i < 4 ? "PENDING" : "INVITATION_REJECTED",
      orgRoles: ["ORG_MEMBER"],
      groupRoleAssignments: i % 2 ? [{ groupId: p(2), groupRoles: ["GROUP_READ_ONLY"] }] : [],
      teamIds: [],
      inviterUsername: owners[i % 2]!,
      invitationCreatedAt: at(i < 4 ? 31 + i * 3 : 5 + i),
      createdVia: "invitations",
    });
  }
  const projectInvitations: SeedProjectInvitation[] = [0, 1, 2].map((i) => ({
    id: fixedId("5f8", i + 1),
    groupId: p([1, 4, 6][i]!),
    username: person(i + 90, i === 2 ? "contractors.example" : "demo-corp.example"),
    roles: [
      ["GROUP_READ_ONLY"],
      ["GROUP_DATA_ACCESS_READ_ONLY", "GROUP_READ_ONLY"],
      ["GROUP_CLUSTER_MANAGER"],
    ][i]!,
    inviterUsername: owners[i % 2]!,
    createdAt: at(3 + i * 4),
  }));

  const secondUsers: SeedOrgUser[] = [];
  for (let i = 0; i < 5; i++) {
    secondUsers.push({
      id: fixedId("5fa", i + 1),
      invitationId: fixedId("5fb", i + 1),
      username: person(i + 100, "second-org.example"),
      orgMembershipStatus: "PENDING",
      orgRoles: i === 0 ? ["ORG_OWNER"] : ["ORG_MEMBER"],
      groupRoleAssignments:
        i % 2 ? [{ groupId: fixedId("5f9", (i % 3) + 1), groupRoles: ["GROUP_READ_ONLY"] }] : [],
      teamIds: i % 2 ? [] : [fixedId("5fc", (i % 2) + 1)],
      inviterUsername: DEMO.second.clientId,
      invitationCreatedAt: at(2 + i * 3),
      createdVia: "users",
    });
  }
  secondUsers.push({
    id: fixedId("5fa", 10),
    username: "owner@second-org.example",
    orgMembershipStatus: "ACTIVE",
    orgRoles: ["ORG_OWNER"],
    createdAt: at(700),
    lastAuth: at(1),
  });

  return {
    serviceAccounts: [
      { ...DEMO.owner, name: "Demo Org owner", orgRoles: { [DEMO.orgId]: ["ORG_OWNER"] } },
      { ...DEMO.member, name: "Demo Org member (read-mostly)", orgRoles: { [DEMO.orgId]: ["ORG_MEMBER"] } },
      { ...DEMO.second, name: "Second Org owner", orgRoles: { [DEMO.secondOrgId]: ["ORG_OWNER"] } },
    ],
    orgs: [
      { id: DEMO.orgId, name: "Demo Org", teams, projects, users, projectInvitations },
      {
        id: DEMO.secondOrgId,
        name: "Second Org",
        teams: [
          { id: fixedId("5fc", 1), name: "Founders" },
          { id: fixedId("5fc", 2), name: "Engineering" },
        ],
        projects: ["Web", "Billing", "Reporting"].map((name, i) => ({
          id: fixedId("5f9", i + 1),
          name,
          created: at(300 - i * 50),
          clusterCount: 1,
        })),
        users: secondUsers,
      },
    ],
  };
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The demo seed plus `extra` pending invitations in Demo Org, spread over roles, teams, projects and 30 days. */
export function demoSeedWithExtraPending(nowMs: number, extra: number): Seed {
  const seed = demoSeed(nowMs);
  const org = seed.orgs![0]!;
  const roleSets = [
    ["ORG_MEMBER"],
    ["ORG_READ_ONLY"],
    ["ORG_MEMBER", "ORG_GROUP_CREATOR"],
    ["ORG_BILLING_READ_ONLY"],
  ];
  for (let i = 0; i < extra; i++) {
    org.users!.push({
      id: fixedId("6a5", i + 1),
      invitationId: fixedId("6a6", i + 1),
      username: `bulk-${String(i + 1).padStart(5, "0")}@load-test.example`,
      orgMembershipStatus: "PENDING",
      orgRoles: roleSets[i % roleSets.length]!,
      groupRoleAssignments:
        i % 2 ? [{ groupId: fixedId("5f3", (i % 8) + 1), groupRoles: ["GROUP_READ_ONLY"] }] : [],
      teamIds: i % 3 ? [fixedId("5f2", (i % 6) + 1)] : [],
      inviterUsername: "it-onboarding@demo-corp.example",
      invitationCreatedAt: isoSeconds(nowMs - ((i * 7919) % (29 * DAY))),
      createdVia: i % 2 ? "users" : "invitations",
    });
  }
  return seed;
}

const UNITS = [
  "Payments",
  "Retail",
  "Logistics",
  "Insurance",
  "Healthcare",
  "Energy",
  "Media",
  "Travel",
  "Telecom",
  "Research",
];

/** Id of the n-th (1-based) generated org of `orgs+N`: 6b1000000000000000000001, … */
export const manyOrgId = (n: number) => fixedId("6b1", n);

/**
 * The demo seed plus `n` generated orgs (a company with one Atlas org per business unit: "Payments 001", …).
 * Each has 2 teams, 3 projects, 4 active members, 3 pending invitations (users and legacy APIs), 1 expired and
 * 1 pending project invitation. The Demo Org owner (DEMO.owner) is Organization Owner of every one of them, so
 * one connection sees n + 1 orgs (listOrgs pages through them like Atlas).
 */
export function demoSeedWithOrgs(nowMs: number, n: number): Seed {
  const seed = demoSeed(nowMs);
  const owner = seed.serviceAccounts!.find((s) => s.clientId === DEMO.owner.clientId)!;
  const at = (daysAgo: number) => isoSeconds(nowMs - daysAgo * DAY);
  for (let i = 1; i <= n; i++) {
    const orgId = manyOrgId(i);
    const unit = UNITS[(i - 1) % UNITS.length]!;
    const domain = `${unit.toLowerCase()}-${i}.example`;
    const id = (prefix: string, k: number) => fixedId(prefix, i * 10 + k);
    const teams = [1, 2].map((k) => ({ id: id("6b2", k), name: k === 1 ? "Platform" : "Analytics" }));
    const projects = [1, 2, 3].map((k) => ({
      id: id("6b3", k),
      name: ["Production", "Staging", "Development"][k - 1]!,
      created: at(200 + k),
      clusterCount: k % 2,
    }));
    const users: SeedOrgUser[] = [];
    for (let k = 0; k < 4; k++) {
      users.push({
        id: id("6b4", k),
        username: person(k, domain),
        orgMembershipStatus: "ACTIVE",
        orgRoles: k === 0 ? ["ORG_OWNER"] : ["ORG_MEMBER"],
        groupRoleAssignments:
          k === 0 ? [] : [{ groupId: id("6b3", (k % 3) + 1), groupRoles: ["GROUP_READ_ONLY"] }],
        teamIds: k === 0 ? [] : [id("6b2", (k % 2) + 1)],
        firstName: capital(FIRST[k]!),
        lastName: capital(LAST[(i * 3 + k) % LAST.length]!),
        country: "US",
        mobileNumber: null,
        createdAt: at(500 - k),
        lastAuth: at(k),
      });
    }
    for (let k = 0; k < 4; k++) {
      users.push({
        id: id("6b5", k),
        invitationId: id("6b6", k),
        username: person(k + 40, domain),
        orgMembershipStatus: "PENDING",
        orgRoles: ["ORG_MEMBER"],
        groupRoleAssignments: k % 2 ? [{ groupId: id("6b3", 1), groupRoles: ["GROUP_READ_ONLY"] }] : [],
        teamIds: k === 1 ? [id("6b2", 1)] : [],
        inviterUsername: DEMO.owner.clientId,
        // The fourth was created 31 days ago: it has expired.
        invitationCreatedAt: at(k === 3 ? 31 : 1 + ((i + k) % 20)),
        createdVia: k % 2 ? "users" : "invitations",
      });
    }
    seed.orgs!.push({
      id: orgId,
      name: `${unit} ${String(i).padStart(3, "0")}`,
      teams,
      projects,
      users,
      projectInvitations: [
        {
          id: id("6b7", 1),
          groupId: id("6b3", 2),
          username: person(90, domain),
          roles: ["GROUP_READ_ONLY"],
          inviterUsername: DEMO.owner.clientId,
          createdAt: at(2),
        },
      ],
    });
    owner.orgRoles[orgId] = ["ORG_OWNER"];
  }
  return seed;
}
