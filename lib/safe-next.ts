// Where to go after sign-in: the `next` parameter, only ever a path on the console itself. Used by the sign-in
// page's server redirect (app/(auth)/sign-in/page.tsx) and by the browser forms (components/auth/), so both
// sides judge a value the same way. Client-safe: no server imports.

export const DEFAULT_NEXT = "/";

/**
 * The console path `value` leads to, or DEFAULT_NEXT when it would leave `origin`.
 * The value is resolved as the browser will resolve it: the WHATWG URL parser drops tabs and newlines
 * anywhere, trims control characters and spaces, reads a backslash as a slash, and takes "//host" as another
 * host. Whatever the spelling ("/\evil", "/\t/evil", "\\evil", "https:evil", "/%09/evil" once decoded), only
 * a value whose resolved origin is `origin` passes, and what comes back is the parsed path, not the raw text.
 */
export function safeNext(value: string | null | undefined, origin: string): string {
  if (!value) return DEFAULT_NEXT;
  let base: URL;
  let resolved: URL;
  try {
    base = new URL(origin);
    resolved = new URL(value, base);
  } catch {
    return DEFAULT_NEXT;
  }
  if (resolved.origin !== base.origin || resolved.username || resolved.password) return DEFAULT_NEXT;
  const path = `${resolved.pathname}${resolved.search}${resolved.hash}`;
  // A path that itself starts with two slashes ("/.//evil" parses to "//evil") would be read as a host again
  // by whoever follows it: refuse rather than guess.
  if (!path.startsWith("/") || path.startsWith("//")) return DEFAULT_NEXT;
  // Stable: the path resolves to itself on this origin.
  const again = new URL(path, base);
  return again.origin === base.origin && `${again.pathname}${again.search}${again.hash}` === path
    ? path
    : DEFAULT_NEXT;
}
