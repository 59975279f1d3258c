// This process's subscribers, keyed by topic and system. Every process's change events reach it
// through the event bus (services/events/event-bus.ts), which hands each to `publish` once, in
// order. A subscription listens from the moment `subscribe` is called (messages wait in its queue
// until read), so nothing published while a reconnecting subscriber is being replayed is lost.
import type { EventMessage } from "../services/events/event-bus.js";

export const TOPICS = { systemHealthChanged: "SYSTEM_HEALTH_CHANGED", incidentChanged: "INCIDENT_CHANGED" } as const;
export type Topic = (typeof TOPICS)[keyof typeof TOPICS];

export type TandemPubSub = ReturnType<typeof createTandemPubSub>;

export function createTandemPubSub() {
  const listeners = new Map<string, Set<(message: EventMessage) => void>>();
  const keyOf = (topic: string, systemId: string) => `${topic}|${systemId}`;
  return {
    publish(topic: Topic, systemId: string, message: EventMessage): void {
      for (const listener of listeners.get(keyOf(topic, systemId)) ?? []) listener(message);
    },
    /** Listens now; the iterator yields what was published since, in order. */
    subscribe(topic: Topic, systemId: string): AsyncIterableIterator<EventMessage> {
      const key = keyOf(topic, systemId);
      const queue: EventMessage[] = [];
      let wake: (() => void) | null = null;
      let done = false;
      const listener = (message: EventMessage) => {
        queue.push(message);
        wake?.();
      };
      const set = listeners.get(key) ?? listeners.set(key, new Set()).get(key)!;
      set.add(listener);
      const stop = () => {
        done = true;
        set.delete(listener);
        if (set.size === 0) listeners.delete(key);
        wake?.();
      };
      return {
        async next(): Promise<IteratorResult<EventMessage>> {
          while (!done && queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
          wake = null;
          return done ? { done: true, value: undefined } : { done: false, value: queue.shift()! };
        },
        async return(): Promise<IteratorResult<EventMessage>> {
          stop();
          return { done: true, value: undefined };
        },
        async throw(error?: unknown): Promise<IteratorResult<EventMessage>> {
          stop();
          throw error;
        },
        [Symbol.asyncIterator]() {
          return this;
        },
      };
    },
  };
}
