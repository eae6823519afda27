import { cn } from "./cn";

/**
 * An e-mail address in running text (dialog titles, the drawer). When it must wrap, it breaks at the edge of
 * the line, wherever that falls: a break at its own hyphen (`ada@demo-` / `corp.example`) reads as a
 * hyphenated word and hides the real address. `break-all` applies to the address only, never to the words
 * around it.
 */
export function Email({ address, className }: { address: string; className?: string }) {
  return <span className={cn("break-all", className)}>{address}</span>;
}
