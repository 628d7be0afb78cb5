export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { recordPeerAddresses } = await import("./server/peer-address");
  // The REST fast path serves the production server only: \`next dev\` keeps every route hot-reloadable.
  const fastPath = process.env.NODE_ENV === "production" ? (await import("./server/api/fast-path")).serveFastPath : undefined;
  recordPeerAddresses({ answerFirst: fastPath });
  const { startPorticoOrExit } = await import("./server/startup");
  await startPorticoOrExit();
}
