"use client";

import { createContext, useContext } from "react";
import type { ReactNode } from "react";
import type { Action, Role } from "@/lib/permissions";
import { can, refusalReason } from "@/lib/permissions";

export interface SessionUser {
  email: string;
  name: string;
  role: Role;
}

const SessionContext = createContext<SessionUser | null>(null);

/** The signed-in user for client islands: the UI mirrors lib/permissions.ts (the server still decides). */
export function SessionProvider({ user, children }: { user: SessionUser; children: ReactNode }) {
  return <SessionContext.Provider value={user}>{children}</SessionContext.Provider>;
}

export function useSessionUser(): SessionUser | null {
  return useContext(SessionContext);
}

/** { allowed, reason }: reason explains a disabled control. Without a session (tests of islands) nothing is allowed. */
export function usePermission(action: Action): { allowed: boolean; reason: string | null } {
  const user = useContext(SessionContext);
  if (!user) return { allowed: false, reason: "Sign in to do this." };
  return { allowed: can(user.role, action), reason: refusalReason(user.role, action) };
}
