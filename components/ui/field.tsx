import type { ComponentProps, ReactNode } from "react";
import { cn } from "./cn";
import { ChevronDownIcon } from "./icons";

export const inputClasses = cn(
  "w-full rounded-md border border-line-strong bg-surface px-2.5 text-sm text-fg placeholder:text-muted",
  "aria-[invalid=true]:border-danger disabled:opacity-60",
);

export function Input({ className, ...props }: ComponentProps<"input">) {
  return <input className={cn(inputClasses, "h-9", className)} {...props} />;
}

export function Textarea({ className, ...props }: ComponentProps<"textarea">) {
  return <textarea className={cn(inputClasses, "py-2 leading-relaxed", className)} {...props} />;
}

/** A native select (best keyboard and screen-reader support) with the console's look. */
export function Select({ className, children, ...props }: ComponentProps<"select">) {
  return (
    <span className={cn("relative inline-flex", className)}>
      <select className={cn(inputClasses, "h-9 appearance-none truncate pr-8")} {...props}>
        {children}
      </select>
      <ChevronDownIcon className="pointer-events-none absolute top-1/2 right-2.5 -translate-y-1/2 text-muted" />
    </span>
  );
}

export function Label({ className, ...props }: ComponentProps<"label">) {
  return <label className={cn("text-sm font-medium text-fg", className)} {...props} />;
}

export function FieldHint({ id, children }: { id?: string; children: ReactNode }) {
  return (
    <p id={id} className="text-xs text-muted">
      {children}
    </p>
  );
}

/** Linked to its input with aria-describedby; empty renders nothing so ids stay stable. */
export function FieldError({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <p id={id} className="text-sm font-medium text-danger">
      {message}
    </p>
  );
}
