import type { Metadata } from "next";
import { AccountView } from "@/components/account/account-view";
import { accountFacts, mustKeepTotp } from "@/lib/server/account/facts";
import { requirePageSession } from "@/lib/server/auth/page-session";
import { ssoConfigured } from "@/lib/server/auth/settings";
import { getDb } from "@/lib/server/db";
import { env } from "@/lib/server/env";

export const metadata: Metadata = { title: "Account" };

/** Every signed-in console user's own page: what they may change is decided here and enforced by the server. */
export default async function AccountPage() {
  const { user } = await requirePageSession({ action: "account.manage", next: "/account" });
  const facts = await accountFacts(await getDb(), user.id);
  return (
    <AccountView
      email={user.email}
      role={user.role}
      hasPassword={facts.hasPassword}
      ssoName={ssoConfigured() ? env().OIDC_NAME : null}
      twoFactorEnabled={user.twoFactorEnabled}
      mustKeepTotp={mustKeepTotp(user, facts.hasPassword)}
    />
  );
}
