/**
 * One statement that counts and digests the rows of the given tables (each optionally narrowed by a
 * WHERE clause): equal before and after means nothing was written to them.
 */
export function fingerprintStatement(tables: { name: string; where?: string; omit?: string[] }[]): string {
  const row = (t: { omit?: string[] }) => (t.omit?.length ? `(to_jsonb(x)${t.omit.map((c) => ` - '${c}'`).join("")})::text` : "x::text");
  return tables
    .map((t) => `select '${t.name}' as t, count(*) as n, coalesce(md5(string_agg(md5(${row(t)}), '' order by md5(${row(t)}))), '') as h from ${t.name} x${t.where ? ` where ${t.where}` : ""}`)
    .join(" union all ");
}
