import type { Metadata } from "next";
import { AuthCard } from "@/components/auth/auth-card";
import { TwoFactorForm } from "@/components/auth/two-factor-form";

export const metadata: Metadata = { title: "Two-factor authentication" };

type Search = Promise<Record<string, string | string[] | undefined>>;

/** Second step of a password sign-in; better-auth's two-factor cookie says which sign-in it belongs to. */
export default async function TwoFactorPage({ searchParams }: { searchParams: Search }) {
  const next = (await searchParams).next;
  return (
    <AuthCard title="Two-factor authentication" intro="Enter the code from your authenticator app.">
      <TwoFactorForm next={typeof next === "string" ? next : null} />
    </AuthCard>
  );
}
