import { Badge, type Tone } from "../ui/badge";

const tones: Record<string, Tone> = {
  WAITING_FOR_APPROVAL: "yellow",
  DECLINED: "gray",
  QUEUED: "blue",
  IN_PROGRESS: "blue",
  SUCCESS: "green",
  FAILURE: "red",
  CANCELLED: "gray",
};

const labels: Record<string, string> = {
  WAITING_FOR_APPROVAL: "Waiting for approval",
  DECLINED: "Declined",
  QUEUED: "Queued",
  IN_PROGRESS: "In progress",
  SUCCESS: "Success",
  FAILURE: "Failure",
  CANCELLED: "Cancelled",
};

export const runStatusOrder = ["WAITING_FOR_APPROVAL", "QUEUED", "IN_PROGRESS", "SUCCESS", "FAILURE", "CANCELLED", "DECLINED"] as const;

export const runStatusLabel = (status: string) => labels[status] ?? status;

export function RunStatus({ status }: { status: string }) {
  return (
    <Badge tone={tones[status] ?? "gray"} data-status={status}>
      {runStatusLabel(status)}
    </Badge>
  );
}
