import type { ReactNode } from "react";
import { cn } from "./cn";

/** The centred message used by empty, error and "nothing matches" states. */
export function StatePanel({
  title,
  children,
  action,
  tone = "neutral",
  role,
  className,
}: {
  title: ReactNode;
  children?: ReactNode;
  action?: ReactNode;
  tone?: "neutral" | "danger";
  role?: "alert" | "status";
  className?: string;
}) {
  return (
    <div
      role={role}
      className={cn("mx-auto flex max-w-md flex-col items-center px-6 py-12 text-center", className)}
    >
      <h2 className={cn("text-base font-semibold", tone === "danger" && "text-danger")}>{title}</h2>
      {children ? <div className="mt-2 text-sm text-muted">{children}</div> : null}
      {action ? <div className="mt-5 flex flex-wrap justify-center gap-2">{action}</div> : null}
    </div>
  );
}
