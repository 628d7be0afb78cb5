import type { Metadata } from "next";
import { OpenApiReference } from "@/components/catalog/api-reference";
import { PageHeader } from "@/components/ui/card";
import { openApiDocument } from "@/server/api/contract/openapi";

export const metadata: Metadata = { title: "REST API" };

export default function ApiDocsPage() {
  const document = openApiDocument() as { info: { description: string } };
  return (
    <>
      <PageHeader
        title="REST API v1"
        description={
          <>
            {document.info.description} To try a request here, choose Authorize and enter an API token (Admin → API tokens). The machine-readable description is at{" "}
            <a className="underline" href="/api/v1/openapi.json">
              /api/v1/openapi.json
            </a>
            .
          </>
        }
      />
      <OpenApiReference definition={JSON.stringify(document)} tryItOut />
    </>
  );
}
