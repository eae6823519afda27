import "server-only";
import { randomBytes } from "node:crypto";
import { getAuth } from "../auth/config";
import { env } from "../env";
import { consoleOrigin } from "@/lib/console-origin";

const SET_PASSWORD_HOURS = 24;

/** A one-time link (24 h) through which a new user sets their password (better-auth's reset-password token). */
export async function createSetPasswordToken(userId: string): Promise<string> {
  const ctx = await (await getAuth()).$context;
  const token = randomBytes(24).toString("base64url");
  await ctx.internalAdapter.createVerificationValue({
    identifier: `reset-password:${token}`,
    value: userId,
    expiresAt: new Date(Date.now() + SET_PASSWORD_HOURS * 3600_000),
  });
  return token;
}

/**
 * The one-time link shown to the admin: on CONSOLE_URL when set (the public origin, whatever Host header the
 * request came with), else on the origin the admin's browser used.
 */
export function setPasswordUrl(req: Request, _url: URL, token: string): string {
  return `${consoleOrigin(req, env().CONSOLE_URL)}/set-password?token=${encodeURIComponent(token)}`;
}
