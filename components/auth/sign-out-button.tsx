"use client";

import { useState } from "react";
import { authPost } from "./auth-fetch";

export function SignOutButton() {
  const [pending, setPending] = useState(false);
  return (
    <button
      type="button"
      disabled={pending}
      onClick={async () => {
        setPending(true);
        // Whatever the answer, the browser leaves: a failed sign-out is retried from the sign-in page.
        await authPost("/sign-out", {}).catch(() => undefined);
        window.location.assign("/sign-in");
      }}
      className="inline-flex h-9 items-center rounded-md px-2.5 text-sm text-muted hover:bg-subtle hover:text-fg disabled:opacity-60"
    >
      Sign out
    </button>
  );
}
