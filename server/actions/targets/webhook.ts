import type { Invocation } from "../definition";
import { sendWebhook } from "../../integrations/webhook";
import { webhookSettings } from "../settings";
import type { Outcome, Target } from "./target";

type Webhook = Extract<Invocation, { type: "webhook" }>;
type Payload = { url: string; method: string; headers?: Record<string, string>; body: unknown; signed: boolean; synchronized: boolean };

/**
 * An HTTP request, signed with the portal's signing secret when asked, retried with the run id as its
 * Idempotency-Key. `synchronized`: the answer ends the run; otherwise the receiver reports back with the
 * run's token (PATCH /api/v1/runs/{id}).
 */
export const webhook: Target<Webhook, Payload> = {
  type: "webhook",
  source: "webhook",
  render(invocation, { context, callback, inputs, entity }) {
    const body = invocation.body !== undefined ? invocation.body : { action: context.action, run: callback, inputs, entity, user: context.user };
    return {
      target: `${invocation.method} ${invocation.url}`,
      payload: { url: invocation.url, method: invocation.method, headers: invocation.headers, body, signed: invocation.signed, synchronized: invocation.synchronized },
    };
  },
  async dispatch(ctx, run, w, options) {
    const settings = await webhookSettings(ctx.db);
    if (w.signed && !settings.signingSecret) throw new Error("the webhook is signed but no signing secret is set: an admin sets one in Admin → Integrations → Webhooks");
    const logs: Outcome["logs"] = [];
    const response = await sendWebhook({
      url: w.url,
      method: w.method,
      headers: w.headers,
      body: w.method === "GET" ? undefined : typeof w.body === "string" ? w.body : JSON.stringify(w.body ?? {}),
      allowlist: settings.allowlist,
      signingSecret: w.signed ? settings.signingSecret : undefined,
      idempotencyKey: run.id,
      backoffMs: options.webhookBackoffMs,
      onAttempt: (attempt, outcome) => logs.push({ source: "webhook", message: `Attempt ${attempt}: ${outcome}` }),
    });
    const ok = response.status >= 200 && response.status < 300;
    if (!ok) return { status: "FAILURE", summary: `The webhook answered HTTP ${response.status}`, logs: [...logs, { source: "webhook", message: response.body.slice(0, 2000), level: "error" }] };
    return w.synchronized
      ? { status: "SUCCESS", summary: `The webhook answered HTTP ${response.status}`, logs }
      : { status: "IN_PROGRESS", statusLabel: "Waiting for the receiver to report", logs };
  },
  follow: "reports-back",
};
