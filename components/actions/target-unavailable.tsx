import Link from "next/link";
import { PlugZap } from "lucide-react";

/** Said before the form when the action's target needs an integration that is not connected: nobody fills in a run that would fail at once. */
export function TargetUnavailable({ what, isAdmin }: { what: string; isAdmin: boolean }) {
  return (
    <div role="alert" className="flex gap-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-200">
      <PlugZap aria-hidden className="mt-0.5 size-4 shrink-0" />
      <div>
        <p className="font-medium">{what} is not connected, so this action cannot run yet.</p>
        {isAdmin ? (
          <p>
            Connect it in{" "}
            <Link className="font-medium underline" href="/admin/integrations">
              Admin → Integrations
            </Link>
            , then come back to this form.
          </p>
        ) : (
          <p>An admin connects it in Admin → Integrations; ask one of your admins.</p>
        )}
      </div>
    </div>
  );
}
