// The next run of a scheduled action, as `ecsctl status` shows it: cron, rate and at expressions
// in their time zone, bounded by the action's start and end times.
import { describe, expect, it } from 'vitest'
import { localMinute, nextScheduledRun, type NextRun, type ScheduleSpec } from '../../src/lib/ops/status.js'

const next = (spec: ScheduleSpec, now: string): NextRun => nextScheduledRun(spec, new Date(now))
const nextAt = (spec: ScheduleSpec, now: string): string | undefined => {
  const result = next(spec, now)
  return result.kind === 'next' ? result.at.toISOString() : undefined
}

describe('nextScheduledRun: cron', () => {
  it.each([
    // [schedule, timezone, now, expected next run]
    ['cron(0 20 ? * * *)', 'UTC', '2026-11-23T16:40:00Z', '2026-11-23T20:00:00.000Z'],
    ['cron(0 20 ? * * *)', 'UTC', '2026-11-23T20:00:00Z', '2026-11-24T20:00:00.000Z'],
    ['cron(0 20 ? * * *)', 'Europe/Berlin', '2026-11-23T16:40:00Z', '2026-11-23T19:00:00.000Z'],
    ['cron(0 9 ? * * *)', 'America/New_York', '2026-07-01T00:00:00Z', '2026-07-01T13:00:00.000Z'],
    ['cron(0 9 ? * * *)', 'America/New_York', '2026-01-15T00:00:00Z', '2026-01-15T14:00:00.000Z'],
    ['cron(30 8 ? * MON-FRI *)', 'UTC', '2026-11-27T09:00:00Z', '2026-11-30T08:30:00.000Z'],
    ['cron(30 8 ? * 2-6 *)', 'UTC', '2026-11-28T09:00:00Z', '2026-11-30T08:30:00.000Z'],
    ['cron(*/15 * ? * * *)', 'UTC', '2026-11-23T16:40:10Z', '2026-11-23T16:45:00.000Z'],
    ['cron(0 8,18 ? * * *)', 'UTC', '2026-11-23T09:00:00Z', '2026-11-23T18:00:00.000Z'],
    ['cron(0 0 1 * ? *)', 'UTC', '2026-11-23T09:00:00Z', '2026-12-01T00:00:00.000Z'],
    ['cron(0 0 L * ? *)', 'UTC', '2026-02-10T00:00:00Z', '2026-02-28T00:00:00.000Z'],
    ['cron(0 10 ? * MON#1 *)', 'UTC', '2026-11-23T00:00:00Z', '2026-12-07T10:00:00.000Z'],
    ['cron(0 10 ? * 6L *)', 'UTC', '2026-11-28T00:00:00Z', '2026-12-25T10:00:00.000Z'],
    ['cron(0 12 29 FEB ? *)', 'UTC', '2026-03-01T00:00:00Z', '2028-02-29T12:00:00.000Z'],
    ['cron(0 6 ? * * 2027)', 'UTC', '2026-11-23T00:00:00Z', '2027-01-01T06:00:00.000Z'],
  ])('%s in %s after %s runs at %s', (schedule, timezone, now, expected) => {
    expect(nextAt({ schedule, timezone }, now)).toBe(expected)
  })

  it('uses UTC when the action has no time zone', () => {
    expect(nextAt({ schedule: 'cron(0 20 ? * * *)' }, '2026-11-23T16:40:00Z')).toBe('2026-11-23T20:00:00.000Z')
  })

  it('is ended when every year it names is past', () => {
    expect(next({ schedule: 'cron(0 0 1 1 ? 2025)' }, '2026-11-23T00:00:00Z')).toEqual({ kind: 'ended' })
  })

  it('says it cannot compute forms it does not handle, rather than guessing', () => {
    const result = next({ schedule: 'cron(0 0 15W * ? *)' }, '2026-11-23T00:00:00Z')
    expect(result.kind).toBe('unknown')
    expect(next({ schedule: 'cron(0 0 * * *)' }, '2026-11-23T00:00:00Z').kind).toBe('unknown')
    expect(next({ schedule: 'every day' }, '2026-11-23T00:00:00Z').kind).toBe('unknown')
    expect(next({ schedule: 'cron(0 20 ? * * *)', timezone: 'Mars/Olympus' }, '2026-11-23T00:00:00Z')).toEqual({ kind: 'unknown', reason: 'unknown time zone "Mars/Olympus"' })
  })

  it('starts no earlier than the start time and ends after the end time', () => {
    const start = new Date('2026-12-10T00:00:00Z')
    expect(nextAt({ schedule: 'cron(0 20 ? * * *)', startTime: start }, '2026-11-23T16:40:00Z')).toBe('2026-12-10T20:00:00.000Z')
    expect(next({ schedule: 'cron(0 20 ? * * *)', endTime: new Date('2026-11-23T19:00:00Z') }, '2026-11-23T16:40:00Z')).toEqual({ kind: 'ended' })
  })
})

describe('nextScheduledRun: rate and at', () => {
  it('counts a rate from the start time', () => {
    const startTime = new Date('2026-11-23T10:10:00Z')
    expect(nextAt({ schedule: 'rate(1 hour)', startTime }, '2026-11-23T16:40:00Z')).toBe('2026-11-23T17:10:00.000Z')
    expect(nextAt({ schedule: 'rate(30 minutes)', startTime }, '2026-11-23T16:40:00Z')).toBe('2026-11-23T17:10:00.000Z')
    expect(nextAt({ schedule: 'rate(2 days)', startTime }, '2026-11-23T16:40:00Z')).toBe('2026-11-25T10:10:00.000Z')
  })

  it('counts a rate from the creation time without a start time, and gives up without either', () => {
    expect(nextAt({ schedule: 'rate(1 day)', createdAt: new Date('2026-11-20T08:00:00Z') }, '2026-11-23T16:40:00Z')).toBe('2026-11-24T08:00:00.000Z')
    expect(next({ schedule: 'rate(1 day)' }, '2026-11-23T16:40:00Z').kind).toBe('unknown')
  })

  it('runs at() once, at its wall time in the time zone', () => {
    expect(nextAt({ schedule: 'at(2026-12-24T18:00:00)', timezone: 'Europe/Berlin' }, '2026-11-23T16:40:00Z')).toBe('2026-12-24T17:00:00.000Z')
    expect(next({ schedule: 'at(2026-01-01T00:00:00)' }, '2026-11-23T16:40:00Z')).toEqual({ kind: 'ended' })
  })
})

describe('localMinute', () => {
  it('shows the moment in the schedule\'s time zone', () => {
    expect(localMinute(new Date('2026-11-23T19:00:00Z'), 'Europe/Berlin')).toBe('2026-11-23 20:00')
    expect(localMinute(new Date('2026-07-01T13:00:00Z'), 'America/New_York')).toBe('2026-07-01 09:00')
  })
})
