import "server-only";
import { routingChanged } from "./routing-generation";
import type { Connection, ConnectionTest, OrgAccessRole, OrgSeen } from "@/lib/schemas/connections";
import { ENV_CONNECTION_ID } from "@/lib/schemas/connections";
import { envConnection } from "../atlas";
import { mergeOrgsSeen } from "./repository";

// The connection configured by ATLAS_* variables: shown read-only beside the stored ones. It has no
// database row, so its last test and the orgs it sees are kept in this process only.
const state: { lastTest: ConnectionTest | null; orgsSeen: OrgSeen[] } = {
  lastTest: null,
  orgsSeen: [],
};

export function envConnectionView(): Connection | null {
  const conn = envConnection();
  if (!conn) return null;
  return {
    id: ENV_CONNECTION_ID,
    name: conn.name,
    baseUrl: conn.baseUrl,
    clientId: conn.clientId,
    invitesApi: conn.invitesApi,
    source: "env",
    hasSecret: true,
    secretLast4: conn.clientSecret.slice(-4),
    createdAt: null,
    updatedAt: null,
    lastTest: state.lastTest,
    orgsSeen: state.orgsSeen,
  };
}

export function recordEnvTest(test: ConnectionTest): void {
  state.lastTest = test;
  if (test.token === "ok" && test.orgs.length > 0)
    state.orgsSeen = test.orgs.map(({ id, name, role }) => ({ id, name, role }));
  routingChanged();
}

export function recordEnvOrgsSeen(orgs: { id: string; name: string }[]): void {
  state.orgsSeen = mergeOrgsSeen(state.orgsSeen, orgs);
  routingChanged();
}

export function recordEnvOrgRole(org: { id: string; name: string }, role: OrgAccessRole): void {
  const known = state.orgsSeen.find((o) => o.id === org.id);
  state.orgsSeen = [
    ...state.orgsSeen.filter((o) => o.id !== org.id),
    { id: org.id, name: known?.name ?? org.name, role },
  ];
  routingChanged();
}

export function envOrgsSeen(): OrgSeen[] {
  return state.orgsSeen;
}

export function envLastTest(): ConnectionTest | null {
  return state.lastTest;
}
