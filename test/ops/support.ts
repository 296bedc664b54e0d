// What the tests of the commands that wait (scale, run, delete) share.
import type { ProgressReporter } from '../../src/lib/output/progress.js'
import type { Waiting } from '../../src/lib/ops/terminal.js'

/**
 * A clock that starts at 0 and only moves when slept, progress that records what it was told,
 * and a signal the test may abort (Ctrl-C).
 */
export function fakeWaiting(): { sleeps: number[]; told: string[]; controller: AbortController; waiting: Waiting } {
  let now = 0
  const sleeps: number[] = []
  const told: string[] = []
  const progress: ProgressReporter = {
    state: (text) => void told.push(`state ${text}`),
    event: (text) => void told.push(`event ${text}`),
    done: (text) => void told.push(`done ${text}`),
    fail: (text) => void told.push(`fail ${text}`),
  }
  const controller = new AbortController()
  return {
    sleeps,
    told,
    controller,
    waiting: {
      now: () => now,
      sleep: async (ms: number) => {
        if (sleeps.length > 200) throw new Error('the wait does not end')
        sleeps.push(ms)
        now += ms
      },
      progress,
      signal: controller.signal,
    },
  }
}
