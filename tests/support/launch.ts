import { spawn } from "node:child_process";

/** This process's environment without any Portico setting, for a child that gets only the ones a test gives it. */
export function environmentWithoutPorticoSettings(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter(([k, v]) => v !== undefined && !/^(AUTH_|PORTICO_|DATABASE_URL$|PORT$)/.test(k))) as Record<string, string>;
}

/** The launcher (`npm start`) as a child process, with an environment stripped of any Portico settings. */
export function launchPortico(args: string[], env: Record<string, string>) {
  const base = environmentWithoutPorticoSettings();
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/portico.ts", ...args], {
    env: { ...base, NEXT_TELEMETRY_DISABLED: "1", ...env } as unknown as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d: Buffer) => (output += d));
  child.stderr.on("data", (d: Buffer) => (output += d));
  const exited = new Promise<number>((resolve) => child.once("exit", (code, signal) => resolve(code ?? (signal ? 128 : 1))));
  return {
    pid: child.pid!,
    output: () => output,
    exited,
    async stop(signal: NodeJS.Signals = "SIGINT") {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
    async waitUntilReady(url: string, timeoutMs = 120_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (child.exitCode !== null) throw new Error(`Portico exited with ${child.exitCode}:\n${output}`);
        const ok = await fetch(`${url}/api/health/ready`).then((r) => r.ok, () => false);
        if (ok) return;
        await new Promise((r) => setTimeout(r, 500));
      }
      throw new Error(`Portico was not ready within ${timeoutMs} ms:\n${output}`);
    },
  };
}
