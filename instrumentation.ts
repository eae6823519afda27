// Next.js calls register() once per server instance before it serves requests (never during `next build`).
// Only the Node.js runtime opens the database: the edge runtime (proxy.ts) has no file system.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // `next build` may load the server to prerender pages: migrations are applied at start, never there.
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const { start } = await import("./lib/server/startup");
  try {
    await start();
  } catch (e) {
    // Next.js would keep listening and answer every request with a 500: a console that cannot open its
    // database (data directory locked by another process, bad DATABASE_URL, failed migration) stops instead.
    console.error(`The console cannot start: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
}
