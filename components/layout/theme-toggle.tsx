"use client";

import { useTheme } from "next-themes";
import { useIsDark } from "@/components/theme/use-is-dark";
import { MoonIcon, SunIcon } from "@/components/ui/icons";

/** A toggle button: pressed = dark. The first click turns the system default into an explicit choice. */
export function ThemeToggle() {
  const dark = useIsDark();
  const { setTheme } = useTheme();
  return (
    <button
      type="button"
      aria-pressed={dark}
      aria-label="Dark mode"
      title={dark ? "Switch to light mode" : "Switch to dark mode"}
      onClick={() => setTheme(dark ? "light" : "dark")}
      className="inline-flex size-9 items-center justify-center rounded-md text-muted hover:bg-subtle hover:text-fg"
    >
      {dark ? <MoonIcon /> : <SunIcon />}
    </button>
  );
}
