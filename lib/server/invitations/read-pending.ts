import "server-only";
import type { Invitation } from "@/lib/schemas/invitations";
import { HttpError } from "../api/errors";
import type { AtlasHttp } from "../atlas/http";
import { invitationsApi } from "../atlas/invitations";
import type { AuditActor, AuditAction } from "../audit";
import type { AuditTarget } from "../audit/mutation";
import { auditedRefusal } from "../audit/mutation";

// Edit and renew act on the invitation as Atlas has it right now, never on the browser's copy: a list read
// through the other invitations API, or an invitation no longer pending, makes the request stale_list. Every
// refusal is audited under the verb's own action.

export interface ReadPendingRequest {
  http: AtlasHttp;
  orgId: string;
  id: string;
  /** The invitations API the browser's list was read through. */
  source: Invitation["source"];
  actor: AuditActor;
  action: AuditAction;
  /** The audit target before anything is read (the address is added once Atlas names it). */
  base: AuditTarget;
  /** The refusal's words, per verb. */
  messages: { accepted: (email: string) => string; notPending: string };
}

/** The pending invitation, or an audited stale_list refusal (thrown). Atlas refusing the read is audited as its answer. */
export async function readPendingOrRefuse(req: ReadPendingRequest): Promise<Invitation> {
  const { http, orgId, id, actor, action, base, messages } = req;
  if (req.source !== http.conn.invitesApi) {
    throw await auditedRefusal(
      actor,
      action,
      base,
      new HttpError({ code: "stale_list", message: "The list is out of date: reload it and try again." }),
    );
  }
  const read = await invitationsApi(http)
    .read(orgId, id)
    .catch(async (e: unknown) => {
      throw await auditedRefusal(actor, action, base, e);
    });
  if (read.state === "pending") return read.invitation;
  const message = read.state === "accepted" ? messages.accepted(read.email) : messages.notPending;
  throw await auditedRefusal(
    actor,
    action,
    { ...base, targetEmail: read.email },
    new HttpError({ code: "stale_list", message }),
    {
      outcome: "noop",
      atlasStatus: read.atlasStatus,
      atlasErrorCode: read.state === "gone" ? read.atlasErrorCode : null,
      detail: message,
    },
  );
}
