import { createHmac } from "node:crypto";
import http from "node:http";
import https from "node:https";
import { checkUrl, guardedLookup, OutboundBlockedError } from "./outbound";

/**
 * Outgoing HTTP for webhook invocations and notifications, through the outbound guard
 * (server/integrations/outbound.ts): the check runs on the address actually connected to, so a name
 * that resolves to a private address or rebinds between check and connect is refused too.
 * Redirects are not followed.
 */

/** The signature header: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, as Stripe and Slack do it. */
export const SIGNATURE_HEADER = "x-portico-signature";

export function signBody(body: string, secret: string, timestamp = Math.floor(Date.now() / 1000)): string {
  const mac = createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
  return `t=${timestamp},v1=${mac}`;
}

export type WebhookRequest = {
  url: string;
  method: string;
  headers?: Record<string, string>;
  body?: string;
  allowlist: string[];
  signingSecret?: string;
  /** Sent as Idempotency-Key, the same on every retry and re-dispatch, so a receiver can drop repeats. */
  idempotencyKey?: string;
  timeoutMs?: number;
  attempts?: number;
  backoffMs?: number;
  onAttempt?: (attempt: number, outcome: string) => void;
};

export type WebhookResponse = { status: number; body: string; attempts: number };

class RetryableError extends Error {}

function once(request: WebhookRequest, url: URL): Promise<{ status: number; body: string }> {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const lookup = guardedLookup(host, request.allowlist);
  const body = request.body ?? "";
  const headers: Record<string, string> = { "user-agent": "Portico-Webhook/1", ...request.headers };
  if (body) headers["content-type"] ??= "application/json";
  if (request.idempotencyKey) headers["idempotency-key"] = request.idempotencyKey;
  if (request.signingSecret) headers[SIGNATURE_HEADER] = signBody(body, request.signingSecret);
  headers["content-length"] = String(Buffer.byteLength(body));
  const client = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(url, { method: request.method, headers, lookup, timeout: request.timeoutMs ?? 10_000 }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size <= 64 * 1024) chunks.push(chunk);
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", (error) => reject(new RetryableError(error.message)));
    });
    req.on("timeout", () => req.destroy(new RetryableError(`no response within ${request.timeoutMs ?? 10_000} ms`)));
    req.on("error", (error) => reject(error instanceof OutboundBlockedError || error instanceof RetryableError ? error : new RetryableError(error.message)));
    req.end(body);
  });
}

/**
 * Sends the request, retrying network errors and 5xx responses with exponential backoff.
 * Resolves with the last response (any status); rejects when blocked or when every attempt failed
 * on the network.
 */
export async function sendWebhook(request: WebhookRequest): Promise<WebhookResponse> {
  const url = checkUrl(request.url, request.allowlist);
  const attempts = request.attempts ?? 4;
  let lastError: Error | undefined;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const response = await once(request, url);
      request.onAttempt?.(attempt, `HTTP ${response.status}`);
      if (response.status < 500 || attempt === attempts) return { ...response, attempts: attempt };
    } catch (error) {
      if (error instanceof OutboundBlockedError) throw error;
      lastError = error as Error;
      request.onAttempt?.(attempt, lastError.message);
      if (attempt === attempts) break;
    }
    await new Promise((resolve) => setTimeout(resolve, (request.backoffMs ?? 1_000) * 2 ** (attempt - 1)));
  }
  throw new Error(`the webhook did not answer after ${attempts} attempts: ${lastError?.message ?? "server error"}`);
}
