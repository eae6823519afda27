import { cn } from "./cn";

/** Decorative: the control it sits in says what is pending (aria-busy or its label). */
export function Spinner({ className }: { className?: string }) {
  return (
    <span
      aria-hidden="true"
      className={cn(
        "inline-block size-4 shrink-0 animate-spin rounded-full border-2 border-current border-r-transparent motion-reduce:animate-[spin_1.5s_linear_infinite]",
        className,
      )}
    />
  );
}
