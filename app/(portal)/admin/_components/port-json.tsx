"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { Card, CardTitle } from "@/components/ui/card";
import { Field, Select, Textarea } from "@/components/ui/field";
import { ExportButton } from "./export-button";
import { ProblemList, problemsOf } from "@/components/ui/editor-problems";

const kinds = [
  { value: "catalog", label: "Export document (blueprints, teams, entities, scorecards, actions)" },
  { value: "blueprints", label: "Blueprints (a list)" },
  { value: "scorecards", label: 'Scorecards ([{"blueprint", "data": [...]}])' },
  { value: "actions", label: "Actions (a list)" },
] as const;
type Kind = (typeof kinds)[number]["value"];

/** What one part of a report says, in words: "3 created, 1 updated, 2 unchanged". */
function counts(part: unknown): string {
  const p = part as Record<string, unknown[] | number>;
  const n = (k: string) => (Array.isArray(p[k]) ? (p[k] as unknown[]).length : Number(p[k] ?? 0));
  return `${n("created")} created, ${n("updated")} updated, ${n("unchanged")} unchanged`;
}

/**
 * Port JSON in: paste or upload Port's blueprints, scorecards or actions file, or a whole export document; all of
 * it is saved or none, with every problem at its JSON pointer. Large catalogs go through
 * `POST /api/v1/import/port/catalog` (32 MB) rather than the browser (5 MB).
 */
export function PortImport() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<Kind>("catalog");
  const [text, setText] = useState("");
  const [parseError, setParseError] = useState<string | null>(null);
  const run = useMutation(trpc.import.port.mutationOptions());
  const report = run.data?.report;
  const submit = async () => {
    run.reset();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      setParseError(`Not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    if (typeof json !== "object" || json === null) {
      setParseError("Port's files are a JSON list or object");
      return;
    }
    setParseError(null);
    await run.mutateAsync({ kind, json: json as unknown[] | Record<string, unknown> }).catch(() => undefined);
    await queryClient.invalidateQueries();
  };
  return (
    <Card className="space-y-4">
      <CardTitle>Import Port JSON</CardTitle>
      <Field label="What the file holds">
        {(p) => (
          <Select {...p} value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
            {kinds.map((k) => (
              <option key={k.value} value={k.value}>
                {k.label}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <Field label="Upload a file" hint="Or paste below">
        {(p) => (
          <input
            {...p}
            type="file"
            accept="application/json,.json"
            className="block text-sm"
            onChange={async (e) => {
              const file = e.target.files?.[0];
              if (file) setText(await file.text());
            }}
          />
        )}
      </Field>
      <Field label="Contents" hint="Port JSON, pasted or from the uploaded file" error={parseError ?? undefined}>
        {(p) => <Textarea {...p} rows={10} className="font-mono text-xs" value={text} onChange={(e) => setText(e.target.value)} />}
      </Field>
      <div className="flex items-center gap-3">
        <Button type="button" disabled={!text.trim() || run.isPending} onClick={submit}>
          {run.isPending ? "Importing…" : "Import"}
        </Button>
        {run.isPending ? <span className="text-sm text-zinc-500" role="status">Saving; all of it or none…</span> : null}
      </div>
      {run.error ? (
        <div className="space-y-2">
          <p className="text-sm font-medium text-red-600 dark:text-red-400">{run.error.message}</p>
          <ProblemList problems={problemsOf(run.error)} />
        </div>
      ) : null}
      {report ? (
        <div role="status" className="text-sm">
          <p className="font-medium">Imported.</p>
          <ul className="list-inside list-disc">
            {kind === "catalog" ? (
              Object.entries(report).map(([part, value]) => (
                <li key={part}>
                  {part}: {counts(value)}
                </li>
              ))
            ) : (
              <li>{counts(report)}</li>
            )}
          </ul>
        </div>
      ) : null}
    </Card>
  );
}

/** Downloads the configuration and catalog as Port JSON; what Port cannot hold is listed, not dropped silently. */
export function PortExport() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return (
    <ExportButton
      label="Export as Port JSON"
      warningsTitle="Exported. Port cannot hold everything:"
      load={async () => {
        const doc = await queryClient.fetchQuery({ ...trpc.import.exportPort.queryOptions(), staleTime: 0 });
        return { fileName: "portico-port-export.json", text: JSON.stringify(doc, null, 2), type: "application/json", warnings: doc.warnings };
      }}
    />
  );
}
