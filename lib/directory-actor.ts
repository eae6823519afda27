// Changes made by the identity provider (SCIM provisioning) are audited and recorded in the ledger as the actor
// "provisioning: <token name>" (lib/server/provisioning/worker.ts). Pages show them as "from the directory".

const PREFIX = "provisioning: ";

export const directoryActorEmail = (tokenName: string) => `${PREFIX}${tokenName}`;

/** The provisioning token's name when `actor` is the directory, else null. */
export function directoryTokenOf(actor: string | null | undefined): string | null {
  return actor?.startsWith(PREFIX) ? actor.slice(PREFIX.length) : null;
}
