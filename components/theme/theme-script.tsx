import { THEME_SCRIPT } from "./theme";

/** Server-rendered into <head>: applies the saved or system theme before the first paint. */
export function ThemeScript() {
  return <script dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />;
}
