import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { SignInForm } from "@/components/auth/sign-in-form";
import { safeNext } from "@/lib/safe-next";
import { getConsoleSession } from "@/lib/server/auth";
import { isDemo, ssoConfigured } from "@/lib/server/auth/settings";
import { env } from "@/lib/server/env";

export const metadata: Metadata = { title: "Sign in" };

type Search = Promise<Record<string, string | string[] | undefined>>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? null;

export default async function SignInPage({ searchParams }: { searchParams: Search }) {
  const search = await searchParams;
  const next = first(search.next);
  const h = await headers();
  if (await getConsoleSession(h)) {
    // The same judgement as the form's (lib/safe-next.ts), against the console's public origin.
    const origin =
      env().CONSOLE_URL ?? `${h.get("x-forwarded-proto") ?? "http"}://${h.get("host") ?? "localhost"}`;
    redirect(safeNext(next, origin));
  }
  return (
    <AuthCard title="Sign in to the Invite Console">
      <SignInForm
        next={next}
        sso={ssoConfigured() ? env().OIDC_NAME : null}
        demo={isDemo()}
        error={first(search.error)}
      />
    </AuthCard>
  );
}
