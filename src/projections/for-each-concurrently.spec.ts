import { describe, expect, it } from '@jest/globals';
import { forEachConcurrently } from './for-each-concurrently.js';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('forEachConcurrently', () => {
  it('works on every item once, never more than the limit at a time, each worker taking the next free item', async () => {
    const items = Array.from({ length: 9 }, (_, index) => index);
    const done: number[] = [];
    let running = 0;
    let most = 0;
    await forEachConcurrently(items, 2, async (item) => {
      running += 1;
      most = Math.max(most, running);
      // Uneven durations: a worker that finishes early takes the next item.
      for (let turn = 0; turn < (item % 3) + 1; turn++) await tick();
      done.push(item);
      running -= 1;
    });
    expect([...done].sort((a, b) => a - b)).toEqual(items);
    expect(most).toBe(2);
  });

  it('starts no more workers than there are items, and none for no items', async () => {
    let running = 0;
    let most = 0;
    await forEachConcurrently(['only'], 4, async () => {
      running += 1;
      most = Math.max(most, running);
      await tick();
      running -= 1;
    });
    expect(most).toBe(1);
    let calls = 0;
    await forEachConcurrently([], 4, async () => {
      calls += 1;
    });
    expect(calls).toBe(0);
  });

  it('rejects with the first failure', async () => {
    await expect(
      forEachConcurrently([1, 2, 3], 2, async (item) => {
        if (item === 2) throw new Error('table 2 failed');
      }),
    ).rejects.toThrow('table 2 failed');
  });
});
