/**
 * docs/benchmarks.md is written by more than one script (`npm run bench`, `npm run loadtest`): each
 * owns a section between `<!-- name -->` and `<!-- /name -->` markers and replaces only that, and
 * each writes its figures as JSON beside it (docs/<name>.json).
 */
import { execSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";

const FILE = "docs/benchmarks.md";

export function writeSection(name: string, lines: string[], json: unknown) {
  fs.mkdirSync("docs", { recursive: true });
  const start = `<!-- ${name} -->`;
  const end = `<!-- /${name} -->`;
  const block = [start, ...lines, end].join("\n");
  let text = fs.existsSync(FILE) ? fs.readFileSync(FILE, "utf8") : "# Benchmarks\n\nWritten by `npm run bench` and `npm run loadtest`; each replaces its own section.\n";
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  text = from >= 0 && to > from ? text.slice(0, from) + block + text.slice(to + end.length) : `${text.trimEnd()}\n\n${block}\n`;
  fs.writeFileSync(FILE, text);
  fs.writeFileSync(`docs/${name}.json`, `${JSON.stringify(json, null, 2)}\n`);
}

export function machine() {
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  return `${cpu}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}, Node ${process.version}`;
}

export function commit() {
  try {
    return execSync("git rev-parse --short HEAD", { encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
}

/** One line per target, PASS or FAIL, printed at the end of a run. */
export type Verdict = { target: string; measured: string; pass: boolean };
export function printVerdicts(verdicts: Verdict[]) {
  for (const v of verdicts) process.stdout.write(`${v.pass ? "PASS" : "FAIL"}  ${v.target}: ${v.measured}\n`);
  const failed = verdicts.filter((v) => !v.pass).length;
  process.stdout.write(failed ? `${failed} of ${verdicts.length} targets missed\n` : `all ${verdicts.length} targets met\n`);
}

/**
 * On a virtual machine the hypervisor may run other guests on "our" cores (steal time): the same
 * code then measures slower. Returns a reading of the share of CPU time stolen since this call, in
 * percent (null where /proc/stat is missing), to print beside the figures it affects.
 */
export function stealMeter(): () => number | null {
  const read = () => {
    try {
      // cpu  user nice system idle iowait irq softirq steal ...
      const fields = fs.readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
      return { steal: fields[7]!, total: fields.reduce((a, b) => a + b, 0) };
    } catch {
      return null;
    }
  };
  const start = read();
  return () => {
    const end = read();
    if (!start || !end || end.total === start.total) return null;
    return Math.round(((end.steal - start.steal) / (end.total - start.total)) * 1000) / 10;
  };
}
