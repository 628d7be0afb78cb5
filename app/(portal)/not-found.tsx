import { NotFoundMessage } from "@/components/shell/not-found-message";

/** A missing entity, blueprint, scorecard, team, run, action or environment (notFound()): HTTP 404, in the shell. */
export default function NotFound() {
  return <NotFoundMessage />;
}
