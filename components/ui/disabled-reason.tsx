import { cn } from "./cn";

/**
 * Why a control is disabled, as text on the page: a `title` reaches neither the keyboard (a disabled button
 * takes no focus) nor a touch screen. The control names it with `aria-describedby={id}`; several controls
 * refused for the same reason (a list's rows) can share one. Renders nothing without a reason.
 */
export function DisabledReason({
  id,
  reason,
  className,
}: {
  id: string;
  reason: string | null | undefined;
  className?: string;
}) {
  if (!reason) return null;
  return (
    <p id={id} className={cn("text-xs text-muted", className)}>
      {reason}
    </p>
  );
}
