// Durations as people write them in flags and in the manifest: 90s, 15m, 1h30m.
import { setTimeout as delay } from 'node:timers/promises'
import { invalid } from './errors.js'

/** `90s`, `15m`, `1h30m`, or a bare number of seconds, in milliseconds; `what` names it in errors (`--timeout`). */
export function parseDuration(text: string, what: string): number {
  const trimmed = text.trim()
  const match = /^\d+$/.test(trimmed) ? [trimmed, '0', '0', trimmed] : /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(trimmed)
  if (!match || trimmed === '') throw invalid(`${what} must be a duration such as 90s, 15m or 1h30m, not "${text}".`)
  const [, hours = '0', minutes = '0', seconds = '0'] = match
  const ms = ((Number(hours) * 60 + Number(minutes)) * 60 + Number(seconds)) * 1000
  if (ms === 0) throw invalid(`${what} "${text}" is no time at all: give it at least a few seconds, e.g. 90s or 15m.`)
  return ms
}

/** A real sleep that ends early, rejecting, when `signal` aborts. */
export const sleep = (ms: number, signal?: AbortSignal): Promise<void> => delay(ms, undefined, { signal })
