import "server-only";
import { HttpError } from "../api/errors";
import { atlasClient, envConnection } from "../atlas";
import type { AtlasHttp } from "../atlas/http";

/** The Atlas client behind the console ([C] picks among stored connections here). */
export function currentAtlas(): AtlasHttp {
  const conn = envConnection();
  if (!conn) {
    throw new HttpError(
      503,
      "atlas_unavailable",
      "No Atlas connection is configured: set ATLAS_CLIENT_ID and ATLAS_CLIENT_SECRET (see the README).",
    );
  }
  return atlasClient(conn);
}
