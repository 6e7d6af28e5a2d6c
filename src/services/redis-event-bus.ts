import { EventEmitter } from 'node:events';
import { Redis } from 'ioredis';
import type { BusEvent, EventBus, Unsubscribe } from './event-bus.js';

const PREFIX = 'xi:events:';

/**
 * Redis pub/sub fan-out: one subscriber connection per instance, channels subscribed while at
 * least one local listener wants them. If Redis is unreachable, events still reach listeners on
 * this instance (degraded, reported by /ready).
 */
export class RedisEventBus implements EventBus {
  readonly kind = 'redis' as const;
  private readonly local = new EventEmitter().setMaxListeners(0);
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly counts = new Map<string, number>();

  constructor(url: string) {
    this.publisher = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
    this.subscriber = new Redis(url, { maxRetriesPerRequest: 1 });
    this.publisher.on('error', () => undefined);
    this.subscriber.on('error', () => undefined);
    this.subscriber.on('message', (channel: string, message: string) => {
      try {
        this.local.emit(channel.slice(PREFIX.length), JSON.parse(message) as BusEvent);
      } catch {
        // A message that is not JSON was not published by us; ignore it.
      }
    });
  }

  async publish(channel: string, event: BusEvent): Promise<void> {
    try {
      await this.publisher.publish(PREFIX + channel, JSON.stringify(event));
    } catch {
      this.local.emit(channel, event);
    }
  }

  subscribe(channel: string, listener: (event: BusEvent) => void): Unsubscribe {
    this.local.on(channel, listener);
    const count = (this.counts.get(channel) ?? 0) + 1;
    this.counts.set(channel, count);
    if (count === 1) void this.subscriber.subscribe(PREFIX + channel).catch(() => undefined);
    return () => {
      this.local.off(channel, listener);
      const left = (this.counts.get(channel) ?? 1) - 1;
      if (left <= 0) {
        this.counts.delete(channel);
        void this.subscriber.unsubscribe(PREFIX + channel).catch(() => undefined);
      } else {
        this.counts.set(channel, left);
      }
    };
  }

  /** Resolves when Redis answers; used by /ready. */
  async ping(): Promise<void> {
    await this.publisher.ping();
  }

  async close(): Promise<void> {
    this.local.removeAllListeners();
    await Promise.all([this.publisher.quit().catch(() => undefined), this.subscriber.quit().catch(() => undefined)]);
  }
}
