"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { Card, CardTitle } from "@/components/ui/card";
import { Field, Textarea } from "@/components/ui/field";
import { MutationError } from "@/components/ui/mutation-error";

export function BackstageImport() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [yaml, setYaml] = useState("");
  const run = useMutation(trpc.import.backstage.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.catalog.pathKey() }) }));
  const report = run.data;
  return (
    <div className="space-y-4">
      <form
        className="space-y-3"
        onSubmit={(e) => {
          e.preventDefault();
          run.mutate({ yaml });
        }}
      >
        <Field label="catalog-info.yaml">
          {(p) => <Textarea {...p} rows={14} className="font-mono text-xs" value={yaml} onChange={(e) => setYaml(e.target.value)} placeholder={"apiVersion: backstage.io/v1alpha1\nkind: Component\n…"} />}
        </Field>
        <div className="flex items-center gap-3">
          <label className="text-sm">
            <span className="sr-only">Upload a YAML file</span>
            <input type="file" accept=".yaml,.yml,text/yaml" onChange={async (e) => setYaml((await e.target.files?.[0]?.text()) ?? yaml)} />
          </label>
          <Button type="submit" disabled={!yaml.trim() || run.isPending}>
            {run.isPending ? "Importing…" : "Import"}
          </Button>
        </div>
        <MutationError error={run.error} />
      </form>
      {report ? (
        <Card aria-label="Import report">
          <CardTitle>
            Created {report.created.length} · updated {report.updated.length} · unchanged {report.unchanged.length} · skipped {report.skipped.length}
          </CardTitle>
          {(["created", "updated"] as const).map((k) =>
            report[k].length ? (
              <p key={k} className="text-sm">
                <span className="font-medium capitalize">{k}:</span> {report[k].map((c) => `${c.kind} ${c.identifier}`).join(", ")}
              </p>
            ) : null,
          )}
          {report.skipped.length ? (
            <ul className="mt-2 list-disc pl-5 text-sm">
              {report.skipped.map((s) => (
                <li key={s.document}>
                  Document {s.document + 1}
                  {s.kind ? ` (${s.kind}${s.name ? ` ${s.name}` : ""})` : ""}: {s.reason}
                </li>
              ))}
            </ul>
          ) : null}
          {report.warnings.length ? (
            <ul className="mt-2 list-disc pl-5 text-sm text-amber-700 dark:text-amber-300">
              {report.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          ) : null}
        </Card>
      ) : null}
    </div>
  );
}
