import type { ReactNode } from "react";
import { cn } from "./cn";

type Tone = "neutral" | "warn" | "danger" | "ok" | "info";

const TONES: Record<Tone, string> = {
  neutral: "bg-subtle text-muted ring-1 ring-line ring-inset",
  warn: "bg-warn-soft text-on-warn-soft",
  danger: "bg-danger-soft text-on-danger-soft",
  ok: "bg-ok-soft text-on-ok-soft",
  info: "bg-info-soft text-on-info-soft",
};

export function Badge({
  tone = "neutral",
  children,
  className,
  title,
}: {
  tone?: Tone;
  children: ReactNode;
  className?: string;
  title?: string;
}) {
  return (
    <span
      title={title}
      className={cn(
        "inline-flex items-center rounded px-1.5 py-px text-xs font-medium whitespace-nowrap",
        TONES[tone],
        className,
      )}
    >
      {children}
    </span>
  );
}
