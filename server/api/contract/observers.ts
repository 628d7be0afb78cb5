import type { Operation } from "./operation";

/**
 * Who is told of every answer an operation gives (server/api/contract/rest.ts tells them). The contract
 * tests hold each answer against the operation's declared responses; nothing registers in production.
 */
export type ResponseObserver = (op: Operation, response: Response) => void;

const observers = new Set<ResponseObserver>();

export function observeResponses(observer: ResponseObserver): () => void {
  observers.add(observer);
  return () => observers.delete(observer);
}

export function notifyObservers(op: Operation, response: Response) {
  for (const observer of observers) observer(op, response);
}
