"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";

type Props = {
  params: Record<string, string>;
  client: { id: string; name: string; clientUri?: string };
  redirectHost: string;
  user: { email: string; role: string };
  asksBuilder: boolean;
};

/** Allow or deny: the decision goes to the server, which answers where the browser goes next (the client's redirect URI). */
export function Consent({ params, client, redirectHost, user, asksBuilder }: Props) {
  const [builder, setBuilder] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const isAdmin = user.role === "admin";

  async function decide(allow: boolean) {
    setPending(true);
    setError(null);
    try {
      const response = await fetch("/api/oauth/authorize", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ params, allow, builder: allow && isAdmin && builder }),
      });
      const answer = (await response.json()) as { redirect?: string; error?: string | { message?: string } };
      if (answer.redirect) {
        window.location.assign(answer.redirect);
        return;
      }
      setError(typeof answer.error === "string" ? answer.error : (answer.error?.message ?? "The decision could not be recorded."));
    } catch {
      setError("Portico could not be reached. Try again.");
    }
    setPending(false);
  }

  return (
    <Card className="space-y-4">
      <div>
        <h2 className="text-lg font-semibold">
          <span data-testid="client-name">{client.name}</span> wants to use Portico as you
        </h2>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          Signed in as <strong>{user.email}</strong>. The answer goes to <code>{redirectHost}</code>
          {client.clientUri ? (
            <>
              {" "}
              (<span className="break-all">{client.clientUri}</span>, as the application says of itself)
            </>
          ) : null}
          .
        </p>
      </div>
      <div className="text-sm">
        <p className="font-medium">It will be able to:</p>
        <ul className="mt-1 list-disc space-y-1 pl-5">
          <li>search the catalog, read entities, their scorecards, teams, deployments and environments you can see;</li>
          <li>run self-service actions you may run, as you (approvals still apply) and follow their runs;</li>
          {isAdmin ? <li>read the audit log (you are an admin).</li> : null}
        </ul>
      </div>
      {isAdmin && asksBuilder ? (
        <label className="flex items-start gap-2 text-sm">
          <input type="checkbox" className="mt-1" checked={builder} onChange={(e) => setBuilder(e.target.checked)} />
          <span>
            Also allow the <strong>builder tools</strong>: change blueprints, scorecards and actions, and import Port files.
          </span>
        </label>
      ) : null}
      <p className="text-xs text-zinc-500">You can disconnect it at any time under Connected assistants; its access ends at once.</p>
      {error ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
      <div className="flex gap-3">
        <Button type="button" disabled={pending} onClick={() => void decide(true)}>
          Allow
        </Button>
        <Button type="button" variant="secondary" disabled={pending} onClick={() => void decide(false)}>
          Deny
        </Button>
      </div>
    </Card>
  );
}
