import "server-only";
import type { Role } from "@/lib/permissions";
import type { CreateUserInput } from "@/lib/schemas/users";
import { HttpError } from "../api/errors";
import type { AuditActor } from "../audit";
import { auditedMutation } from "../audit/mutation";
import { getAuth } from "../auth/config";
import { getDb } from "../db";
import { emailSetPasswordLink } from "../notifications/set-password-email";
import type { ConsoleUserRow } from "./repository";
import { consoleUserRow, insertUser } from "./repository";
import { createSetPasswordToken, setPasswordUrl } from "./set-password-token";

/**
 * Adds a console user (audited); without a password they get a one-time set-password link, e-mailed when
 * SMTP is configured (lib/server/notifications/set-password-email.ts), else shown to the admin to hand over.
 */
export async function addConsoleUser(req: {
  actor: AuditActor;
  input: CreateUserInput;
  /** The request, for the link's origin when CONSOLE_URL is not set. */
  link: { req: Request; url: URL };
}): Promise<{
  user: ConsoleUserRow;
  setPasswordUrl: string | null;
  emailed: boolean;
  emailError: string | null;
}> {
  const email = req.input.email.trim().toLowerCase();
  const { result: created } = await auditedMutation({
    actor: req.actor,
    action: "user.created",
    target: { targetEmail: email, detail: `role ${req.input.role}` },
    act: () => createConsoleUser(req.input),
    onSuccess: (r) => ({ targetId: r.user.id }),
  });
  if (!created.setPasswordToken) {
    return { user: created.user, setPasswordUrl: null, emailed: false, emailError: null };
  }
  const url = setPasswordUrl(req.link.req, req.link.url, created.setPasswordToken);
  const delivery = await emailSetPasswordLink({ actor: req.actor, user: created.user, url });
  return { user: created.user, setPasswordUrl: delivery.emailed ? null : url, ...delivery };
}

/**
 * The rule under addConsoleUser, unaudited (the CLI `admin create` and test set-up): with a password they can
 * sign in at once; without, they get a set-password token.
 */
export async function createConsoleUser(input: {
  email: string;
  role: Role;
  name?: string | undefined;
  password?: string | undefined;
}): Promise<{ user: ConsoleUserRow; setPasswordToken: string | null }> {
  const email = input.email.trim().toLowerCase();
  const db = await getDb();
  const ctx = await (await getAuth()).$context;
  if (await ctx.internalAdapter.findUserByEmail(email)) {
    throw new HttpError({
      code: "conflict",
      message: `A console user with the e-mail ${email} already exists.`,
      fields: { email: "Already a console user." },
    });
  }
  // Inserted directly: better-auth's createUser runs the SSO validation gate, which needs a request.
  const created = await insertUser(db, {
    email,
    name: input.name?.trim() || email.split("@")[0] || email,
    role: input.role,
  });
  let token: string | null = null;
  if (input.password) {
    await ctx.internalAdapter.linkAccount({
      userId: created.id,
      providerId: "credential",
      accountId: created.id,
      password: await ctx.password.hash(input.password),
    });
  } else {
    token = await createSetPasswordToken(created.id);
  }
  const row = (await consoleUserRow(db, created.id))!;
  return { user: row, setPasswordToken: token };
}
