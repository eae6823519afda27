import { THEME_SCRIPT } from "./theme";

/** Server-rendered into <head>: applies the saved or system theme before the first paint. */
export function ThemeScript({ nonce }: { nonce?: string }) {
  return <script nonce={nonce} dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />;
}
