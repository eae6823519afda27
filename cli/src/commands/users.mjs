// users invite: a new Atlas account invited to an org and its projects (POST /api/orgs/{orgId}/atlas-users).

import { UsageError, projectRolesOf, splitRole } from "../args.mjs";
import { ApiError } from "../http.mjs";

const inviteTemplate = (username) =>
  `The user '${username}' has been invited.\nInvited users do not have access to the project until they accept the invitation.\n`;

/** The org of a project, looked up in the orgs the token sees (only when no --orgRole or --orgId names it). */
async function orgOfProject(ctx, projectId) {
  const client = await ctx.client();
  const { data } = await client.get("/api/orgs");
  for (const org of data.orgs) {
    const { data: p } = await client.get(`/api/orgs/${encodeURIComponent(org.id)}/projects`);
    if (p.projects.some((x) => x.id === projectId)) return org.id;
  }
  throw new ApiError({
    code: "not_found",
    status: 404,
    message: `No organization this token sees holds project ${projectId}: name it with --orgId.`,
  });
}

export const usersInvite = {
  name: "invite",
  aliases: [],
  use: "invite",
  short:
    "Create an Atlas user for your MongoDB Atlas application and invite the Atlas user to your organizations and projects.",
  args: { max: 0 },
  flags: {
    username: { type: "string", required: true, desc: "Username (an e-mail address) of the user." },
    password: {
      type: "string",
      desc: "User's password. Asked for (without echo) when left out; read from stdin when stdin is not a terminal.",
    },
    country: { type: "string", required: true, desc: "ISO 3166-1 alpha-2 country code, e.g. US." },
    email: {
      type: "string",
      required: true,
      desc: "User's e-mail address (the console invites --username; they must be the same address).",
    },
    mobile: { type: "string", desc: "User's mobile phone number (the console requires it)." },
    firstName: { type: "string", required: true, desc: "User's first name." },
    lastName: { type: "string", required: true, desc: "User's last name." },
    orgRole: {
      type: "strings",
      desc: "Organization role as <orgId>:<ROLE>, e.g. 5dd56c847a3e5a1f363d424d:ORG_OWNER. One org per call.",
    },
    projectRole: {
      type: "strings",
      desc: "Project role as <projectId>:<ROLE>, e.g. 5f71e5255afec75a3d0f96dc:GROUP_READ_ONLY.",
    },
    orgId: { type: "string", desc: "The organization, when no --orgRole names it (not in the Atlas CLI)." },
    "dry-run": { type: "bool", desc: "Send nothing: print what would be sent (without the password)." },
    output: { type: "string", short: "o", desc: "Output format: json. Leave it out for text." },
    envelope: { type: "bool", desc: "Ask the console for its envelope ({ status, content }) and print it." },
  },
  examples: [
    "# Create the Atlas user with the username user@example.com and invite them to the organization with the ID 5dd56c847a3e5a1f363d424d with ORG_OWNER access:",
    "invite-console users invite --email user@example.com --username user@example.com --orgRole 5dd56c847a3e5a1f363d424d:ORG_OWNER --firstName Example --lastName User --country US --output json",
    "# Create the Atlas user with the username user@example.com and invite them to the project with the ID 5f71e5255afec75a3d0f96dc with GROUP_READ_ONLY access:",
    "invite-console users invite --email user@example.com --username user@example.com --projectRole 5f71e5255afec75a3d0f96dc:GROUP_READ_ONLY --firstName Example --lastName User --country US --output json",
  ],
  async run(ctx) {
    const { flags } = ctx;
    const orgRoles = (flags.orgRole ?? []).map((v) => splitRole(v, ctx.usage));
    const orgIds = [...new Set(orgRoles.map((r) => r.id))];
    if (orgIds.length > 1) {
      throw new UsageError(
        "--orgRole names several organizations: the console invites into one per call",
        ctx.usage,
      );
    }
    const projectRoles = projectRolesOf(flags.projectRole, ctx.usage);
    if (flags.email.toLowerCase() !== flags.username.toLowerCase()) {
      ctx.io.stderr.write(`Note: the console invites --username (${flags.username}); --email is not sent.\n`);
    }
    const body = {
      username: flags.username,
      firstName: flags.firstName,
      lastName: flags.lastName,
      country: flags.country.toUpperCase(),
      ...(flags.mobile !== undefined ? { mobileNumber: flags.mobile } : {}),
      // A project role alone makes the user an org member, as Atlas does.
      orgRoles: orgRoles.length ? [...new Set(orgRoles.map((r) => r.role))] : ["ORG_MEMBER"],
      teamIds: [],
      projectRoles,
    };
    const orgId =
      orgIds[0] ??
      ctx.orgId({ optional: true }) ??
      (projectRoles[0] && !flags["dry-run"] ? await orgOfProject(ctx, projectRoles[0].projectId) : undefined);
    if (!orgId) throw new UsageError('required flag(s) "orgRole" not set (or --orgId)', ctx.usage);
    const path = `/api/orgs/${encodeURIComponent(orgId)}/atlas-users`;
    if (flags["dry-run"]) {
      const shown = { ...body, password: "********" };
      return {
        json: { dryRun: true, method: "POST", path, body: shown },
        text: `Dry run: nothing sent. Would POST ${path}\n${JSON.stringify(shown, null, 2)}\n`,
      };
    }
    let password = flags.password;
    if (password === undefined) {
      password = await ctx.prompter().secret("Password:");
      if (!password) throw new UsageError("no password given", ctx.usage);
    }
    const { data, raw } = await (await ctx.client()).post(path, { ...body, password });
    return { json: data, envelope: raw, text: inviteTemplate(data.username ?? flags.username) };
  },
};
