"use client";

import { useState } from "react";
import { toast } from "@/components/ui/toast";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { DateTime } from "@/components/ui/date-time";
import { DisabledReason } from "@/components/ui/disabled-reason";
import { Select } from "@/components/ui/field";
import { ApiError } from "@/lib/api-client/errors";
import type { Role } from "@/lib/permissions";
import { ROLES, ROLE_LABELS } from "@/lib/permissions";
import type { ConsoleUserRow } from "@/lib/schemas/users";
import { OneTimeLink } from "./one-time-link";
import { DeactivateUserDialog, ResetTwoFactorDialog } from "./user-confirm-dialogs";
import { useSetPasswordLink, useUpdateUser } from "@/lib/api-client/users/mutations";

const failure = (e: unknown) => (e instanceof ApiError ? e.message : "The change did not go through.");

export function UserRow({ user, isMe }: { user: ConsoleUserRow; isMe: boolean }) {
  const update = useUpdateUser(user.id);
  const linkMutation = useSetPasswordLink(user.id);
  const [link, setLink] = useState<{ url: string; emailError: string | null } | null>(null);
  const [confirmOff, setConfirmOff] = useState(false);
  const [confirmReset, setConfirmReset] = useState(false);
  // Said in the row (a title reaches neither touch nor keyboard); the disabled controls point to it.
  const selfReason = isMe
    ? `You cannot change your own role or deactivate yourself${
        user.twoFactorEnabled && user.active
          ? "; to reset your own two-factor, ask another admin or use the console CLI on the server"
          : ""
      }.`
    : null;
  const selfReasonId = `user-${user.id}-self`;

  const change = (body: { role?: Role; active?: boolean }, done: string) =>
    update.mutate(body, {
      onSuccess: () => toast.success(done),
      onError: (e) => toast.error(failure(e)),
    });

  return (
    <>
      {/* Up to lg each row wraps into a small card (flex), so the page never scrolls sideways; lg+: a table row. */}
      <tr className="flex flex-wrap items-center gap-x-3 gap-y-2 border-t border-line p-3 max-lg:first:border-t-0 lg:table-row lg:p-0">
        <td className="basis-full lg:px-3 lg:py-2 lg:align-middle">
          <div className="font-medium">{user.email}</div>
          {user.name && user.name !== user.email.split("@")[0] ? (
            <div className="text-xs text-muted">{user.name}</div>
          ) : null}
          <DisabledReason id={selfReasonId} reason={selfReason} className="mt-0.5" />
        </td>
        <td className="lg:px-3 lg:py-2 lg:align-middle">
          <Select
            aria-label={`Role of ${user.email}`}
            className="w-32"
            value={user.role}
            disabled={isMe || update.isPending || !user.active}
            aria-describedby={isMe ? selfReasonId : undefined}
            onChange={(e) =>
              change({ role: e.target.value as Role }, `${user.email} is now ${e.target.value}.`)
            }
          >
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r].label}
              </option>
            ))}
          </Select>
        </td>
        <td className="lg:px-3 lg:py-2 lg:align-middle">
          {user.active ? <Badge tone="ok">Active</Badge> : <Badge tone="danger">Deactivated</Badge>}
        </td>
        <td className="text-sm text-muted lg:px-3 lg:py-2 lg:align-middle">
          <span className="lg:hidden">Sign-in: </span>
          {[user.signIn.password ? "Password" : null, user.signIn.sso ? "SSO" : null]
            .filter(Boolean)
            .join(", ") || "Not yet"}
          {user.twoFactorEnabled ? (
            <Badge tone="info" className="ml-2">
              2FA
            </Badge>
          ) : null}
        </td>
        <td className="text-sm text-muted lg:px-3 lg:py-2 lg:align-middle">
          <span className="lg:hidden">Added </span>
          <DateTime value={user.createdAt} />
        </td>
        <td className="basis-full lg:px-3 lg:py-2 lg:text-right lg:align-middle">
          <div className="flex flex-wrap gap-2 lg:inline-flex lg:flex-nowrap">
            {user.active ? (
              <Button
                size="sm"
                pending={linkMutation.isPending}
                onClick={() =>
                  linkMutation.mutate(undefined, {
                    onSuccess: (r) => {
                      if (r.emailed) toast.success(`Set-password link e-mailed to ${user.email}.`);
                      if (r.setPasswordUrl) setLink({ url: r.setPasswordUrl, emailError: r.emailError });
                    },
                    onError: (e) => toast.error(failure(e)),
                  })
                }
              >
                Password link
              </Button>
            ) : null}
            {user.twoFactorEnabled && user.active ? (
              <Button
                size="sm"
                disabled={isMe}
                aria-describedby={isMe ? selfReasonId : undefined}
                aria-label={`Reset two-factor authentication of ${user.email}`}
                onClick={() => setConfirmReset(true)}
              >
                Reset 2FA
              </Button>
            ) : null}
            <Button
              size="sm"
              variant="secondary"
              disabled={isMe}
              aria-describedby={isMe ? selfReasonId : undefined}
              pending={!user.active && update.isPending}
              aria-label={`${user.active ? "Deactivate" : "Reactivate"} ${user.email}`}
              onClick={() =>
                user.active ? setConfirmOff(true) : change({ active: true }, `${user.email} is active again.`)
              }
            >
              {user.active ? "Deactivate" : "Reactivate"}
            </Button>
          </div>
        </td>
      </tr>
      {user.active && !isMe ? (
        <>
          <DeactivateUserDialog user={user} open={confirmOff} onOpenChange={setConfirmOff} />
          <ResetTwoFactorDialog user={user} open={confirmReset} onOpenChange={setConfirmReset} />
        </>
      ) : null}
      {link ? (
        <tr className="block lg:table-row">
          <td colSpan={6} className="block px-3 pb-3 lg:table-cell">
            <OneTimeLink
              email={user.email}
              url={link.url}
              emailError={link.emailError}
              onDone={() => setLink(null)}
            />
          </td>
        </tr>
      ) : null}
    </>
  );
}
