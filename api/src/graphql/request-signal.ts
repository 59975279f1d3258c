// The AbortSignal of one GraphQL request (ctx.signal): aborted when the client goes away before
// its answer, or when the request's deadline passes. Expensive work checks it and stops; its
// reason is the error the unfinished fields answer with.
import { setMaxListeners } from "node:events";
import type { ServerResponse } from "node:http";
import { ClientClosedRequestError, OverloadedError } from "../services/errors.js";

export interface RequestSignal {
  signal: AbortSignal;
  /** Stops the deadline timer (the answer has been sent). */
  dispose(): void;
}

/** Aborted when `res` closes before it finished, or after `deadlineMs`. */
export function requestSignal(res: ServerResponse, deadlineMs: number): RequestSignal {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal); // every waiting expensive field of the request listens
  const timer = setTimeout(() => {
    controller.abort(new OverloadedError(`overloaded: the request did not finish within its deadline of ${Math.round(deadlineMs / 1000)} s (TANDEM_REQUEST_DEADLINE_SECONDS); its remaining work was stopped`, 10));
  }, deadlineMs);
  timer.unref();
  const onClose = () => {
    clearTimeout(timer);
    if (!res.writableFinished) controller.abort(new ClientClosedRequestError("the client closed the connection before its answer; its work was stopped"));
  };
  res.once("close", onClose);
  return {
    signal: controller.signal,
    dispose() {
      clearTimeout(timer);
    },
  };
}

/** Aborted when a graphql-ws socket closes: the operations it carried stop their work. */
export function socketSignal(socket: { once(event: "close", listener: () => void): unknown }): AbortSignal {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  socket.once("close", () => controller.abort(new ClientClosedRequestError("the subscription's socket closed")));
  return controller.signal;
}
