import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { Card, PageHeader } from "@/components/ui/card";
import { openApiDocument } from "@/server/api/openapi";

export const metadata: Metadata = { title: "REST API" };

const methodTone = { get: "blue", post: "green", put: "yellow", patch: "purple", delete: "red" } as const;

export default function ApiDocsPage() {
  return (
    <>
      <PageHeader
        title="REST API v1"
        description={
          <>
            {openApiDocument.info.description} The machine-readable description is at{" "}
            <a className="underline" href="/api/v1/openapi.json">
              /api/v1/openapi.json
            </a>
            .
          </>
        }
      />
      <div className="space-y-3">
        {Object.entries(openApiDocument.paths).flatMap(([path, methods]) =>
          Object.entries(methods).map(([method, op]) => (
            <Card key={`${method} ${path}`} id={`${method}-${path}`}>
              <h2 className="flex flex-wrap items-center gap-2 font-mono text-sm">
                <Badge tone={methodTone[method as keyof typeof methodTone] ?? "gray"}>{method.toUpperCase()}</Badge> {path}
              </h2>
              <p className="mt-1 text-sm font-medium">{op.summary}</p>
              {op.description ? <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{op.description}</p> : null}
              {op.parameters?.length ? (
                <ul className="mt-2 text-sm">
                  {(op.parameters as { name: string; in: string; description?: string; required?: boolean }[]).map((p) => (
                    <li key={`${p.in}-${p.name}`}>
                      <code className="font-mono text-xs">{p.name}</code> <span className="text-xs text-zinc-500">({p.in}{p.required ? ", required" : ""})</span>
                      {p.description ? ` — ${p.description}` : ""}
                    </li>
                  ))}
                </ul>
              ) : null}
              <p className="mt-2 text-xs text-zinc-500">Responses: {Object.keys(op.responses).join(", ")}</p>
            </Card>
          )),
        )}
      </div>
    </>
  );
}
