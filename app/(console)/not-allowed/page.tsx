import type { Metadata } from "next";
import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { StatePanel } from "@/components/ui/state-panel";
import { ROLE_LABELS, can, type Action } from "@/lib/permissions";
import { GUARDED_PAGES, requirePageSession } from "@/lib/server/auth/page-session";

export const metadata: Metadata = { title: "Not allowed" };

/** Where requirePageSession sends a role that may not open a page: it says why instead of a silent bounce. */
export default async function NotAllowedPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const session = await requirePageSession();
  const raw = (await searchParams).action;
  const action = typeof raw === "string" && raw in GUARDED_PAGES ? (raw as Action) : null;
  const role = ROLE_LABELS[session.user.role].label.toLowerCase();
  const page = action ? GUARDED_PAGES[action] : "this page";
  const allowed = action ? can(session.user.role, action) : false;
  return (
    <StatePanel
      role="alert"
      title={allowed ? "You may open this page now" : "Not allowed"}
      action={
        <Link href="/" className={buttonClasses("primary")}>
          Go to the invitations
        </Link>
      }
    >
      {allowed ? (
        <p>Your role changed since you were sent here: open {page} again.</p>
      ) : (
        <p>
          Your console role ({role}) cannot open {page}. Ask an admin of this console to change your role if
          you need it.
        </p>
      )}
    </StatePanel>
  );
}
