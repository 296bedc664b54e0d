// The progress reporter as a person and a CI log see it: what text reaches the stream, in which
// order, and whether any escape code does.
import { stripVTControlCharacters } from 'node:util'
import { describe, expect, it } from 'vitest'
import { createProgress, type ProgressStream } from '../../src/lib/output/progress.js'

const ESC = '\u001B'

/** A stream that records what is written; as a terminal it also moves the cursor with escape codes, as tty.WriteStream does. */
function sink(isTTY: boolean, columns = 120) {
  let written = ''
  const stream: ProgressStream = {
    isTTY,
    columns,
    write: (chunk: string) => {
      written += chunk
      return true
    },
    ...(isTTY
      ? {
          cursorTo: (x: number) => (written += `${ESC}[${x + 1}G`),
          moveCursor: (_dx: number, dy: number) => (written += `${ESC}[${Math.abs(dy)}A`),
          clearLine: () => (written += `${ESC}[K`),
        }
      : {}),
  }
  return { stream, output: () => written }
}

/** A clock that reads 16:40:01Z, then one second later at each call. */
function clock() {
  let seconds = 1
  return () => new Date(Date.UTC(2026, 10, 23, 16, 40, seconds++))
}

describe('progress without a terminal', () => {
  it('a terminal that reports no width gets plain lines, not a spinner that clears lines it never drew', () => {
    const { stream, output } = sink(true, 0)
    const progress = createProgress({ stream, isTTY: true, json: false, now: clock() })
    progress.state('deployment ecs-svc/123 IN_PROGRESS running 1/2')
    progress.done('deployment ecs-svc/123 COMPLETED running 2/2 in 4s')
    expect(output()).toBe('2026-11-23T16:40:01Z deployment ecs-svc/123 IN_PROGRESS running 1/2\n2026-11-23T16:40:02Z deployment ecs-svc/123 COMPLETED running 2/2 in 4s\n')
  })

  it('writes one timestamped line per state change and per event, and no escape codes', () => {
    const { stream, output } = sink(false)
    const progress = createProgress({ stream, isTTY: false, json: false, now: clock() })
    progress.state('deployment ecs-svc/123 IN_PROGRESS running 1/2')
    progress.state('deployment ecs-svc/123 IN_PROGRESS running 1/2')
    progress.event('(service web) has started 1 tasks: (task a).', new Date('2026-11-23T16:39:58.250Z'))
    progress.state('deployment ecs-svc/123 COMPLETED running 2/2')
    progress.done('deployment ecs-svc/123 COMPLETED running 2/2 in 1m 04s')
    expect(output()).toBe(
      [
        '2026-11-23T16:40:01Z deployment ecs-svc/123 IN_PROGRESS running 1/2',
        '2026-11-23T16:39:58Z (service web) has started 1 tasks: (task a).',
        '2026-11-23T16:40:02Z deployment ecs-svc/123 COMPLETED running 2/2',
        '2026-11-23T16:40:03Z deployment ecs-svc/123 COMPLETED running 2/2 in 1m 04s',
        '',
      ].join('\n'),
    )
  })

  it('names the service on every line when given a label', () => {
    const { stream, output } = sink(false)
    const progress = createProgress({ stream, isTTY: false, json: false, now: clock(), label: 'web' })
    progress.state('deployment ecs-svc/1 IN_PROGRESS running 0/1')
    progress.fail('deployment ecs-svc/1 failed')
    expect(output()).toBe('2026-11-23T16:40:01Z [web] deployment ecs-svc/1 IN_PROGRESS running 0/1\n2026-11-23T16:40:02Z [web] deployment ecs-svc/1 failed\n')
  })

  it('keeps escape codes and line breaks from AWS text out of the log', () => {
    const { stream, output } = sink(false)
    const progress = createProgress({ stream, isTTY: false, json: false, now: clock() })
    progress.event(`(service web) ${ESC}[31mred${ESC}[0m\nsecond line\u0007`)
    expect(output()).toBe('2026-11-23T16:40:01Z (service web) red second line\n')
  })

  it('under --json writes plain lines even to a terminal', () => {
    const { stream, output } = sink(true)
    const progress = createProgress({ stream, isTTY: true, json: true, now: clock() })
    progress.state('deployment ecs-svc/1 IN_PROGRESS running 0/1')
    progress.done('deployment ecs-svc/1 COMPLETED running 1/1 in 5s')
    expect(output()).not.toContain(ESC)
    expect(output().split('\n')).toHaveLength(3)
  })
})

describe('progress in a terminal', () => {
  it('draws a spinner with the state, prints events above it, and ends with a success line', () => {
    const { stream, output } = sink(true)
    const progress = createProgress({ stream, isTTY: true, json: false, now: clock() })
    progress.state('deployment ecs-svc/123 IN_PROGRESS running 0/2')
    const spinning = output()
    expect(spinning).toContain(ESC)
    expect(stripVTControlCharacters(spinning)).toContain('deployment ecs-svc/123 IN_PROGRESS running 0/2')

    progress.event('(service web) has started 2 tasks.', new Date('2026-11-23T16:40:05Z'))
    progress.state('deployment ecs-svc/123 IN_PROGRESS running 2/2')
    progress.done('deployment ecs-svc/123 COMPLETED running 2/2 in 12s')

    const text = stripVTControlCharacters(output())
    expect(text.split('2026-11-23T16:40:05Z (service web) has started 2 tasks.\n')).toHaveLength(2)
    expect(text).toMatch(/[✔√] deployment ecs-svc\/123 COMPLETED running 2\/2 in 12s\n$/)
    expect(text.indexOf('has started 2 tasks')).toBeLessThan(text.indexOf('COMPLETED'))
  })

  it('ends with a failure line on fail', () => {
    const { stream, output } = sink(true)
    const progress = createProgress({ stream, isTTY: true, json: false, now: clock() })
    progress.state('deployment ecs-svc/123 IN_PROGRESS running 0/2')
    progress.fail('Deployment ecs-svc/123 of service "web" in cluster "prod" failed.')
    expect(stripVTControlCharacters(output())).toMatch(/[✖×] Deployment ecs-svc\/123 of service "web" in cluster "prod" failed\.\n$/)
  })

  it('falls back to plain lines when the stream cannot move the cursor', () => {
    const { stream, output } = sink(false)
    const progress = createProgress({ stream: { ...stream, isTTY: true }, isTTY: true, json: false, now: clock() })
    progress.state('deployment ecs-svc/1 IN_PROGRESS running 0/1')
    expect(output()).toBe('2026-11-23T16:40:01Z deployment ecs-svc/1 IN_PROGRESS running 0/1\n')
  })
})
