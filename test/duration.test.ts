import { describe, expect, it } from 'vitest'
import { parseDuration } from '../src/lib/duration.js'
import { EcsctlError } from '../src/lib/errors.js'

describe('parseDuration', () => {
  it.each([
    ['90s', 90_000],
    ['15m', 900_000],
    ['1h30m', 5_400_000],
    [' 2h ', 7_200_000],
    ['120', 120_000],
  ])('%s is %i ms', (text, ms) => expect(parseDuration(text, '--timeout')).toBe(ms))

  it.each(['', '5 minutes', 'ten minutes', '1d', '-5s'])('"%s" is a usage error naming the flag', (text) => {
    const error = (() => {
      try {
        parseDuration(text, '--timeout')
      } catch (caught) {
        return caught as EcsctlError
      }
      throw new Error('no error')
    })()
    expect(error).toBeInstanceOf(EcsctlError)
    expect(error.exitCode).toBe(2)
    expect(error.message).toMatch(/^--timeout must be a duration such as 90s/)
  })

  it.each(['0s', '0', '0h0m'])('"%s" is refused as no time at all', (text) => {
    expect(() => parseDuration(text, '--timeout')).toThrow(/no time at all/)
  })
})
