// `npm run console -- <command> ...`: the console's operator commands (admin accounts, key rotation, audit
// verification). Each command lives in lib/server/cli/<command>.ts and exports run(args) → exit code.
// Runs under Node's "react-server" condition so that `import "server-only"` resolves to its empty module.
const COMMANDS: Record<
  string,
  { load: () => Promise<{ run: (args: string[]) => Promise<number> }>; help: string }
> = {
  admin: {
    load: () => import("../lib/server/cli/admin"),
    help: "admin create --email <e>   create a console admin\n  admin reset-2fa --email <e> reset a locked-out user's two-factor authentication",
  },
  keys: {
    load: () => import("../lib/server/cli/keys"),
    help: "keys rotate                re-encrypt stored secrets with the newest key",
  },
  audit: {
    load: () => import("../lib/server/cli/audit"),
    help: "audit verify               check the audit log's hash chain",
  },
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    console.error(
      `Usage: npm run console -- <command>\n\n${Object.values(COMMANDS)
        .map((c) => `  ${c.help}`)
        .join("\n")}`,
    );
    return name ? 2 : 0;
  }
  return (await command.load()).run(rest);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  },
);
