import "server-only";
import SCIMMY from "scimmy";
import type { ScimCaller, WriteNote } from "../store";
import { createGroup, deleteGroup, readGroup, readGroups, replaceGroup } from "../groups";
import { createUser, deleteUser, readUser, readUsers, replaceUser } from "../store";
import { isScimError } from "./errors";
import { matchFilter, simpleEquality } from "./filter";

// SCIMMY's resource types bound to the directory store (lib/server/provisioning/store.ts). SCIMMY validates and
// coerces bodies against the User and Group schemas, applies PATCH operations (through egress then ingress),
// pages lists and shapes every answer; the handlers below only read and write the store. Per-request data (the
// org, the token, what happened) travels in SCIMMY's `ctx`. SCIMMY turns any plain error thrown by a handler
// into a 404 or 500 of its own, so a handler's real error is kept in `ctx.failure` and answered instead.

export interface ScimContext {
  caller: ScimCaller;
  note: WriteNote;
  /** The error a handler actually met (answered in place of SCIMMY's rewording of it). */
  failure?: unknown;
}

type Filter = InstanceType<typeof SCIMMY.Types.Filter>;
interface ResourceRequest {
  id?: string;
  filter?: Filter;
}

async function guard<T>(ctx: ScimContext, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    ctx.failure = e;
    if (isScimError(e)) throw new SCIMMY.Types.Error(e.status, e.scimType ?? "", e.message);
    throw e;
  }
}

function idFilter(filter: Filter | undefined): string | null {
  // SCIMMY reads one resource for a PATCH by the filter `id eq "<id>"`.
  const eq = simpleEquality(filter ?? null);
  return eq?.attribute === "id" ? eq.value : null;
}

let declared = false;

/** Registers the User and Group resource types once per process. */
export function declareResources(): void {
  if (declared) return;
  SCIMMY.Config.set({
    patch: { supported: true },
    filter: { supported: true, maxResults: 200 },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: false },
    authenticationSchemes: [
      {
        type: "oauthbearertoken",
        name: "Provisioning token",
        description:
          "A provisioning token of one organization, created on its Provisioning page: Authorization: Bearer icp_…",
        primary: true,
      },
    ],
  });
  SCIMMY.Resources.declare(SCIMMY.Resources.User)
    .extend(SCIMMY.Schemas.EnterpriseUser, false)
    .egress(async (resource: ResourceRequest, ctx: ScimContext) =>
      guard(ctx, async () => {
        const id = resource.id ?? idFilter(resource.filter);
        if (id) return readUser(ctx.caller.orgId, id);
        const eq = simpleEquality(resource.filter ?? null);
        if (eq && eq.attribute !== "displayName") {
          return readUsers(ctx.caller.orgId, { attribute: eq.attribute, value: eq.value });
        }
        const all = await readUsers(ctx.caller.orgId);
        return resource.filter ? matchFilter(resource.filter, all) : all;
      }),
    )
    .ingress(async (resource: ResourceRequest, instance: object, ctx: ScimContext) =>
      guard(ctx, () =>
        resource.id
          ? replaceUser(ctx.caller, resource.id, instance as Record<string, unknown>, ctx.note)
          : createUser(ctx.caller, instance as Record<string, unknown>, ctx.note),
      ),
    )
    .degress(async (resource: ResourceRequest, ctx: ScimContext) =>
      guard(ctx, () => deleteUser(ctx.caller, resource.id ?? "", ctx.note)),
    );
  SCIMMY.Resources.declare(SCIMMY.Resources.Group)
    .egress(async (resource: ResourceRequest, ctx: ScimContext) =>
      guard(ctx, async () => {
        const id = resource.id ?? idFilter(resource.filter);
        if (id) return readGroup(ctx.caller.orgId, id);
        const eq = simpleEquality(resource.filter ?? null);
        if (eq && eq.attribute !== "userName") {
          return readGroups(ctx.caller.orgId, { attribute: eq.attribute, value: eq.value });
        }
        const all = await readGroups(ctx.caller.orgId);
        return resource.filter ? matchFilter(resource.filter, all) : all;
      }),
    )
    .ingress(async (resource: ResourceRequest, instance: object, ctx: ScimContext) =>
      guard(ctx, () =>
        resource.id
          ? replaceGroup(ctx.caller, resource.id, instance as Record<string, unknown>, ctx.note)
          : createGroup(ctx.caller, instance as Record<string, unknown>, ctx.note),
      ),
    )
    .degress(async (resource: ResourceRequest, ctx: ScimContext) =>
      guard(ctx, () => deleteGroup(ctx.caller, resource.id ?? "", ctx.note)),
    );
  declared = true;
}
