// Without zod: the pending list's stream (lib/invitations/list-stream.ts) decodes its rows with these in the
// browser's first load, where zod would cost 32 kB (gzip). The schemas in ./invitations and ./connections use them.

/** The two Atlas APIs that hold org invitations: the users API, or the legacy invitations API. */
export const INVITES_APIS = ["users", "invitations"] as const;
export type InvitesApi = (typeof INVITES_APIS)[number];

/** Where an invitation lives: the users API, the legacy invitations API, or a legacy project invitation. */
export const INVITATION_SOURCES = [...INVITES_APIS, "project"] as const;
export type InvitationSource = (typeof INVITATION_SOURCES)[number];

/** How a console user made an invitation: sent it, renewed it, re-invited, created the Atlas account, migrated. */
export const INVITED_VIA = ["invited", "renewed", "reinvited", "account", "migrated"] as const;
export type InvitedVia = (typeof INVITED_VIA)[number];
