// organizations invitations: invite, list, describe, update, delete (the Atlas CLI's), and renew (the console's).

import { readFile } from "node:fs/promises";
import { UsageError, projectRolesOf } from "../args.mjs";
import { ApiError } from "../http.mjs";
import { invitationsTable } from "../output.mjs";
import { runImport } from "./bulk.mjs";

const ORG_ID = {
  type: "string",
  desc: "Organization ID to use. Overrides the profile's orgId and INVITE_CONSOLE_ORG_ID.",
};
const OUTPUT = { type: "string", short: "o", desc: "Output format: json. Leave it out for text." };
const ENVELOPE = {
  type: "bool",
  desc: "Ask the console for its envelope ({ status, content }) and print it.",
};
const ROLE = {
  type: "strings",
  desc: "Organization roles: ORG_OWNER, ORG_MEMBER, ORG_GROUP_CREATOR, ORG_BILLING_ADMIN, ORG_BILLING_READ_ONLY, ORG_READ_ONLY, ORG_STREAM_PROCESSING_ADMIN. Repeat or separate with commas.",
};
const TEAM_ID = {
  type: "strings",
  desc: "Unique 24-hexadecimal digit string that identifies a team. Repeat or separate with commas.",
};
const PROJECT_ROLE = {
  type: "strings",
  desc: "Project role as <projectId>:<ROLE>, e.g. 5f71e5255afec75a3d0f96dc:GROUP_READ_ONLY (not in the Atlas CLI).",
};

const invitationsPath = (orgId) => `/api/orgs/${encodeURIComponent(orgId)}/invitations`;
const invitationPath = (orgId, id) => `${invitationsPath(orgId)}/${encodeURIComponent(id)}`;

/** The org's pending invitations (the console's list answer, and the envelope when asked for). */
async function listAll(ctx, orgId) {
  const { data, raw } = await (await ctx.client()).get(invitationsPath(orgId));
  return { answer: data, raw };
}

/** One invitation of the list, by id or by e-mail: the list tells which Atlas API (source) holds it. */
async function findInvitation(ctx, orgId, { id, email }) {
  const { answer, raw } = await listAll(ctx, orgId);
  const found = answer.invitations.find((i) =>
    id ? i.id === id : i.email.toLowerCase() === String(email).toLowerCase(),
  );
  if (!found) {
    throw new ApiError({
      code: "not_found",
      status: 404,
      message: id
        ? `No pending invitation ${id} in organization ${orgId}.`
        : `No pending invitation for ${email} in organization ${orgId}.`,
    });
  }
  return { invitation: found, raw };
}

/** The Atlas CLI's --file for invite and update: JSON { username?, roles?, teamIds? }. */
async function readInvitationFile(path) {
  let parsed;
  try {
    parsed = JSON.parse(await readFile(path, "utf8"));
  } catch (e) {
    throw new ApiError({
      code: "file",
      message: `Could not read ${path}: ${e.code === "ENOENT" ? "no such file" : e.message}`,
    });
  }
  return {
    username: typeof parsed.username === "string" ? parsed.username : undefined,
    roles: Array.isArray(parsed.roles) ? parsed.roles : undefined,
    teamIds: Array.isArray(parsed.teamIds) ? parsed.teamIds : undefined,
  };
}

const isJsonFile = (path) => /\.json$/i.test(path);

function inviteText(results) {
  return results
    .map((r) =>
      r.outcome === "awaiting_approval"
        ? `User '${r.email}' awaits a second admin's approval (request ${r.approvalId}).\n`
        : r.outcome === "invited"
          ? `User '${r.email}' invited.\n`
          : `User '${r.email}' not invited: ${r.message ?? r.outcome}.\n`,
    )
    .join("");
}

export const invite = {
  name: "invite",
  aliases: ["create"],
  use: "invite <email>",
  short: "Invite the specified MongoDB user to your organization.",
  args: { max: 1 },
  flags: {
    file: {
      type: "string",
      short: "f",
      desc: "A JSON file as the Atlas CLI's (username, roles, teamIds), or a CSV file: a bulk import (not in the Atlas CLI).",
    },
    role: ROLE,
    teamId: TEAM_ID,
    projectRole: PROJECT_ROLE,
    orgId: ORG_ID,
    "dry-run": {
      type: "bool",
      desc: "Send nothing: print what would be sent (with a CSV --file: the console's plan).",
    },
    output: OUTPUT,
    envelope: ENVELOPE,
  },
  examples: [
    "# Invite the MongoDB user with the email user@example.com to the organization with the ID 5f71e5255afec75a3d0f96dc with ORG_OWNER access:",
    "invite-console organizations invitations invite user@example.com --orgId 5f71e5255afec75a3d0f96dc --role ORG_OWNER --output json",
    "# Import a CSV file (one e-mail per row; rows without roles get ORG_MEMBER), planning first:",
    "invite-console organizations invitations invite --file people.csv --orgId 5f71e5255afec75a3d0f96dc --dry-run",
  ],
  async run(ctx) {
    const { flags, args } = ctx;
    const orgId = ctx.orgId();
    if (flags.file && !isJsonFile(flags.file)) {
      if (args.length) throw new UsageError("give an e-mail address or a CSV --file, not both", ctx.usage);
      return runImport(ctx, orgId, flags.file);
    }
    let username = args[0];
    let roles = flags.role ?? [];
    let teamIds = flags.teamId ?? [];
    if (flags.file) {
      for (const f of ["role", "teamId"]) {
        if (flags[f])
          throw new UsageError(
            `if any flags in the group [file ${f}] are set none of the others can be; [file ${f}] were all set`,
            ctx.usage,
          );
      }
      const fromFile = await readInvitationFile(flags.file);
      username = username ?? fromFile.username;
      roles = fromFile.roles ?? [];
      teamIds = fromFile.teamIds ?? [];
    }
    if (!username) throw new UsageError("give the e-mail address to invite (or --file)", ctx.usage);
    const body = {
      emails: username,
      orgRoles: roles,
      teamIds,
      projectRoles: projectRolesOf(flags.projectRole, ctx.usage),
    };
    const path = invitationsPath(orgId);
    if (flags["dry-run"]) {
      const plan = { dryRun: true, method: "POST", path, body };
      return {
        json: plan,
        text: `Dry run: nothing sent. Would POST ${path}\n${JSON.stringify(body, null, 2)}\n`,
      };
    }
    const client = await ctx.client();
    const { data, raw } = await client.post(path, body, {
      headers: { "Idempotency-Key": client.idempotencyKey() },
    });
    const sent = data.results.every((r) => r.outcome === "invited" || r.outcome === "awaiting_approval");
    return { json: data, envelope: raw, text: inviteText(data.results), exitCode: sent ? 0 : 1 };
  },
};

export const list = {
  name: "list",
  aliases: ["ls"],
  use: "list",
  short: "Return all pending invitations to your organization.",
  args: { max: 0 },
  flags: {
    email: { type: "string", desc: "Only the invitation for this e-mail address." },
    orgId: ORG_ID,
    output: OUTPUT,
    envelope: ENVELOPE,
  },
  examples: [
    "# Return a JSON-formatted list of pending invitations to the organization with the ID 5f71e5255afec75a3d0f96dc:",
    "invite-console organizations invitations list --orgId 5f71e5255afec75a3d0f96dc --output json",
  ],
  async run(ctx) {
    const { answer, raw } = await listAll(ctx, ctx.orgId());
    const email = ctx.flags.email?.toLowerCase();
    const shown = email
      ? { ...answer, invitations: answer.invitations.filter((i) => i.email.toLowerCase() === email) }
      : answer;
    return {
      json: shown,
      envelope: email ? { ...raw, content: shown } : raw,
      text: invitationsTable(shown.invitations),
    };
  },
};

export const describe = {
  name: "describe",
  aliases: ["get"],
  use: "describe <invitationId>",
  short: "Return the details for the specified pending invitation to your organization.",
  args: { min: 1, max: 1 },
  flags: { orgId: ORG_ID, output: OUTPUT, envelope: ENVELOPE },
  examples: [
    "# Return the JSON-formatted details of the pending invitation with the ID 5dd56c847a3e5a1f363d424d for the organization with the ID 5f71e5255afec75a3d0f96dc:",
    "invite-console organizations invitations describe 5dd56c847a3e5a1f363d424d --orgId 5f71e5255afec75a3d0f96dc --output json",
  ],
  async run(ctx) {
    const { invitation, raw } = await findInvitation(ctx, ctx.orgId(), { id: ctx.args[0] });
    return {
      json: invitation,
      envelope: { ...raw, content: invitation },
      text: invitationsTable([invitation]),
    };
  },
};

export const update = {
  name: "update",
  aliases: ["updates"],
  use: "update [invitationId]",
  short: "Modifies the details of the specified pending invitation to your organization.",
  args: { max: 1 },
  flags: {
    email: { type: "string", desc: "The invitation's e-mail address (instead of its id)." },
    role: { ...ROLE, desc: `${ROLE.desc} Passing this flag replaces the invitation's organization roles.` },
    teamId: { ...TEAM_ID, desc: `${TEAM_ID.desc} Replaces the invitation's teams (not in the Atlas CLI).` },
    projectRole: { ...PROJECT_ROLE, desc: `${PROJECT_ROLE.desc} Replaces the invitation's project roles.` },
    file: { type: "string", short: "f", desc: "A JSON file as the Atlas CLI's: roles (and teamIds)." },
    orgId: ORG_ID,
    output: OUTPUT,
    envelope: ENVELOPE,
  },
  examples: [
    "# Modify the pending invitation with the ID 5dd56c847a3e5a1f363d424d to grant ORG_OWNER access the organization with the ID 5f71e5255afec75a3d0f96dc:",
    "invite-console organizations invitations update 5dd56c847a3e5a1f363d424d --orgId 5f71e5255afec75a3d0f96dc --role ORG_OWNER --output json",
    "# Modify the invitation for the user with the email address user@example.com to grant ORG_OWNER access the organization with the ID 5f71e5255afec75a3d0f96dc:",
    "invite-console organizations invitations update --email user@example.com --orgId 5f71e5255afec75a3d0f96dc --role ORG_OWNER --output json",
  ],
  async run(ctx) {
    const { flags, args } = ctx;
    if (!args[0] && !flags.email)
      throw new UsageError("you must provide the email address or the invitationId", ctx.usage);
    if (flags.file && flags.role) {
      throw new UsageError(
        "if any flags in the group [file role] are set none of the others can be; [file role] were all set",
        ctx.usage,
      );
    }
    const fromFile = flags.file ? await readInvitationFile(flags.file) : {};
    const orgId = ctx.orgId();
    const { invitation } = await findInvitation(ctx, orgId, { id: args[0], email: flags.email });
    const body = {
      source: invitation.source,
      orgRoles: flags.role ?? fromFile.roles ?? invitation.orgRoles,
      teamIds: flags.teamId ?? fromFile.teamIds ?? invitation.teamIds,
      projectRoles: flags.projectRole
        ? projectRolesOf(flags.projectRole, ctx.usage)
        : invitation.projectRoles,
    };
    const { data, raw } = await (await ctx.client()).patch(invitationPath(orgId, invitation.id), body);
    return {
      json: data,
      envelope: raw,
      text: `Invitation ${data.invitation?.id ?? invitation.id} updated.\n`,
    };
  },
};

export const remove = {
  name: "delete",
  aliases: ["rm"],
  use: "delete <invitationId>",
  short: "Remove the specified pending invitation to your organization.",
  args: { min: 1, max: 1 },
  flags: {
    force: {
      type: "bool",
      desc: "Flag that indicates whether to skip the confirmation prompt before proceeding with the requested action.",
    },
    orgId: ORG_ID,
    envelope: ENVELOPE,
  },
  examples: [
    "# Remove the pending invitation with the ID 5dd56c847a3e5a1f363d424d from the organization with the ID 5f71e5255afec75a3d0f96dc:",
    "invite-console organizations invitations delete 5dd56c847a3e5a1f363d424d --orgId 5f71e5255afec75a3d0f96dc",
  ],
  async run(ctx) {
    const id = ctx.args[0];
    const orgId = ctx.orgId();
    if (!ctx.flags.force && !(await ctx.prompter().confirm(`Are you sure you want to delete: ${id}`))) {
      return { text: "Invitation not deleted\n" };
    }
    const { invitation } = await findInvitation(ctx, orgId, { id });
    const body = { source: invitation.source };
    // A project invitation is cancelled in its project (the list shows it with that one project).
    if (invitation.source === "project" && invitation.projectRoles[0])
      body.projectId = invitation.projectRoles[0].projectId;
    const { raw } = await (await ctx.client()).delete(invitationPath(orgId, id), body);
    return { envelope: raw ?? undefined, text: `Invitation '${id}' deleted\n` };
  },
};

/** The source of a pending invitation, or of a renew that stopped half-way (the old one is gone from the list). */
async function renewSource(ctx, orgId, id) {
  try {
    return (await findInvitation(ctx, orgId, { id })).invitation.source;
  } catch (e) {
    if (e.code !== "not_found") throw e;
    const { data } = await (await ctx.client()).get(`${invitationsPath(orgId)}/renewals`);
    const unfinished = data.renewals.find((r) => r.invitationId === id);
    if (!unfinished) throw e;
    return unfinished.source;
  }
}

export const renew = {
  name: "renew",
  aliases: [],
  use: "renew <invitationId>",
  short:
    "Renew a pending invitation: cancel it and send it again with the same grants (not in the Atlas CLI).",
  args: { min: 1, max: 1 },
  flags: { orgId: ORG_ID, output: OUTPUT, envelope: ENVELOPE },
  examples: [
    "# Renew the invitation with the ID 5dd56c847a3e5a1f363d424d (a new invitation, a new expiry date):",
    "invite-console organizations invitations renew 5dd56c847a3e5a1f363d424d --orgId 5f71e5255afec75a3d0f96dc",
  ],
  async run(ctx) {
    const id = ctx.args[0];
    const orgId = ctx.orgId();
    const source = await renewSource(ctx, orgId, id);
    const { data, raw } = await (await ctx.client()).post(`${invitationPath(orgId, id)}/renew`, { source });
    const text = data.finished
      ? `Invitation '${id}' renewed: invitation ${data.invitation.id} expires ${data.invitation.expiresAt ?? "never"}.\n`
      : `Invitation '${id}' renew did not finish: run the same command again to finish it.\n`;
    return { json: data, envelope: raw, text, exitCode: data.finished ? 0 : 1 };
  },
};

export const invitationCommands = [invite, list, describe, update, remove, renew];
