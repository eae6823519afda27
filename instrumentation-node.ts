// The Node.js half of instrumentation.ts: opens the database and runs the start-up of lib/server/startup.ts.

export async function registerNode(): Promise<void> {
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
