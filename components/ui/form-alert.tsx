import type { ReactNode } from "react";
import { cn } from "./cn";
import { AlertIcon } from "./icons";

const TONES = {
  danger: "bg-danger-soft text-on-danger-soft",
  warn: "bg-warn-soft text-on-warn-soft",
} as const;

/**
 * A form's message about the whole submission (a refusal, a question before going on), announced as an alert;
 * nothing when there is no message. Field errors stay beside their fields (components/ui/field.tsx).
 */
export function FormAlert({
  message,
  tone = "danger",
  className,
}: {
  message: ReactNode;
  tone?: keyof typeof TONES;
  className?: string;
}) {
  if (message === null || message === undefined || message === false || message === "") return null;
  return (
    <div
      role="alert"
      className={cn("flex items-start gap-2 rounded-md px-3 py-2 text-sm", TONES[tone], className)}
    >
      <AlertIcon className="mt-0.5 shrink-0" />
      <span>{message}</span>
    </div>
  );
}
