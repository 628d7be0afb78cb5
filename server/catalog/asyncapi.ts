import "server-only";
import { createHash } from "node:crypto";
import { Parser, stringify } from "@asyncapi/parser";
import type { ServiceContext } from "../context";
import { notFound } from "../errors";
import { getEntity } from "./entities";

/**
 * An AsyncAPI definition parsed on the server for the Definition tab. AsyncAPI's viewer parses in the browser
 * with code it compiles at run time (ajv), which Portico's Content-Security-Policy forbids; parsed here, the
 * browser gets the parser's own serialised document and the viewer's bundle without the parser renders it.
 *
 * References outside the definition (`$ref` to a URL or a file) are never followed: the server would
 * otherwise fetch whatever an imported definition names. Each is listed instead, and left as a placeholder.
 */
export type ParsedAsyncApi = { document?: string; problems: string[] };

const PLACEHOLDER = JSON.stringify({ description: "A reference outside this definition; Portico does not follow it." });

function parserFor(outside: string[]) {
  const refuse = (schema: "file" | "http" | "https") => ({
    schema,
    order: 1,
    // A string ends the resolution here (a thrown error would fall through to the parser's own readers).
    read: async (uri: { toString(): string }) => {
      outside.push(uri.toString());
      return PLACEHOLDER;
    },
  });
  return new Parser({ __unstable: { resolver: { cache: false, resolvers: [refuse("file"), refuse("http"), refuse("https")] } } });
}

/** Parsed documents by the definition's hash: parsing validates the whole document (a few hundred ms). */
const cache = new Map<string, ParsedAsyncApi>();
const CACHED = 50;

export async function parseAsyncApi(definition: string): Promise<ParsedAsyncApi> {
  const key = createHash("sha256").update(definition).digest("hex");
  const hit = cache.get(key);
  if (hit) return hit;
  const outside: string[] = [];
  let parsed: ParsedAsyncApi;
  try {
    const { document, diagnostics } = await parserFor(outside).parse(definition);
    const errors = diagnostics.filter((d) => d.severity === 0).map((d) => `${d.path.length ? `/${d.path.join("/")}: ` : ""}${d.message}`);
    parsed = {
      document: document ? stringify(document) : undefined,
      problems: [...new Set(outside)].map((u) => `${u}: a reference outside this definition is not followed`).concat(errors),
    };
  } catch (error) {
    parsed = { problems: [`The definition could not be read: ${error instanceof Error ? error.message : String(error)}`] };
  }
  if (cache.size >= CACHED) cache.delete(cache.keys().next().value!);
  cache.set(key, parsed);
  return parsed;
}

/** The Definition tab's AsyncAPI document of an entity (its `definition` property), parsed; 404 when it has none. */
export async function asyncApiReference({ ctx, input }: { ctx: ServiceContext; input: { blueprint: string; identifier: string } }): Promise<ParsedAsyncApi> {
  const entity = await getEntity({ ctx, input });
  const definition = entity.properties.definition;
  if (typeof definition !== "string" || !definition.trim()) throw notFound(`The definition of ${input.blueprint}/${input.identifier}`);
  return parseAsyncApi(definition);
}
