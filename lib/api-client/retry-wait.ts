import { formatWait } from "@/lib/format";

// A refused request that said when to come back (Retry-After): how long is left, and the server's message
// with that wait kept current, so that the message and the Retry button count the same seconds.

/** Epoch ms before which retrying is pointless (ApiError.retryAt), for any error value. */
export function retryAtOf(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const retryAt = (error as { retryAt?: unknown }).retryAt;
  return typeof retryAt === "number" ? retryAt : undefined;
}

/** Milliseconds left before `retryAt`; 0 when there is nothing to wait for. */
export function waitLeft(retryAt: number | undefined, now: number): number {
  return retryAt === undefined ? 0 : Math.max(0, retryAt - now);
}

// The server words a wait as "retry in 30 s" / "try again in 30 s" (lib/server/api/errors.ts): the number was
// true when the answer arrived, so it is replaced by what is left now.
const WAIT = /\b(retry|try again) in \d+ s\b/i;

/** The message with its wait counted down from `leftMs`; "retry now" once the wait is over. */
export function messageWithWait(message: string, leftMs: number): string {
  return message.replace(WAIT, (_, verb: string) =>
    leftMs > 0 ? `${verb} in ${formatWait(leftMs)}` : `${verb} now`,
  );
}
