// The theme lives in one place, the "dark" class on <html>: ThemeScript sets it before the first paint (no flash),
// the toggle and the system-preference listener change it, and React reads it back with useSyncExternalStore.
const THEME_STORAGE_KEY = "invite-console-theme";

export type ThemeChoice = "light" | "dark" | "system";

const DARK_QUERY = "(prefers-color-scheme: dark)";

/** Runs inline in <head> before hydration, so it must be self-contained ES5 without imports. */
export const THEME_SCRIPT = `(function(){try{var c=localStorage.getItem(${JSON.stringify(THEME_STORAGE_KEY)});var d=c==="dark"||(c!=="light"&&window.matchMedia(${JSON.stringify(DARK_QUERY)}).matches);var r=document.documentElement;r.classList.toggle("dark",d);r.style.colorScheme=d?"dark":"light";}catch(e){}})();`;

function storedThemeChoice(): ThemeChoice {
  try {
    const value = window.localStorage.getItem(THEME_STORAGE_KEY);
    return value === "light" || value === "dark" ? value : "system";
  } catch {
    return "system";
  }
}

function systemPrefersDark(): boolean {
  return window.matchMedia(DARK_QUERY).matches;
}

function applyDark(dark: boolean): void {
  const root = document.documentElement;
  root.classList.toggle("dark", dark);
  root.style.colorScheme = dark ? "dark" : "light";
}

export function saveThemeChoice(choice: ThemeChoice): void {
  try {
    if (choice === "system") window.localStorage.removeItem(THEME_STORAGE_KEY);
    else window.localStorage.setItem(THEME_STORAGE_KEY, choice);
  } catch {
    // Private mode or storage disabled: the choice holds for this page only.
  }
  applyDark(choice === "dark" || (choice === "system" && systemPrefersDark()));
}

export function watchSystemTheme(): () => void {
  const media = window.matchMedia(DARK_QUERY);
  const onChange = (e: MediaQueryListEvent) => {
    if (storedThemeChoice() === "system") applyDark(e.matches);
  };
  media.addEventListener("change", onChange);
  return () => media.removeEventListener("change", onChange);
}
