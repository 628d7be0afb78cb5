import Link from "next/link";
import { EntityLink } from "../catalog/entity-link";
import { Table, Td, Th } from "../ui/table";
import { Time } from "../ui/time";
import { RunStatus } from "./run-status";

type RunItem = {
  id: string;
  actionTitle: string;
  blueprint: string;
  entity?: string;
  status: string;
  statusLabel?: string;
  requestedBy: { label: string };
  createdAt: Date | string;
};

/** Runs in a table: action, entity, status, who and when. */
export function RunTable({ runs }: { runs: RunItem[] }) {
  return (
    <Table>
      <thead>
        <tr>
          <Th>Action</Th>
          <Th>Entity</Th>
          <Th>Status</Th>
          <Th>Requested by</Th>
          <Th>Started</Th>
        </tr>
      </thead>
      <tbody>
        {runs.map((r) => (
          <tr key={r.id}>
            <Td>
              <Link className="font-medium hover:underline" href={`/runs/${r.id}`}>
                {r.actionTitle}
              </Link>
            </Td>
            <Td>{r.entity ? <EntityLink blueprint={r.blueprint} identifier={r.entity} title={null} /> : <span className="text-zinc-400">—</span>}</Td>
            <Td>
              <RunStatus status={r.status} />
              {r.statusLabel ? <span className="ml-2 text-xs text-zinc-500">{r.statusLabel}</span> : null}
            </Td>
            <Td>{r.requestedBy.label}</Td>
            <Td>
              <Time value={r.createdAt} />
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
