import type { Metadata } from "next";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import { Providers } from "@/components/providers";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Invite Console", template: "%s · Invite Console" },
  description: "Invite people into MongoDB Atlas organizations and follow their pending invitations.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // proxy.ts sets a fresh CSP nonce per request; the inline theme script carries it (and pages render dynamically).
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  return (
    // The theme script (next-themes, in Providers) changes the class on <html> before hydration, on purpose.
    <html lang="en" suppressHydrationWarning>
      <body className="min-h-dvh bg-canvas text-fg">
        <Providers nonce={nonce}>{children}</Providers>
      </body>
    </html>
  );
}
