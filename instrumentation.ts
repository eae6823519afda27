// Next.js calls register() once per server instance before it serves requests (never during `next build`), in
// every runtime. The start-up (database, migrations, reconciler, stop sequence) is Node.js-only: it lives in
// instrumentation-node.ts, imported only when NEXT_RUNTIME is "nodejs", so that nothing of it (file system,
// process.exit) is compiled into the edge bundle of proxy.ts.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { registerNode } = await import("./instrumentation-node");
    await registerNode();
  }
}
