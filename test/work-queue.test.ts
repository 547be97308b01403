import { WorkQueue } from '../src/controller/work-queue';

describe('WorkQueue', () => {
  test('GIVEN a key added three times WHEN taken THEN it is handed out once', async () => {
    const q = new WorkQueue();
    q.add('a');
    q.add('a');
    q.add('b');
    q.add('a');
    expect(q.length).toBe(2);
    expect(await q.get()).toBe('a');
    expect(await q.get()).toBe('b');
    expect(q.length).toBe(0);
  });

  test('GIVEN a key being processed WHEN it is added again THEN no second worker gets it until done, then it comes back', async () => {
    const q = new WorkQueue();
    q.add('a');
    const key = await q.get();
    q.add('a');
    expect(q.length).toBe(0);
    expect(q.active).toBe(1);
    q.done(key!);
    expect(q.length).toBe(1);
    expect(await q.get()).toBe('a');
  });

  test('GIVEN a failing key WHEN retried THEN each retry waits twice as long, and forget resets it', () => {
    jest.useFakeTimers();
    try {
      const q = new WorkQueue({ baseDelayMs: 100, maxDelayMs: 350 });
      q.addRateLimited('a');
      expect(q.delayed).toBe(1);
      jest.advanceTimersByTime(99);
      expect(q.length).toBe(0);
      jest.advanceTimersByTime(1);
      expect(q.length).toBe(1);
      void q.get().then((k) => q.done(k!));
      q.addRateLimited('b');
      q.addRateLimited('b');
      expect(q.retries('b')).toBe(2);
      q.forget('b');
      expect(q.retries('b')).toBe(0);
    } finally {
      jest.useRealTimers();
    }
  });

  test('GIVEN many failures at once WHEN the bucket is empty THEN retries are spread at the shared rate', () => {
    jest.useFakeTimers();
    try {
      const q = new WorkQueue({ baseDelayMs: 1, retriesPerSecond: 10, retryBurst: 2 });
      for (const k of ['a', 'b', 'c', 'd']) q.addRateLimited(k);
      jest.advanceTimersByTime(5);
      expect(q.length).toBe(2);
      jest.advanceTimersByTime(200);
      expect(q.length).toBe(4);
    } finally {
      jest.useRealTimers();
    }
  });

  test('GIVEN waiting workers WHEN the queue shuts down THEN they get undefined and nothing more is queued', async () => {
    const q = new WorkQueue();
    const waiting = q.get();
    q.shutdown();
    expect(await waiting).toBeUndefined();
    q.add('a');
    expect(q.length).toBe(0);
  });
});
