import { log } from "../log";

/**
 * Background work that looks every `intervalMs`: `tick` runs now, then again that long after each run
 * ends, never two at once; `now()` runs one sooner. `stop()` waits for the run under way, so nothing the
 * caller frees after it (a lease) is taken back by a late tick. A failed tick is logged and the next goes on.
 */
export function startTicker(name: string, tick: () => Promise<void>, intervalMs: number) {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> = Promise.resolve();
  const now = () => (inFlight = inFlight.then(() => (stopped ? undefined : tick())).catch((error) => log.warn(`${name} tick failed`, { error: (error as Error).message })));
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => void now().finally(schedule), intervalMs);
    timer.unref?.();
  };
  void now().finally(schedule);
  return {
    now: () => void now(),
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await inFlight;
    },
  };
}
