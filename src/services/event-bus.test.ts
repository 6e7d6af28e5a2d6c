import { describe, expect, it } from 'vitest';
import { type BusEvent, type EventBus, InProcessEventBus } from './event-bus.js';
import { RedisEventBus } from './redis-event-bus.js';

async function nextEvent(bus: EventBus, channel: string, publish: () => Promise<void>): Promise<BusEvent> {
  return new Promise((resolve) => {
    const off = bus.subscribe(channel, (event) => {
      off();
      resolve(event);
    });
    void publish();
  });
}

describe('in-process event bus', () => {
  it('delivers to subscribers of the channel only', async () => {
    const bus = new InProcessEventBus();
    const other: BusEvent[] = [];
    bus.subscribe('interview:b', (e) => other.push(e));
    const event = await nextEvent(bus, 'interview:a', () => bus.publish('interview:a', { type: 'message', data: { n: 1 } }));
    expect(event).toEqual({ type: 'message', data: { n: 1 } });
    expect(other).toEqual([]);
    await bus.close();
  });
});

const redisUrl = process.env.TEST_REDIS_URL;
describe.runIf(redisUrl)('redis event bus', () => {
  it('fans an event out to a subscriber on another instance', async () => {
    const a = new RedisEventBus(redisUrl!);
    const b = new RedisEventBus(redisUrl!);
    const channel = `test:${process.pid}:${Date.now()}`;
    const received = new Promise<BusEvent>((resolve) => b.subscribe(channel, resolve));
    // The subscription is asynchronous; publish until the other instance hears it.
    let event: BusEvent | undefined;
    void received.then((e) => (event = e));
    while (!event) {
      await a.publish(channel, { type: 'progress', data: { item: 3 } });
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(event).toEqual({ type: 'progress', data: { item: 3 } });
    await a.close();
    await b.close();
  });
});
