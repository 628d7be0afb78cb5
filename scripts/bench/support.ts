/** What the benchmark scripts share: the generated Backstage catalog and the CPU accounting of processes. */
import fs from "node:fs";
import path from "node:path";

/** N Components, N/50 Systems and N/100 Groups (at least 5 each) as one multi-document YAML file under `dir/data` (kept: made once per size). */
export function writeCatalog(dir: string, n: number): string {
  const file = path.join(dir, "data", `catalog-${n}.yaml`);
  if (fs.existsSync(file)) return file;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const groups = Math.max(5, Math.floor(n / 100));
  const systems = Math.max(5, Math.floor(n / 50));
  const lifecycles = ["production", "experimental", "deprecated"];
  const types = ["service", "website", "library", "worker"];
  const tagPool = ["java", "node", "go", "python", "rust", "kafka", "grpc", "rest", "frontend", "backend"];
  const docs: string[] = [];
  for (let g = 0; g < groups; g++) docs.push(`apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: team-${g}\n  description: Team ${g}\nspec:\n  type: team\n  children: []\n`);
  for (let s = 0; s < systems; s++) docs.push(`apiVersion: backstage.io/v1alpha1\nkind: System\nmetadata:\n  name: system-${s}\n  description: System ${s}\nspec:\n  owner: group:default/team-${s % groups}\n`);
  for (let i = 0; i < n; i++) {
    const t1 = tagPool[i % tagPool.length]!;
    const t2 = tagPool[(i * 7 + 3) % tagPool.length]!;
    docs.push(
      `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: component-${i}\n  description: Synthetic component number ${i}\n  tags: [${t1 === t2 ? t1 : `${t1}, ${t2}`}]\n  annotations:\n    github.com/project-slug: example-org/component-${i}\n    backstage.io/techdocs-ref: dir:.\nspec:\n  type: ${types[i % types.length]}\n  lifecycle: ${lifecycles[i % lifecycles.length]}\n  owner: group:default/team-${i % groups}\n  system: system-${i % systems}\n`,
    );
  }
  fs.writeFileSync(file, docs.map((d) => `---\n${d}`).join(""));
  return file;
}

/** Seconds of CPU (user + system) the processes have used so far; with `reaped`, also that of their children that ended (PostgreSQL's closed backends). */
export function cpuSeconds(pids: number[], reaped = false): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
      ticks += Number(fields[11]) + Number(fields[12]) + (reaped ? Number(fields[13]) + Number(fields[14]) : 0);
    } catch {
      // gone
    }
  }
  return ticks / 100;
}

/** A process and its descendants, split into PostgreSQL's processes (Portico's embedded database is its child) and the rest. */
export const processTree = (root: number): { server: number[]; postgres: number[] } => {
  const parent = new Map<number, number>();
  const isPostgres = new Set<number>();
  for (const pid of fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d)).map(Number)) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      parent.set(pid, Number(stat.split(") ")[1]!.split(" ")[1]));
      if (stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")) === "postgres") isPostgres.add(pid);
    } catch {
      // gone
    }
  }
  const tree = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, ppid] of parent) {
      if (!tree.has(pid) && tree.has(ppid)) {
        tree.add(pid);
        grew = true;
      }
    }
  }
  return { server: [...tree].filter((pid) => !isPostgres.has(pid)), postgres: [...tree].filter((pid) => isPostgres.has(pid)) };
};

/** The server's own processes (a process and its descendants without PostgreSQL's). */
export const serverProcesses = (root: number): number[] => processTree(root).server;

/** Seconds of CPU the machine lost to steal, from /proc/stat. */
export const stealSeconds = () => Number(fs.readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/)[8]) / 100;
