import path from "node:path/posix";
import { readYaml, readYamlStream, readYamlStreamInParallel } from "./yaml";
import { pointerSegment, refString, type BackstageDoc, type Problem, type SourceDoc } from "./format";

/**
 * What an import reads: the uploaded files, and `Location` documents' targets and `$text` / `$json` /
 * `$yaml` substitutions resolved against those files or, through `read`, the repository they came from.
 */

export type ImportFile = { path: string; content: string };
/** Reads a file of the repository an upload came from (GitHub discovery); undefined when it is not there. */
export type FileReader = (path: string) => Promise<string | undefined>;

export type Sources = {
  /** How many documents the upload has (with those that could not be read). */
  count: number;
  documents: SourceDoc[];
  problems: Problem[];
  /** Documents read but not imported as entities (Locations, kinds Portico does not import), with why. */
  skipped: { document: number; file?: string; ref?: string; reason: string }[];
};

const MAX_FILES = 1000;

/** Resolves `target` relative to the file that names it; URLs and paths leaving the upload's root stay as they are. */
function resolvePath(from: string | undefined, target: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return target;
  return path.normalize(path.join(from ? path.dirname(from) : ".", target)).replace(/^\.\//, "");
}

export async function readSources(files: ImportFile[], read?: FileReader): Promise<Sources> {
  const normal = (p: string) => path.normalize(p).replace(/^\.\//, "");
  const byPath = new Map(files.map((f) => [normal(f.path), f.content]));
  const out: Sources = { count: 0, documents: [], problems: [], skipped: [] };
  // The upload's roots: files no Location or substitution of another file names. The others are read
  // when named (a Location's targets in its order; a substitution's file as data, not as documents).
  const named = files.length > 1 ? namedFiles(files, normal) : new Set<string>();
  const roots = files.filter((f) => !named.has(normal(f.path)));
  const queue = (roots.length ? roots : files).map((f) => ({ path: normal(f.path), content: f.content as string | undefined, from: undefined as string | undefined }));
  const seen = new Set(queue.map((q) => q.path));
  let document = 0;

  const readFile = async (p: string) => byPath.get(p) ?? (read && !/^[a-z][a-z0-9+.-]*:/i.test(p) && !p.startsWith("../") ? await read(p) : undefined);

  while (queue.length) {
    const file = queue.shift()!;
    const content = file.content ?? (await readFile(file.path));
    const fileName = files.length > 1 || file.from ? file.path : undefined;
    if (content === undefined) continue; // reported by the Location that named it
    for (const parsed of await readYamlStreamInParallel(content)) {
      document++;
      const at = { document, file: fileName };
      if ("error" in parsed) {
        out.problems.push({ severity: "error", ...at, pointer: "", message: parsed.error });
        continue;
      }
      const doc = parsed.value;
      if (typeof doc !== "object" || Array.isArray(doc)) {
        out.problems.push({ severity: "error", ...at, pointer: "", message: "must be a YAML mapping (apiVersion, kind, metadata, spec)" });
        continue;
      }
      const d = doc as BackstageDoc;
      const missing = [typeof d.kind !== "string" || !d.kind ? "/kind" : null, typeof d.metadata?.name !== "string" || !d.metadata.name ? "/metadata/name" : null].filter((x) => x !== null);
      if (missing.length) {
        for (const pointer of missing) out.problems.push({ severity: "error", ...at, pointer, message: "is required" });
        continue;
      }
      if (d.metadata!.namespace !== undefined && typeof d.metadata!.namespace !== "string") {
        out.problems.push({ severity: "error", ...at, pointer: "/metadata/namespace", message: "must be a string" });
        continue;
      }
      const kind = (d.kind as string).toLowerCase();
      const namespace = (d.metadata!.namespace as string | undefined) ?? "default";
      const name = d.metadata!.name as string;
      const source: SourceDoc = { ...at, doc: d, kind, namespace, name, ref: refString(kind, namespace, name) };

      if (kind === "location") {
        const spec = d.spec ?? {};
        const targets = [...(typeof spec.target === "string" ? [spec.target] : []), ...(Array.isArray(spec.targets) ? spec.targets.filter((t): t is string => typeof t === "string") : [])];
        const followed: string[] = [];
        for (const [i, target] of targets.entries()) {
          const pointer = typeof spec.target === "string" && i === 0 ? "/spec/target" : `/spec/targets/${typeof spec.target === "string" ? i - 1 : i}`;
          const resolved = resolvePath(file.path, target);
          if (seen.has(resolved)) {
            followed.push(resolved);
            continue;
          }
          const found = queue.length + seen.size < MAX_FILES ? await readFile(resolved) : undefined;
          if (found === undefined) {
            const optional = spec.presence === "optional";
            out.problems.push({
              severity: optional ? "warning" : "error",
              ...at,
              ref: source.ref,
              pointer,
              message: `${target} is not in this upload${read ? " nor in the repository" : ""}${optional ? " (presence: optional)" : ""}: add the file to the upload, or import from its repository`,
            });
            continue;
          }
          seen.add(resolved);
          followed.push(resolved);
          queue.push({ path: resolved, content: found, from: file.path });
        }
        out.skipped.push({ ...at, ref: source.ref, reason: followed.length ? `Location: followed ${followed.join(", ")}` : "Location: no target followed" });
        continue;
      }
      if (hasPlaceholder(d)) await substitute(d, "", file.path, readFile, (pointer, message) => out.problems.push({ severity: "warning", ...at, ref: source.ref, pointer, message }));
      out.documents.push(source);
    }
  }
  out.count = document;
  return out;
}

/** Paths that Locations and substitutions in the upload name (relative to the naming file). */
function namedFiles(files: ImportFile[], normal: (p: string) => string): Set<string> {
  const named = new Set<string>();
  for (const f of files) {
    // Only files that can name others are parsed twice.
    if (!/\$(?:text|json|yaml)|kind:\s*Location/.test(f.content)) continue;
    const visit = (v: unknown) => {
      if (!v || typeof v !== "object") return;
      const o = v as Record<string, unknown>;
      for (const key of ["$text", "$json", "$yaml"]) if (typeof o[key] === "string") named.add(normal(resolvePath(f.path, o[key] as string)));
      Object.values(o).forEach(visit);
    };
    for (const d of readYamlStream(f.content)) {
      if ("error" in d) continue;
      const doc = d.value as BackstageDoc | null;
      if (doc && typeof doc === "object" && String(doc.kind).toLowerCase() === "location") {
        const spec = doc.spec ?? {};
        for (const t of [spec.target, ...(Array.isArray(spec.targets) ? spec.targets : [])]) if (typeof t === "string") named.add(normal(resolvePath(f.path, t)));
      } else visit(doc);
    }
  }
  return named;
}

const isPlaceholder = (v: unknown) => {
  if (!v || typeof v !== "object" || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  return keys.length === 1 && (keys[0] === "$text" || keys[0] === "$json" || keys[0] === "$yaml");
};

/** Whether a document has a substitution anywhere (a synchronous look, so the 50,000 documents without one cost nothing). */
function hasPlaceholder(value: unknown): boolean {
  if (!value || typeof value !== "object") return false;
  if (isPlaceholder(value)) return true;
  for (const child of Array.isArray(value) ? value : Object.values(value)) if (hasPlaceholder(child)) return true;
  return false;
}

/**
 * Backstage's placeholders: a mapping with the single key `$text`, `$json` or `$yaml` is replaced by
 * that file's text or parsed content (relative to the document's file). What cannot be read is removed
 * and reported, so the rest of the document still imports.
 */
async function substitute(value: unknown, pointer: string, from: string, readFile: (p: string) => Promise<string | undefined>, warn: (pointer: string, message: string) => void): Promise<unknown> {
  if (!value || typeof value !== "object") return value;
  const container = value as Record<string, unknown> | unknown[];
  for (const key of Object.keys(container)) {
    const child = (container as Record<string, unknown>)[key];
    const at = `${pointer}/${pointerSegment(key)}`;
    if (isPlaceholder(child)) {
      const how = Object.keys(child as object)[0]!;
      const target = (child as Record<string, unknown>)[how];
      const resolved = typeof target === "string" ? resolvePath(from, target) : undefined;
      const text = resolved ? await readFile(resolved) : undefined;
      let replacement: unknown;
      if (text === undefined) warn(at, `${how}: ${String(target)} could not be read (not in this upload${/^[a-z]+:/i.test(String(target)) ? "; URLs are not fetched" : ""}); left out`);
      else {
        try {
          replacement = how === "$text" ? text : how === "$json" ? JSON.parse(text) : readYaml(text);
        } catch (error) {
          warn(at, `${how}: ${String(target)} is not valid ${how === "$json" ? "JSON" : "YAML"}: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}; left out`);
        }
      }
      if (replacement === undefined) delete (container as Record<string, unknown>)[key];
      else (container as Record<string, unknown>)[key] = replacement;
      continue;
    }
    await substitute(child, at, from, readFile, warn);
  }
  return value;
}

