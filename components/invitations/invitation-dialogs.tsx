"use client";

import dynamic from "next/dynamic";
import {
  createContext,
  useCallback,
  useContext,
  useMemo,
  useReducer,
  useRef,
  type ReactNode,
  type RefObject,
} from "react";
import { usePermission } from "@/components/auth/session-context";
import { useOpenedOnce } from "@/components/hooks/use-opened-once";
import { usePendingRenewals } from "@/lib/api-client/invitations/mutations";
import type { Invitation } from "@/lib/schemas/invitations";
import { dialogForAction, dialogReducer, type OpenDialog } from "./dialog-state";
import type { DrawerSubject } from "./invitation-drawer";
import type { InvitationActionId } from "./ledger-actions";
import { RowActionsContext } from "./row-actions";
import { useDrawerParam } from "./use-list-params";

// The advanced "Create Atlas account" dialog (admins only) brings the phone-number and country tables: loaded
// apart from the page's first-load JS.
const CreateAtlasUserDialog = dynamic(
  () => import("@/components/atlas-users/create-atlas-user-dialog").then((m) => m.CreateAtlasUserDialog),
  { ssr: false },
);

// The dialogs and the details drawer (forms, zod resolvers, Radix dialog, the timeline) load when first opened,
// not with the page: most visits only read the list. Once opened they stay mounted (useOpenedOnce).
const InviteDialog = dynamic(() => import("./invite-dialog").then((m) => m.InviteDialog), { ssr: false });
const CancelDialog = dynamic(() => import("./cancel-dialog").then((m) => m.CancelDialog), { ssr: false });
const EditInvitationDialog = dynamic(
  () => import("./edit-invitation-dialog").then((m) => m.EditInvitationDialog),
  { ssr: false },
);
const RenewDialog = dynamic(() => import("./renew-dialog").then((m) => m.RenewDialog), { ssr: false });
const InvitationDrawer = dynamic(() => import("./invitation-drawer").then((m) => m.InvitationDrawer), {
  ssr: false,
});

interface InvitationDialogsApi {
  open: (dialog: OpenDialog) => void;
  /** Where focus returns when the Invite and Create account dialogs close and their opener is gone. */
  inviteButtonRef: RefObject<HTMLButtonElement | null>;
  createAccountButtonRef: RefObject<HTMLButtonElement | null>;
}

const DialogsContext = createContext<InvitationDialogsApi | null>(null);

/** Opens the page's dialogs from anywhere under InvitationDialogs (header buttons, rows, the drawer). */
export function useInvitationDialogs(): InvitationDialogsApi {
  const api = useContext(DialogsContext);
  if (!api) throw new Error("useInvitationDialogs outside InvitationDialogs");
  return api;
}

// A row's own dialog closed after its row left the list: focus goes to the search box.
const searchInput = () => document.getElementById("invitation-search");

interface InvitationDialogsProps {
  orgId: string;
  /** Unknown until the org list arrives. */
  orgName: string | undefined;
  teams: { id: string; name: string }[];
  projects: { id: string; name: string }[];
  /** The row whose details are open (`?invitation=`), or null. */
  drawerSubject: DrawerSubject | null;
  children: ReactNode;
}

/**
 * The invitations page's dialogs controller: which dialog is open for which invitation (one reducer), the
 * details drawer, and the row actions the list's rows call. Everything under it opens dialogs through
 * useInvitationDialogs.
 */
export function InvitationDialogs(props: InvitationDialogsProps) {
  const { orgId, teams, projects, drawerSubject, children } = props;
  const orgName = props.orgName ?? "this organization";
  const [dialog, dispatch] = useReducer(dialogReducer, null);
  const [, setDrawerKey] = useDrawerParam();
  const inviteButtonRef = useRef<HTMLButtonElement>(null);
  const createAccountButtonRef = useRef<HTMLButtonElement>(null);
  // An advanced, admin-only option (Atlas's deprecated createUser): shown only to those who may use it.
  const createAccountPermission = usePermission("atlas_users.create");

  const open = useCallback((d: OpenDialog) => dispatch({ type: "open", dialog: d }), []);
  const close = useCallback((kind: OpenDialog["kind"]) => dispatch({ type: "close", kind }), []);
  const api = useMemo(() => ({ open, inviteButtonRef, createAccountButtonRef }), [open]);

  const renewing = usePendingRenewals(orgId);
  const rowActions = useMemo(
    () => ({
      onEdit: (invitation: Invitation) => open({ kind: "edit", invitation }),
      onRenew: (invitation: Invitation) => open({ kind: "renew", invitation }),
      renewing,
    }),
    [open, renewing],
  );

  const invitationFor = (kind: "cancel" | "edit" | "renew") =>
    dialog?.kind === kind ? dialog.invitation : null;
  const toCancel = invitationFor("cancel");
  const toEdit = invitationFor("edit");
  const toRenew = invitationFor("renew");
  const toReinvite = dialog?.kind === "reinvite" ? dialog.entry : null;
  const inviteOpen = dialog?.kind === "invite";
  const createAccountOpen = dialog?.kind === "create-account";

  const inviteMounted = useOpenedOnce(inviteOpen);
  const cancelMounted = useOpenedOnce(toCancel !== null);
  const editMounted = useOpenedOnce(toEdit !== null);
  const renewMounted = useOpenedOnce(toRenew !== null);
  const drawerMounted = useOpenedOnce(drawerSubject !== null);
  const createAccountMounted = useOpenedOnce(createAccountOpen);

  const onAction = useCallback(
    (id: InvitationActionId, subject: DrawerSubject) => {
      const next = dialogForAction(id, subject);
      if (next) open(next);
    },
    [open],
  );
  const onOpenChange = (kind: "invite" | "create-account") => (next: boolean) =>
    next ? open({ kind }) : close(kind);

  return (
    <DialogsContext.Provider value={api}>
      <RowActionsContext.Provider value={rowActions}>
        {children}
        {inviteMounted ? (
          <InviteDialog
            orgId={orgId}
            orgName={orgName}
            open={inviteOpen}
            onOpenChange={onOpenChange("invite")}
            teams={teams}
            projects={projects}
            returnFocusFallback={() => inviteButtonRef.current}
          />
        ) : null}
        {toReinvite ? (
          <InviteDialog
            key={toReinvite.id}
            orgId={orgId}
            orgName={orgName}
            open
            onOpenChange={(isOpen) => (isOpen ? undefined : close("reinvite"))}
            teams={teams}
            projects={projects}
            returnFocusFallback={searchInput}
            reinvite={{
              ledgerId: toReinvite.id,
              email: toReinvite.email,
              grants: {
                orgRoles: toReinvite.orgRoles,
                teamIds: toReinvite.teamIds,
                projectRoles: toReinvite.projectRoles,
              },
            }}
            onReinvited={() => setDrawerKey(null)}
          />
        ) : null}
        {drawerMounted ? (
          <InvitationDrawer
            orgId={orgId}
            subject={drawerSubject}
            onClose={() => setDrawerKey(null)}
            onAction={onAction}
          />
        ) : null}
        {cancelMounted ? (
          <CancelDialog
            orgId={orgId}
            orgName={orgName}
            invitation={toCancel}
            onClose={() => close("cancel")}
            onCancelled={() => setDrawerKey(null)}
            fallbackFocus={searchInput}
          />
        ) : null}
        {createAccountPermission.allowed && createAccountMounted ? (
          <CreateAtlasUserDialog
            orgId={orgId}
            orgName={orgName}
            open={createAccountOpen}
            onOpenChange={onOpenChange("create-account")}
            projects={projects}
            returnFocusFallback={() => createAccountButtonRef.current}
          />
        ) : null}
        {editMounted ? (
          <EditInvitationDialog
            orgId={orgId}
            invitation={toEdit}
            onClose={() => close("edit")}
            teams={teams}
            projects={projects}
            returnFocusFallback={searchInput}
          />
        ) : null}
        {renewMounted ? (
          <RenewDialog
            orgId={orgId}
            invitation={toRenew}
            onClose={() => close("renew")}
            fallbackFocus={searchInput}
          />
        ) : null}
      </RowActionsContext.Provider>
    </DialogsContext.Provider>
  );
}
