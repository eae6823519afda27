"use client";

import * as DialogPrimitive from "@radix-ui/react-dialog";
import { useRef, type ReactNode } from "react";
import { toast } from "@/components/ui/toast";
import { useSessionUser } from "@/components/auth/session-context";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { DateTime } from "@/components/ui/date-time";
import { DisabledReason } from "@/components/ui/disabled-reason";
import { Email } from "@/components/ui/email";
import { invitationChangeRefusal, refusalReason } from "@/lib/permissions";
import { XIcon } from "@/components/ui/icons";
import type { LedgerStatus } from "@/lib/schemas/ledger";
import { LEDGER_STATUS_LABELS, type LedgerEntry } from "@/lib/schemas/ledger-api";
import { orgRoleLabel, projectRoleLabel } from "@/lib/schemas/roles";
import { InvitationTimeline } from "./invitation-timeline";
import { ACTION_SPECS, actionsFor, type InvitationActionId } from "./ledger-actions";
import type { InvitationRow } from "@/lib/invitations/list-model";

/** What the drawer shows: a row of the list (names resolved) and the state it is in. */
export interface DrawerSubject {
  row: InvitationRow;
  status: LedgerStatus;
  /** The ledger row (ledger tabs); null for Atlas's live pending list. */
  entry: LedgerEntry | null;
}

const STATUS_TONES: Record<LedgerStatus, "info" | "warn" | "danger" | "ok" | "neutral"> = {
  pending: "info",
  expired: "warn",
  rejected: "danger",
  accepted: "ok",
  cancelled: "neutral",
  superseded: "neutral",
};

const SOURCE_LABELS = {
  users: "Org invitation (Atlas users API)",
  invitations: "Org invitation (legacy invitations API)",
  project: "Project invitation (legacy project API)",
} as const;

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="space-y-2">
      <h3 className="text-xs font-semibold tracking-wide text-muted uppercase">{title}</h3>
      {children}
    </section>
  );
}

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[7.5rem_minmax(0,1fr)] gap-2 text-sm">
      <dt className="text-muted">{term}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </div>
  );
}

const none = <span className="text-muted">None</span>;

function Grants({ row }: { row: InvitationRow }) {
  const inv = row.invitation;
  return (
    <dl className="space-y-2">
      <Fact term="Org roles">{inv.orgRoles.length ? inv.orgRoles.map(orgRoleLabel).join(", ") : none}</Fact>
      <Fact term="Teams">{row.teamNames.length ? row.teamNames.join(", ") : none}</Fact>
      <Fact term="Project roles">
        {inv.projectRoles.length ? (
          <ul className="space-y-1">
            {inv.projectRoles.map((p, i) => (
              <li key={p.projectId}>
                <span className="font-medium">{row.projectGrants[i]?.projectName ?? p.projectId}:</span>{" "}
                {p.roles.map(projectRoleLabel).join(", ")}
              </li>
            ))}
          </ul>
        ) : (
          none
        )}
      </Fact>
    </dl>
  );
}

const REFUSED_ID = "invitation-drawer-refused";

/**
 * Why each of the state's actions is refused to the signed-in user (null: allowed). Edit and renew also
 * follow the invitation's grants: an Owner or Billing Admin invitation is an admin's (lib/permissions.ts).
 */
function useRefusals(
  actions: readonly InvitationActionId[],
  orgRoles: readonly string[],
): Map<InvitationActionId, string | null> {
  const user = useSessionUser();
  return new Map(
    actions.map((id) => [
      id,
      !user
        ? "Sign in to do this."
        : id === "edit" || id === "renew"
          ? invitationChangeRefusal(user.role, id, orgRoles)
          : refusalReason(user.role, ACTION_SPECS[id].permission),
    ]),
  );
}

/** Copies the page's address, which names this drawer (?invitation=…): a link for a ticket or a colleague. */
async function copyLink() {
  try {
    await navigator.clipboard.writeText(window.location.href);
    toast.success("Link to this invitation copied.");
  } catch {
    toast.error("The link could not be copied: copy it from the address bar.");
  }
}

interface InvitationDrawerProps {
  orgId: string;
  subject: DrawerSubject | null;
  onClose: () => void;
  onAction: (id: InvitationActionId, subject: DrawerSubject) => void;
}

/** The details of one invitation as a side sheet (full screen on phones): grants by name, dates, timeline, actions. */
export function InvitationDrawer({ orgId, subject, onClose, onAction }: InvitationDrawerProps) {
  const opener = useRef<HTMLElement | null>(null);
  const inv = subject?.row.invitation;
  const actions = subject ? actionsFor(subject.status) : [];
  const refusals = useRefusals(actions, inv?.orgRoles ?? []);
  // Each distinct reason once under the buttons (a role refuses them all alike; a privileged invitation
  // refuses edit and renew, each in its own words).
  const refused = [...new Set(refusals.values())].filter((r) => r !== null).join(" ") || null;
  return (
    <DialogPrimitive.Root open={subject !== null} onOpenChange={(open) => (open ? undefined : onClose())}>
      <DialogPrimitive.Portal>
        <DialogPrimitive.Overlay className="fixed inset-0 z-40 bg-black/45 dark:bg-black/65" />
        <DialogPrimitive.Content
          onOpenAutoFocus={() => {
            opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
          }}
          onCloseAutoFocus={(e) => {
            e.preventDefault();
            if (opener.current?.isConnected) opener.current.focus();
          }}
          className="fixed inset-y-0 right-0 z-40 flex w-full flex-col border-line bg-surface text-fg shadow-2xl focus:outline-none sm:max-w-md sm:border-l"
        >
          {subject && inv ? (
            <>
              <div className="flex items-start gap-3 border-b border-line px-5 py-4">
                <div className="min-w-0 flex-1">
                  <DialogPrimitive.Title className="text-base font-semibold">
                    <Email address={inv.email} />
                  </DialogPrimitive.Title>
                  <DialogPrimitive.Description className="mt-1.5 flex flex-wrap items-center gap-2 text-sm text-muted">
                    <Badge tone={STATUS_TONES[subject.status]}>{LEDGER_STATUS_LABELS[subject.status]}</Badge>
                    <span>{SOURCE_LABELS[inv.source]}</span>
                  </DialogPrimitive.Description>
                </div>
                <DialogPrimitive.Close
                  aria-label="Close details"
                  className="-m-1 rounded p-1 text-muted hover:bg-subtle hover:text-fg"
                >
                  <XIcon />
                </DialogPrimitive.Close>
              </div>
              <div className="min-h-0 flex-1 space-y-6 overflow-y-auto px-5 py-4">
                <Section title="Grants">
                  <Grants row={subject.row} />
                </Section>
                <Section title="Dates">
                  <dl className="space-y-2">
                    <Fact term="Invited">
                      <DateTime value={inv.createdAt} />
                    </Fact>
                    <Fact term={subject.status === "expired" ? "Expired" : "Expires"}>
                      {inv.expiresAt ? <DateTime value={inv.expiresAt} /> : none}
                    </Fact>
                    {subject.entry && subject.status !== "pending" && subject.status !== "expired" ? (
                      <Fact term={LEDGER_STATUS_LABELS[subject.status]}>
                        <DateTime value={subject.entry.statusChangedAt} />
                      </Fact>
                    ) : null}
                    <Fact term="Invited by">
                      {subject.row.inviter.name ? subject.row.inviter.text : none}
                    </Fact>
                  </dl>
                </Section>
                <Section title="Timeline">
                  <InvitationTimeline orgId={orgId} email={inv.email} />
                </Section>
              </div>
              <div className="flex flex-wrap items-center justify-end gap-2 border-t border-line bg-canvas/60 px-5 py-3">
                <Button variant="ghost" className="mr-auto" onClick={() => void copyLink()}>
                  Copy link
                </Button>
                <DialogPrimitive.Close asChild>
                  <Button>Close</Button>
                </DialogPrimitive.Close>
                {actions.map((id) => {
                  const reason = refusals.get(id) ?? null;
                  return (
                    <Button
                      key={id}
                      variant={ACTION_SPECS[id].variant}
                      disabled={reason !== null}
                      aria-describedby={reason ? REFUSED_ID : undefined}
                      onClick={() => onAction(id, subject)}
                    >
                      {ACTION_SPECS[id].label}
                    </Button>
                  );
                })}
                <DisabledReason id={REFUSED_ID} reason={refused} className="basis-full text-right" />
              </div>
            </>
          ) : (
            <DialogPrimitive.Title className="sr-only">Invitation details</DialogPrimitive.Title>
          )}
        </DialogPrimitive.Content>
      </DialogPrimitive.Portal>
    </DialogPrimitive.Root>
  );
}
