import { Progress } from '../src/cli/progress';

describe('Progress', () => {
  function clocked(enabled: boolean) {
    let now = 0;
    const out: string[] = [];
    const progress = new Progress((t) => out.push(t), enabled, () => now);
    return { progress, out, tick: (ms: number) => { now += ms; } };
  }

  test('quiet during the first second, then at most ten lines a second, erased at the end', () => {
    // GIVEN a terminal
    const { progress, out, tick } = clocked(true);
    // WHEN profiles go through over 1.5 s
    progress.update(1, 100);
    tick(999);
    progress.update(2, 100);
    tick(1);
    progress.update(3, 100);
    tick(50);
    progress.update(4, 100);
    tick(100);
    progress.update(50, 100);
    progress.finish();
    // THEN nothing in the first second, one line per 100 ms after, and the line is cleared
    expect(out).toEqual(['\rsynthesizing profiles: 3/100 (3%)', '\rsynthesizing profiles: 50/100 (50%)', '\r\x1b[K']);
  });

  test('silent when stderr is not a terminal, and for short runs', () => {
    const pipe = clocked(false);
    pipe.tick(5000);
    pipe.progress.update(1, 2);
    pipe.progress.finish();
    expect(pipe.out).toEqual([]);
    const quick = clocked(true);
    quick.progress.update(1, 2);
    quick.progress.finish();
    expect(quick.out).toEqual([]);
  });
});
