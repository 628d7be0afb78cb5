import Link from "next/link";
import { Badge } from "../ui/badge";
import { Table, Td, Th } from "../ui/table";
import { Time } from "../ui/time";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/trpc/root";

type Deployment = inferRouterOutputs<AppRouter>["delivery"]["service"]["deployments"][number];

const tone = { SUCCESS: "green", FAILURE: "red", IN_PROGRESS: "yellow" } as const;

/** Who deployed what, where and when, newest first. */
export function DeploymentsTable({ deployments }: { deployments: Deployment[] }) {
  if (!deployments.length) return <p className="text-sm text-zinc-500">No deployments recorded yet: they come from observed rollouts, deploy runs and POST /api/v1/deployments.</p>;
  return (
    <Table aria-label="Deployments">
      <thead>
        <tr>
          <Th>Version</Th>
          <Th>Environment</Th>
          <Th>Status</Th>
          <Th>Started</Th>
          <Th>Who</Th>
          <Th>Source</Th>
        </tr>
      </thead>
      <tbody>
        {deployments.map((d) => (
          <tr key={d.id}>
            <Td className="font-mono">
              {d.url ? (
                <a className="hover:underline" href={d.url} target="_blank" rel="noreferrer noopener">
                  {d.version}
                </a>
              ) : (
                d.version
              )}
              {d.commitSha ? <span className="ml-2 text-xs text-zinc-500">{d.commitSha.slice(0, 7)}</span> : null}
            </Td>
            <Td>{d.environment}</Td>
            <Td>
              <Badge tone={tone[d.status]}>{d.status}</Badge>
            </Td>
            <Td>
              <Time value={d.startedAt} />
            </Td>
            <Td>{d.actor ?? "—"}</Td>
            <Td>{d.runId ? <Link className="underline" href={`/runs/${d.runId}`}>{d.source}</Link> : d.source}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
