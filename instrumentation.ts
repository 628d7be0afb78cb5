export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startPortico } = await import("./server/startup");
  try {
    await startPortico();
  } catch (error) {
    // A bad configuration or an unreachable database: say so plainly and stop, rather than serve errors.
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
