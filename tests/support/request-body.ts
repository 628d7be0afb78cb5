import type http from "node:http";

/**
 * A request's body, or undefined when the client went away before sending all of it (a replica killed in
 * a test, a timeout). The loopback servers that stand in for GitHub, GitLab, Kubernetes and webhook
 * receivers then drop the request, as a real server does, instead of failing the test with "aborted".
 */
export async function readRequestBody(req: http.IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of req) chunks.push(chunk as Buffer);
  } catch {
    return undefined;
  }
  return Buffer.concat(chunks);
}
