// Next.js calls this once per server start. The work itself is Node-only (instrumentation-node.ts);
// the runtime check keeps it out of the Edge compilation.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { registerNode } = await import("./instrumentation-node");
    await registerNode();
  }
}
