export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startPorticoOrExit } = await import("./server/startup");
  await startPorticoOrExit();
}
