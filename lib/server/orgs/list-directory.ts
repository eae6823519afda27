import "server-only";
import { listProjects, listTeams } from "../atlas/directory";
import { atlasForOrg } from "../connections/route-org";

/** The org's teams, by id and name (the invite form's choices). */
export async function listOrgTeams(orgId: string): Promise<{ id: string; name: string }[]> {
  const teams = await listTeams((await atlasForOrg(orgId)).http, orgId);
  return teams.map((t) => ({ id: t.id, name: t.name }));
}

/** The org's projects, by id and name (the invite form's choices). */
export async function listOrgProjects(orgId: string): Promise<{ id: string; name: string }[]> {
  const projects = await listProjects((await atlasForOrg(orgId)).http, orgId);
  return projects.map((p) => ({ id: p.id, name: p.name }));
}
