import { asc, eq, isNull, and, lt } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { notificationOutbox, notifications } from "@/db/schema";
import type { ServiceContext } from "../context";
import { publicUrl } from "../env";
import { log } from "../log";
import { sendWebhook } from "../integrations/webhook";
import { webhookSettings } from "./settings";

/**
 * In-app notifications for the people concerned, and one line for the team's chat (a
 * Slack-compatible `{text}` webhook, when an admin set one). Both are written in the transaction of
 * the change, so a rolled-back change notifies no one; the run worker sends the outbox.
 */
export async function notifyUsers(tx: Tx, userIds: string[], n: { kind: string; title: string; link: string }) {
  const ids = [...new Set(userIds)].filter((id) => /^[0-9a-f-]{36}$/.test(id));
  if (ids.length) await tx.insert(notifications).values(ids.map((userId) => ({ userId, ...n })));
  await tx.insert(notificationOutbox).values({ text: n.title, link: n.link });
}

/** Sends what the outbox holds to the configured chat webhook (or marks it done when none is set). */
export async function flushOutbox(db: ServiceContext["db"], options: { backoffMs?: number } = {}) {
  await db.transaction(async (tx) => {
    const pending = await tx
      .select()
      .from(notificationOutbox)
      .where(and(isNull(notificationOutbox.sentAt), lt(notificationOutbox.attempts, 5)))
      .orderBy(asc(notificationOutbox.id))
      .limit(20)
      .for("update", { skipLocked: true });
    // The worker calls this every pass: settings (and their secret) are read only when there is something to send.
    if (!pending.length) return;
    const settings = await webhookSettings(tx);
    for (const item of pending) {
      if (!settings.notificationUrl) {
        await tx.update(notificationOutbox).set({ sentAt: new Date(), error: "no notification webhook configured" }).where(eq(notificationOutbox.id, item.id));
        continue;
      }
      try {
        const link = item.link ? `${publicUrl()}${item.link}` : null;
        const response = await sendWebhook({
          url: settings.notificationUrl,
          method: "POST",
          body: JSON.stringify({ text: link ? `${item.text} <${link}|Open in Portico>` : item.text }),
          allowlist: settings.allowlist,
          attempts: 2,
          backoffMs: options.backoffMs ?? 500,
          timeoutMs: 5_000,
        });
        const ok = response.status < 300;
        await tx
          .update(notificationOutbox)
          .set({ sentAt: ok ? new Date() : null, attempts: item.attempts + 1, error: ok ? null : `HTTP ${response.status}` })
          .where(eq(notificationOutbox.id, item.id));
      } catch (error) {
        log.warn("notification webhook failed", { error: (error as Error).message });
        await tx.update(notificationOutbox).set({ attempts: item.attempts + 1, error: (error as Error).message }).where(eq(notificationOutbox.id, item.id));
      }
    }
  });
}
