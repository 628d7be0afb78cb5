import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { log } from "../../log";
import * as jsYaml from "js-yaml";

/**
 * A multi-document YAML stream read one document at a time, so that a syntax error costs only its own
 * document and is reported with the file's line. The stream is split at `---` and `...` lines (a
 * document marker at column 0 always ends the previous document in YAML, even inside a block scalar,
 * whose lines are indented). js-yaml reads 50,000 catalog documents (18 MB) in 2.5–4 s where the `yaml`
 * package takes 12 s; a large stream is read on every core (`readYamlStreamInParallel`). The core
 * schema, as YAML 1.2: `2026-01-31` stays a string.
 */
export type YamlDocument = { value: unknown; line: number } | { error: string; line: number };

/** Where each document of a stream is: [start, end, first line]. */
type Segment = [number, number, number];

function segmentsOf(content: string): Segment[] {
  const segments: Segment[] = [];
  let start = 0;
  let startLine = 1;
  let line = 1;
  let sawMarker = false;
  for (let i = 0; i <= content.length; ) {
    const next = content.indexOf("\n", i);
    const end = next < 0 ? content.length : next;
    const text = content.slice(i, end);
    if (/^(?:---|\.\.\.)(?:[ \t]|$)/.test(text)) {
      if (i > start || sawMarker) segments.push([start, i, startLine]);
      // A `---` line may carry the document's first node (`--- {a: 1}`); `...` only ends one.
      const rest = text.startsWith("---") ? 3 : text.length;
      start = i + rest;
      startLine = line;
      sawMarker = true;
    }
    if (next < 0) break;
    i = next + 1;
    line++;
  }
  segments.push([start, content.length, startLine]);
  return segments;
}

/**
 * One document. Self-contained (js-yaml comes in as `yaml`): the parallel reader's worker runs this very
 * function's source, so both halves of a stream are read by the same code.
 */
function readSegment(text: string, startLine: number, yaml: typeof jsYaml): YamlDocument | null {
  if (/^\s*(?:#.*)?$/.test(text.replace(/^\s*(?:#.*)?$/gm, ""))) return null; // nothing but blank lines and comments
  try {
    const value = yaml.load(text, { schema: yaml.CORE_SCHEMA });
    return value !== undefined && value !== null ? { value, line: startLine } : null;
  } catch (error) {
    if (!(error instanceof yaml.YAMLException)) throw error;
    const at = error.mark ? startLine + error.mark.line : startLine;
    return { error: `YAML syntax error (line ${at}): ${error.reason ?? error.message.split("\n")[0]}`, line: at };
  }
}

/**
 * Documents read a block at a time: one js-yaml call for up to 200 documents (each given its own
 * `---`, so the call answers one value per document), three times faster than a call per document.
 * A block with a syntax error, or whose documents do not come back one for one, is read again a document
 * at a time, so an error still costs only its document and names its line. Self-contained like
 * `readSegment` (the worker runs this source too, with that function beside it).
 */
function readBlocks(content: string, segments: [number, number, number][], origin: number, yaml: typeof jsYaml, one: typeof readSegment): (YamlDocument | null)[] {
  const out: (YamlDocument | null)[] = [];
  for (let b = 0; b < segments.length; b += 200) {
    const block = segments.slice(b, b + 200);
    // A document that follows a marker starts right after its `---` (or at the end of a `...` line); only
    // one at the very start of the stream (`origin`: where `content` begins in it) has none.
    const text = block.map(([start, end]) => (start + origin === 0 ? "---\n" : "---") + content.slice(start, end)).join("");
    let values: unknown[] | undefined;
    try {
      values = yaml.loadAll(text, null, { schema: yaml.CORE_SCHEMA });
    } catch (error) {
      if (!(error instanceof yaml.YAMLException)) throw error;
    }
    if (values && values.length === block.length) {
      const read = values;
      block.forEach(([, , line], i) => out.push(read[i] !== undefined && read[i] !== null ? { value: read[i], line } : null));
    } else {
      for (const [start, end, line] of block) out.push(one(content.slice(start, end), line, yaml));
    }
  }
  return out;
}

function readSegments(content: string, segments: Segment[], oneByOne = false): YamlDocument[] {
  const docs = oneByOne ? segments.map(([start, end, line]) => readSegment(content.slice(start, end), line, jsYaml)) : readBlocks(content, segments, 0, jsYaml, readSegment);
  return docs.filter((d): d is YamlDocument => d !== null);
}

/** `oneByOne`: a js-yaml call per document, the plain reading that the tests hold the block reading to. */
export function readYamlStream(content: string, { oneByOne = false }: { oneByOne?: boolean } = {}): YamlDocument[] {
  return readSegments(content, segmentsOf(content), oneByOne);
}

/** Below this a stream is read on the calling thread: starting a worker costs more than it saves. */
const PARALLEL_BYTES = 2 * 1024 * 1024;

/**
 * The same as `readYamlStream`, for a large stream on every core (up to four): worker threads read a
 * part of the documents each while this thread waits. This thread reads none itself: in the server it
 * reads more slowly than a worker (its heap is the server's, so its collections cost more), and it had
 * the last part to finish (18 MB: 1.2 s on this thread, 0.7 s in a worker). A worker that cannot start or
 * fails leaves its part to this thread.
 */
export async function readYamlStreamInParallel(
  content: string,
  { parts: count = Math.max(2, Math.min(4, availableParallelism())), onWorkerError = (error: unknown) => log.warn("a YAML worker failed; its part is read on the main thread", { error: String(error) }) } = {},
): Promise<YamlDocument[]> {
  if (content.length < PARALLEL_BYTES) return readYamlStream(content);
  const segments = segmentsOf(content);
  const size = Math.ceil(segments.length / count);
  const parts = Array.from({ length: count }, (_, i) => segments.slice(i * size, (i + 1) * size)).filter((part) => part.length);
  const read = await Promise.all(
    parts.map((part) =>
      readInWorker(content, part).catch((error: unknown) => {
        onWorkerError(error);
        return readSegments(content, part);
      }),
    ),
  );
  return read.flat();
}

/** The documents of `segments` read by a worker thread, given only their text. */
function readInWorker(content: string, segments: Segment[]): Promise<YamlDocument[]> {
  const offset = segments[0]![0];
  const text = content.slice(offset, segments.at(-1)![1]);
  return new Promise<YamlDocument[]>((resolve, reject) => {
    const worker = new Worker(
      `const { parentPort, workerData } = require("node:worker_threads");
       const yaml = require(workerData.jsYaml);
       const readSegment = ${readSegment.toString()};
       const readBlocks = ${readBlocks.toString()};
       parentPort.postMessage(readBlocks(workerData.text, workerData.segments, workerData.origin, yaml, readSegment).filter((d) => d !== null));`,
      { eval: true, workerData: { text, origin: offset, segments: segments.map(([s, e, l]) => [s - offset, e - offset, l]), jsYaml: `${process.cwd()}/node_modules/js-yaml` } },
    );
    worker.once("message", (docs: YamlDocument[]) => {
      resolve(docs);
      void worker.terminate();
    });
    worker.once("error", reject);
    worker.once("exit", (code) => code !== 0 && reject(new Error(`the YAML worker stopped (${code})`)));
  });
}

/** One YAML value (a `$yaml` substitution), or the error's message. */
export function readYaml(content: string): unknown {
  return jsYaml.load(content, { schema: jsYaml.CORE_SCHEMA });
}
