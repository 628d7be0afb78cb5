import type { DbOrTx } from "@/db/client";
import type { ServiceContext } from "../../context";
import type { Invocation } from "../definition";
import type { ActionJson, RunRow } from "../runs";
import type { TemplateContext } from "../templates";

/**
 * A self-service target: where an action's run goes and how Portico follows it to its end. One module
 * per target (github-workflow.ts, kubernetes-job.ts, …), registered in index.ts; the dispatcher, the
 * follower and cancellation go through the registry, so a new target touches its module, its
 * registration, its settings schema (definition.ts) and its test server.
 */

/** What a dispatch or a follow-up found: the status to set, and what to record. */
export type Outcome<State extends object = object> = {
  status: "IN_PROGRESS" | "SUCCESS" | "FAILURE" | "CANCELLED";
  statusLabel?: string | null;
  link?: string;
  summary?: string;
  /** The target's own state of the run (its id there, log cursors), kept on the run between follow-ups. */
  external?: State & { lastStatus?: string };
  affectedEntities?: { blueprint: string; identifier: string }[];
  logs: { source: string; message: string; level?: "info" | "warn" | "error" }[];
  /** Follow again (GitHub workflow runs, Jobs); absent when the target reports back itself. */
  follow?: boolean;
};

/** What rendering sees: the action, the template context, and the run's callback (id, URLs, token). */
export type RenderArgs = {
  action: ActionJson;
  context: TemplateContext;
  inputs: Record<string, unknown>;
  entity: Record<string, unknown> | null;
  callback: { id: string; url: string; apiUrl: string; token?: string };
};

export type DispatchOptions = { webhookBackoffMs?: number };

export type Target<I extends Invocation, Payload extends Record<string, unknown>, State extends object = object> = {
  type: I["type"];
  /** The run log's `source` for what this target says. */
  source: string;
  /** Pure over its arguments: a dry run shows exactly what a dispatch would send. */
  render: (invocation: I, args: RenderArgs) => { target: string; payload: Payload };
  /**
   * Sends the run. `run.dispatchAttempts` > 1 means an earlier worker claimed it and vanished: the target
   * is asked first whether the run already reached it, so nothing is sent twice.
   */
  dispatch: (ctx: ServiceContext, run: RunRow, payload: Payload, options: DispatchOptions) => Promise<Outcome<State>>;
  /**
   * How the run ends after dispatch: a function polls the target for status and logs; `reports-back` waits
   * for the target to PATCH the run (its token is in the payload); `at-dispatch` means dispatch's outcome is final.
   */
  follow: ((ctx: ServiceContext, run: RunRow, invocation: I, state: State & { lastStatus?: string }) => Promise<Outcome<State>>) | "reports-back" | "at-dispatch";
  /** Stops a dispatched run in the target; says what it did. Absent: nothing to stop there. */
  cancel?: (db: DbOrTx, run: RunRow, invocation: I, state: State) => Promise<string>;
  /**
   * The integration a run would need and that is not connected now ("GitHub", "cluster dev-eu-1"), checked
   * when the form is shown, so that nobody fills it in for a run that fails at once. Undefined when it is
   * connected, when the target needs none, or when the invocation names it only by a template.
   */
  unavailable?: (db: DbOrTx, invocation: I) => Promise<string | undefined>;
  /** The target's own errors in words (a Kubernetes Status, GitHub's message). */
  describeError?: (error: unknown) => string;
};
