"use client";

import type { Role } from "@/lib/permissions";
import { ROLE_LABELS } from "@/lib/permissions";
import { NotificationsSection } from "./notifications-section";
import { PasswordSection } from "./password-section";
import { Section } from "./section";
import { SessionsSection } from "./sessions-section";
import { TokensSection } from "./tokens-section";
import { TwoFactorSection } from "./two-factor-section";

export interface AccountProps {
  email: string;
  role: Role;
  hasPassword: boolean;
  ssoName: string | null;
  twoFactorEnabled: boolean;
  mustKeepTotp: boolean;
}

/** The Account page's client island: password, second factor and recovery codes, notifications, sessions, API tokens. */
export function AccountView(props: AccountProps) {
  return (
    <div className="mx-auto flex w-full max-w-3xl min-w-0 flex-col gap-4 px-4 py-4 sm:px-6">
      <div>
        <h1 className="text-lg font-semibold">Account</h1>
        <p className="text-sm break-words text-muted">
          {props.email} · {ROLE_LABELS[props.role].label}
        </p>
      </div>
      {props.hasPassword ? (
        <>
          <PasswordSection />
          <TwoFactorSection enabled={props.twoFactorEnabled} mustKeep={props.mustKeepTotp} />
        </>
      ) : (
        <Section id="account-sso" title="Password and two-factor authentication">
          <p className="text-sm">
            You sign in with {props.ssoName ?? "single sign-on"}: the console holds no password for you, and
            your identity provider asks for any second factor. Change them there.
          </p>
        </Section>
      )}
      <NotificationsSection role={props.role} />
      <SessionsSection />
      <TokensSection role={props.role} />
    </div>
  );
}
