"use client";

import Link from "next/link";
import { useSessionUser } from "@/components/auth/session-context";
import { messageWithWait } from "@/lib/api-client/retry-wait";
import { useRetryWait } from "./use-retry-wait";

/** The envelope code of an ApiError (lib/api-client/errors.ts), read by its name, not instanceof. */
function codeOf(error: Error): string | undefined {
  return error.name === "ApiError" ? (error as { code?: string }).code : undefined;
}

/**
 * A failed request's message as the page shows it: a Retry-After wait counts down on the same clock as the
 * Retry button beside it, and a connection problem says what to do next: admins get the Connections page,
 * everyone else is told to ask one.
 */
export function ErrorMessage({ error }: { error: Error }) {
  const left = useRetryWait(error);
  const user = useSessionUser();
  const code = codeOf(error);
  const connectionProblem = code === "atlas_auth" || code === "atlas_gone";
  return (
    <>
      {messageWithWait(error.message, left)}
      {connectionProblem ? (
        user?.role === "admin" ? (
          <>
            {" "}
            <Link href="/connections" className="font-medium underline underline-offset-2">
              Check the connection
            </Link>
            .
          </>
        ) : (
          " Ask an admin to check the Atlas connection."
        )
      ) : null}
    </>
  );
}
