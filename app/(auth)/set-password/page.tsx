import type { Metadata } from "next";
import { AuthCard } from "@/components/auth/auth-card";
import { SetPasswordForm } from "@/components/auth/set-password-form";

export const metadata: Metadata = { title: "Set your password" };

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function SetPasswordPage({ searchParams }: { searchParams: Search }) {
  const token = (await searchParams).token;
  return (
    <AuthCard title="Set your password" intro="Choose the password you will sign in with.">
      {typeof token === "string" && token ? (
        <SetPasswordForm token={token} />
      ) : (
        <p className="text-sm text-muted">This link is incomplete. Ask a console admin for a new one.</p>
      )}
    </AuthCard>
  );
}
