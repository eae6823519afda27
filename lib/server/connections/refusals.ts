import "server-only";
import { HttpError } from "../api/errors";
import { envConnection } from "../atlas";

// What the connection verbs (create, update, rotate-secret, delete, test) share. Audit rows name the
// connection and what changed, never a secret (not even its last 4 characters).

export const connectionNotFound = () =>
  new HttpError({ code: "not_found", message: "There is no such connection (it may have been deleted)." });

export const connectionReadOnly = () =>
  new HttpError({
    code: "conflict",
    message:
      "This connection comes from environment variables (ATLAS_*) and is read-only here; change it where the " +
      "console is deployed, or add a stored connection.",
  });

/** The connection from ATLAS_* variables, for the "one connection per client id" rule. */
export function envIdentity(): { name: string; clientId: string } | null {
  const env = envConnection();
  return env ? { name: env.name, clientId: env.clientId } : null;
}
