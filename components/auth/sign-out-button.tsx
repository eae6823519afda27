"use client";

import { useSignOut } from "@/lib/api-client/auth/sign-out";

export function SignOutButton() {
  const signOut = useSignOut();
  return (
    <button
      type="button"
      disabled={!signOut.isIdle}
      onClick={() =>
        // Whatever the answer, the browser leaves: a failed sign-out is retried from the sign-in page.
        signOut.mutate(undefined, { onSettled: () => window.location.assign("/sign-in") })
      }
      className="inline-flex h-9 shrink-0 items-center rounded-md px-2.5 whitespace-nowrap text-sm text-muted hover:bg-subtle hover:text-fg disabled:opacity-60"
    >
      Sign out
    </button>
  );
}
