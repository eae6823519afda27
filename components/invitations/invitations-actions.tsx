"use client";

import Link from "next/link";
import { usePermission } from "@/components/auth/session-context";
import { Button, buttonClasses } from "@/components/ui/button";
import { DisabledReason } from "@/components/ui/disabled-reason";
import { PlusIcon } from "@/components/ui/icons";
import { ACTIONS_REFUSED_ID } from "./invitation-row";
import { useInvitationDialogs } from "./invitation-dialogs";

/** The page header's buttons: Create Atlas account (admins), Sunset readiness, Bulk import, Invite people. */
export function InvitationsActions({ orgId }: { orgId: string }) {
  const { open, inviteButtonRef, createAccountButtonRef } = useInvitationDialogs();
  const invitePermission = usePermission("invitations.create");
  // An advanced, admin-only option (Atlas's deprecated createUser): shown only to those who may use it.
  const createAccountPermission = usePermission("atlas_users.create");
  return (
    <div className="flex flex-wrap items-center justify-end gap-2">
      {createAccountPermission.allowed ? (
        <Button
          ref={createAccountButtonRef}
          onClick={() => open({ kind: "create-account" })}
          title="Advanced: a new Atlas login with a password you set (deprecated Atlas API)"
        >
          Create Atlas account
        </Button>
      ) : null}
      {/* The nav carries the same link on phones (components/layout/nav-links.tsx). The wrapper hides it
          there: on the link itself the button's own inline-flex would win over "hidden". */}
      <span className="hidden sm:contents">
        <Link href={`/orgs/${orgId}/sunset`} className={buttonClasses("ghost", "md")}>
          Sunset readiness
        </Link>
      </span>
      <Link href={`/orgs/${orgId}/bulk`} className={buttonClasses("secondary", "md")}>
        Bulk import
      </Link>
      <DisabledReason
        id={ACTIONS_REFUSED_ID}
        reason={invitePermission.reason}
        className="order-last basis-full text-right sm:order-none sm:max-w-64 sm:basis-auto"
      />
      <Button
        ref={inviteButtonRef}
        variant="primary"
        onClick={() => open({ kind: "invite" })}
        disabled={!invitePermission.allowed}
        aria-describedby={invitePermission.reason ? ACTIONS_REFUSED_ID : undefined}
      >
        <PlusIcon />
        Invite people
      </Button>
    </div>
  );
}
