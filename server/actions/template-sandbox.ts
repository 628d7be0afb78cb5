import { Worker } from "node:worker_threads";

/**
 * Evaluates JSONata and jq expressions in worker threads (jq through jq-wasm, jq 1.8 compiled to
 * WebAssembly: Port's calculation properties and templates are jq), so that no template can take the server down:
 * each evaluation runs alone on a worker with its own small heap (a huge `$pad` exhausts the
 * worker's, not the server's) and a deadline (a catastrophic regular expression in `$match` is
 * stopped by terminating its worker, which nothing inside JavaScript could do). A worker that was
 * terminated or died is replaced for the next evaluation; the others carry on.
 */
export const TEMPLATE_LIMITS = {
  /**
   * Wall-clock time one expression may take once its worker is ready (starting a worker does not
   * count). Generous for honest templates on a loaded machine; a runaway one is stopped within it.
   */
  timeoutMs: 2_000,
  /** Heap of a worker. */
  heapMb: 64,
  /** Size of one expression's value as JSON. */
  resultBytes: 1_000_000,
  /** Workers evaluating at once; more evaluations wait their turn. */
  workers: 2,
};

export class SandboxError extends Error {}

// Plain CommonJS for an eval worker: no bundler sees it, and it needs nothing but JSONata.
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const jsonata = require(workerData.jsonata);
let jq;
parentPort.postMessage({ kind: "ready" });
parentPort.on("message", async ({ expression, context, language }) => {
  let value;
  if (language === "jq") {
    try {
      jq ??= await require(workerData.jq).loadJq();
      value = jq.first(context, expression);
    } catch (error) {
      const stderr = String((error && (error.stderr || error.message)) || error).trim().split("\\n")[0];
      return parentPort.postMessage({ kind: /syntax error|compile error|not defined/.test(stderr) ? "syntax" : "failed", message: stderr.replace(/^jq: error( \\(at [^)]*\\))?: /, "") });
    }
  } else {
    let compiled;
    try {
      compiled = jsonata(expression);
    } catch (error) {
      return parentPort.postMessage({ kind: "syntax", message: String((error && error.message) || error) });
    }
    try {
      value = await compiled.evaluate(context);
    } catch (error) {
      return parentPort.postMessage({ kind: "failed", message: String((error && error.message) || error) });
    }
  }
  const json = value === undefined ? undefined : JSON.stringify(value);
  if (json !== undefined && json.length > workerData.resultBytes) {
    return parentPort.postMessage({ kind: "failed", message: "its value is larger than " + workerData.resultBytes + " bytes" });
  }
  parentPort.postMessage({ kind: "ok", json });
});
`;

export type SandboxResult = { kind: "ok"; value: unknown } | { kind: "syntax" | "failed"; message: string };

export type SandboxLanguage = "jsonata" | "jq";
type Job = { expression: string; context: unknown; language: SandboxLanguage; resolve: (r: SandboxResult) => void; reject: (e: Error) => void };
/** A worker; `ready` once it has loaded JSONata (the deadline of a job starts then). */
type Slot = { worker: Worker; busy: boolean; ready: boolean };

// Resolved from the app's own node_modules at run time, the same packages the server uses.
const modulePath = (name: string) => `${process.cwd()}/node_modules/${name}`;

class Sandbox {
  private slots: Slot[] = [];
  private queue: Job[] = [];

  evaluate(expression: string, context: unknown, language: SandboxLanguage): Promise<SandboxResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ expression, context, language, resolve, reject });
      this.pump();
    });
  }

  private pump() {
    while (this.queue.length) {
      const slot = this.slots.find((s) => s.ready && !s.busy);
      if (!slot) {
        if (this.slots.length < TEMPLATE_LIMITS.workers && this.slots.every((s) => s.ready)) this.spawn();
        return;
      }
      this.run(slot, this.queue.shift()!);
    }
  }

  private spawn(): void {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { jsonata: modulePath("jsonata"), jq: modulePath("jq-wasm"), resultBytes: TEMPLATE_LIMITS.resultBytes },
      resourceLimits: { maxOldGenerationSizeMb: TEMPLATE_LIMITS.heapMb, maxYoungGenerationSizeMb: 16, stackSizeMb: 4 },
      stdout: true,
      stderr: true,
    });
    // An idle worker never keeps the process alive; an error after its job ended (a retired worker
    // running out of memory while it is terminated) is not the process's to crash on.
    worker.unref();
    worker.on("error", () => {});
    const slot: Slot = { worker, busy: false, ready: false };
    this.slots.push(slot);
    const fail = (message: string) => {
      // A worker that cannot start fails what waits for it, rather than leaving it waiting.
      this.slots = this.slots.filter((s) => s !== slot);
      for (const job of this.queue.splice(0)) job.resolve({ kind: "failed", message });
    };
    worker.once("message", () => {
      slot.ready = true;
      this.pump();
    });
    worker.once("error", (error) => !slot.ready && fail(`the template sandbox could not start: ${error.message}`));
    worker.once("exit", () => !slot.ready && fail("the template sandbox could not start"));
  }

  private retire(slot: Slot) {
    this.slots = this.slots.filter((s) => s !== slot);
    void slot.worker.terminate();
  }

  private run(slot: Slot, job: Job) {
    slot.busy = true;
    const { worker } = slot;
    let settled = false;
    const finish = (outcome: () => void, keep: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      worker.off("message", onMessage);
      worker.off("error", onError);
      worker.off("exit", onExit);
      worker.unref();
      if (keep) slot.busy = false;
      else this.retire(slot);
      outcome();
      this.pump();
    };
    const onMessage = (message: { kind: "ok"; json?: string } | { kind: "syntax" | "failed"; message: string }) =>
      finish(() => job.resolve(message.kind === "ok" ? { kind: "ok", value: message.json === undefined ? undefined : JSON.parse(message.json) } : message), true);
    const onError = (error: Error & { code?: string }) =>
      finish(
        () => job.resolve({ kind: "failed", message: error.code === "ERR_WORKER_OUT_OF_MEMORY" ? `it used more than ${TEMPLATE_LIMITS.heapMb} MB of memory` : error.message }),
        false,
      );
    const onExit = () => finish(() => job.resolve({ kind: "failed", message: "its evaluation stopped unexpectedly" }), false);
    const timer = setTimeout(() => finish(() => job.resolve({ kind: "failed", message: `it took longer than ${TEMPLATE_LIMITS.timeoutMs} ms` }), false), TEMPLATE_LIMITS.timeoutMs);
    worker.on("message", onMessage);
    worker.on("error", onError);
    worker.on("exit", onExit);
    worker.ref();
    try {
      worker.postMessage({ expression: job.expression, context: job.context, language: job.language });
    } catch (error) {
      // A context that cannot be cloned (it is JSON by construction, so this is a bug).
      finish(() => job.reject(new SandboxError((error as Error).message)), true);
    }
  }
}

const globalForSandbox = globalThis as unknown as { porticoTemplateSandbox?: Sandbox };

/** Evaluates one JSONata (or jq: its first output) expression over `context` (plain JSON) under TEMPLATE_LIMITS. */
export function evaluateInSandbox(expression: string, context: unknown, language: SandboxLanguage = "jsonata"): Promise<SandboxResult> {
  globalForSandbox.porticoTemplateSandbox ??= new Sandbox();
  return globalForSandbox.porticoTemplateSandbox.evaluate(expression, context, language);
}
