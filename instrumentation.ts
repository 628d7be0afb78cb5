export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { recordPeerAddresses } = await import("./server/peer-address");
  recordPeerAddresses();
  const { startPorticoOrExit } = await import("./server/startup");
  await startPorticoOrExit();
}
