import fs from "node:fs";

/** A process and all its descendants (the launcher, `next start`, its workers, PostgreSQL), as /proc/<pid>/stat and status. */
export function processTree(root: number): { pid: number; stat: string; status: string }[] {
  const statuses = new Map<number, string>();
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = fs.readFileSync(`/proc/${entry}/status`, "utf8");
      const ppid = Number(/PPid:\s+(\d+)/.exec(status)?.[1]);
      statuses.set(Number(entry), status);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // the process ended meanwhile
    }
  }
  const found: { pid: number; stat: string; status: string }[] = [];
  const visit = (p: number) => {
    try {
      found.push({ pid: p, stat: fs.readFileSync(`/proc/${p}/stat`, "utf8"), status: statuses.get(p)! });
    } catch {
      return;
    }
    for (const c of children.get(p) ?? []) visit(c);
  };
  if (statuses.has(root)) visit(root);
  return found;
}
