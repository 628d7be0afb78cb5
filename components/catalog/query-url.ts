/** Catalog URL state: `q`, `query` (Query JSON, "and" of conditions), `sort`, `cursor`, `cols`. */
export type UrlCondition = { property?: string; relation?: string; meta?: string; operator: string; value?: unknown };
export type UrlQuery = { combinator: "and"; rules: UrlCondition[] };

export function readQuery(raw: string | null): UrlQuery {
  if (!raw) return { combinator: "and", rules: [] };
  try {
    const q = JSON.parse(raw);
    if (q && Array.isArray(q.rules)) return { combinator: "and", rules: q.rules.filter((r: unknown) => r && typeof r === "object" && !("combinator" in (r as object))) };
  } catch {
    // an unreadable query in the URL is ignored rather than breaking the page
  }
  return { combinator: "and", rules: [] };
}

export const fieldKey = (c: UrlCondition) => (c.property ? `p:${c.property}` : c.relation ? `r:${c.relation}` : `m:${c.meta}`);

/** The search input of the catalog table for a URL, shared by the server prefetch and the client. */
export function catalogPageInput(blueprint: string, params: URLSearchParams) {
  const query = readQuery(params.get("query"));
  return {
    blueprint,
    q: params.get("q") || undefined,
    query: query.rules.length ? JSON.stringify(query) : undefined,
    sort: params.get("sort") ?? "$identifier",
    cursor: params.get("cursor"),
    limit: 50,
  };
}
