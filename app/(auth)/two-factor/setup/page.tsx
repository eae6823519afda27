import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { TotpSetup } from "@/components/auth/totp-setup";
import { getConsoleSession } from "@/lib/server/auth";

export const metadata: Metadata = { title: "Set up two-factor authentication" };

export default async function TotpSetupPage() {
  const current = await getConsoleSession(await headers());
  if (!current) redirect("/sign-in");
  if (current.user.twoFactorEnabled) redirect("/");
  return (
    <AuthCard
      title="Set up two-factor authentication"
      intro={
        current.needsTotpSetup
          ? "Console admins who sign in with a password need an authenticator app before anything else."
          : "Protect your account with an authenticator app."
      }
    >
      <TotpSetup />
    </AuthCard>
  );
}
