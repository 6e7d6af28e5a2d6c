import { EventEmitter } from 'node:events';

/** A real-time event for browsers watching an interview or an organisation's dashboard. */
export interface BusEvent {
  readonly type: string;
  readonly data: unknown;
}

export type Unsubscribe = () => void;

/**
 * Fan-out of real-time events. In-process by default; with Redis, published events reach
 * subscribers connected to any instance.
 */
export interface EventBus {
  readonly kind: 'in-process' | 'redis';
  publish(channel: string, event: BusEvent): Promise<void>;
  subscribe(channel: string, listener: (event: BusEvent) => void): Unsubscribe;
  close(): Promise<void>;
}

export class InProcessEventBus implements EventBus {
  readonly kind = 'in-process' as const;
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  async publish(channel: string, event: BusEvent): Promise<void> {
    this.emitter.emit(channel, event);
  }

  subscribe(channel: string, listener: (event: BusEvent) => void): Unsubscribe {
    this.emitter.on(channel, listener);
    return () => this.emitter.off(channel, listener);
  }

  async close(): Promise<void> {
    this.emitter.removeAllListeners();
  }
}
