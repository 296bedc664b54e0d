// The small pure pieces the loader and the rules are built from.
import { describe, expect, it } from 'vitest'
import { describeFargateMemory, FARGATE_CPU, fargateCpuFor, fargateMemoryFor } from '../../src/lib/manifest/fargate.js'
import { objectKeysAt } from '../../src/lib/manifest/issues.js'
import { essentialContainers, isFargate, networkModeOf, portMappings, taskContainer } from '../../src/lib/manifest/launch.js'
import { formatPath, locate, pathKey } from '../../src/lib/manifest/positions.js'
import { isKnownTimeZone, scheduleProblem, suggestTimeZone } from '../../src/lib/manifest/schedule.js'
import { manifestSchema } from '../../src/lib/manifest/schema.js'
import { nearest, quotedList } from '../../src/lib/manifest/suggest.js'

describe('Fargate sizes', () => {
  it.each([
    [256, [512, 1024, 2048]],
    [512, [1024, 2048, 3072, 4096]],
    [1024, [2048, 3072, 4096, 5120, 6144, 7168, 8192]],
  ])('cpu %i offers memory %j', (cpu, memory) => {
    expect(fargateMemoryFor(cpu)).toEqual(memory)
  })

  it.each([
    [2048, 4096, 16384, 13],
    [4096, 8192, 30720, 23],
    [8192, 16384, 61440, 12],
    [16384, 32768, 122880, 12],
  ])('cpu %i offers %i to %i, %i sizes', (cpu, first, last, count) => {
    const memory = fargateMemoryFor(cpu) ?? []
    expect([memory[0], memory[memory.length - 1], memory.length]).toEqual([first, last, count])
  })

  it('offers nothing for other cpu values', () => {
    expect(fargateMemoryFor(384)).toBeUndefined()
    expect(FARGATE_CPU).toEqual([256, 512, 1024, 2048, 4096, 8192, 16384])
  })

  it('describes short lists in full and long ones as a range', () => {
    expect(describeFargateMemory(256)).toBe('512, 1024 or 2048')
    expect(describeFargateMemory(512)).toBe('1024, 2048, 3072 or 4096')
    expect(describeFargateMemory(8192)).toBe('16384 to 61440 in steps of 4096')
  })

  it('finds the cpu values that offer a memory size', () => {
    expect(fargateCpuFor(4096)).toEqual([512, 1024, 2048])
    expect(fargateCpuFor(1536)).toEqual([])
  })
})

describe('schedule expressions', () => {
  it.each([
    'cron(0 3 * * ? *)',
    'cron(0 8 ? * MON-FRI *)',
    'cron(*/5 * * * ? *)',
    'cron(0 0 1,15 * ? 2027-2030)',
    'cron(0 0 LW * ? *)',
    'cron(0 0 ? * 2#1 *)',
    'cron(0 0 ? * FRIL *)',
    'rate(1 minute)',
    'rate(15 minutes)',
    'rate(1 day)',
  ])('accepts %s', (expression) => {
    expect(scheduleProblem(expression, { allowAt: false })).toBeUndefined()
  })

  it.each([
    ['cron(0 3 * * *)', 'takes 6 fields'],
    ['cron(60 3 * * ? *)', 'the minutes field "60" is not valid'],
    ['cron(0 3 32 * ? *)', 'the day-of-month field "32" is not valid'],
    ['cron(0 3 ? FOO * *)', 'the month field "FOO" is not valid'],
    ['cron(0 3 ? * 8 *)', 'the day-of-week field "8" is not valid'],
    ['cron(0 3 ? * * 1969)', 'the year field "1969" is not valid'],
    ['cron(0 3 ? * ? *)', 'one of day-of-month and day-of-week must be ?'],
    ['cron(0/x 3 * * ? *)', 'a step is written */5 or 10/15'],
    ['rate(0 minutes)', 'at least 1'],
    ['rate(5 minute)', 'write rate(5 minutes), plural'],
    ['rate(5 weeks)', 'is not a rate'],
    ['every day', 'must be cron(...) or rate(...)'],
    ['at(2027-01-01T00:00:00)', 'at(...) runs once, which EventBridge rules cannot do'],
  ])('refuses %s', (expression, message) => {
    expect(scheduleProblem(expression, { allowAt: false })).toContain(message)
  })

  it('accepts at() where one-off schedules exist, and checks the date', () => {
    expect(scheduleProblem('at(2027-01-01T00:00:00)', { allowAt: true })).toBeUndefined()
    expect(scheduleProblem('at(2027-13-01T00:00:00)', { allowAt: true })).toContain('is not a date and time that exists')
    expect(scheduleProblem('at(2027-01-01 00:00)', { allowAt: true })).toContain('is not a time')
  })

  it.each([
    ['Europe/Berlin', true],
    ['UTC', true],
    ['Asia/Calcutta', true],
    ['US/Pacific', true],
    ['europe/berlin', false],
    ['Mars/Olympus', false],
    ['+01:00', false],
  ])('time zone %s is known: %s', (zone, known) => {
    expect(isKnownTimeZone(zone)).toBe(known)
  })

  it('suggests a time zone by city or by spelling', () => {
    expect(suggestTimeZone('berlin')).toBe('Europe/Berlin')
    expect(suggestTimeZone('New York')).toBe('America/New_York')
    expect(suggestTimeZone('America/Chicgo')).toBe('America/Chicago')
    expect(suggestTimeZone('nowhere at all')).toBeUndefined()
  })
})

describe('suggestions', () => {
  it('finds a near word, ignoring case, and nothing when everything is far', () => {
    expect(nearest('memroy', ['cpu', 'memory', 'image'])).toBe('memory')
    expect(nearest('Image', ['cpu', 'memory', 'image'])).toBe('image')
    expect(nearest('database', ['app', 'migrate'])).toBeUndefined()
  })

  it('lists values with commas and a conjunction', () => {
    expect(quotedList(['a'])).toBe('"a"')
    expect(quotedList(['a', 'b', 'c'])).toBe('"a", "b" or "c"')
    expect(quotedList([1, 2], 'and')).toBe('1 and 2')
  })
})

describe('positions', () => {
  it('formats paths as a user writes them', () => {
    expect(formatPath(['containers', 'app', 'memory'])).toBe('containers.app.memory')
    expect(formatPath(['loadBalancers', 0, 'alb', 'rule', 'priority'])).toBe('loadBalancers[0].alb.rule.priority')
    expect(formatPath(['tags', 'aws:team'])).toBe('tags["aws:team"]')
    expect(formatPath([])).toBe('')
  })

  it('locates a key, a value, or the nearest written parent', () => {
    const locations = new Map([
      [pathKey([]), { value: { line: 1, column: 1 } }],
      [pathKey(['containers']), { key: { line: 3, column: 1 }, value: { line: 4, column: 3 } }],
    ])
    expect(locate(locations, ['containers'], 'key')).toEqual({ line: 3, column: 1 })
    expect(locate(locations, ['containers'])).toEqual({ line: 4, column: 3 })
    expect(locate(locations, ['containers', 'app', 'image'])).toEqual({ line: 4, column: 3 })
    expect(locate(new Map(), ['anything'])).toEqual({ line: 1, column: 1 })
  })
})

describe('the schema walk behind "valid keys here"', () => {
  it('finds the keys of objects inside records, lists and unions', () => {
    expect(objectKeysAt(manifestSchema, ['containers', 'app', 'healthCheck'])).toEqual(['command', 'interval', 'timeout', 'retries', 'startPeriod'])
    expect(objectKeysAt(manifestSchema, ['containers', 'app', 'ports', 0])).toEqual(['containerPort', 'hostPort', 'protocol', 'name', 'appProtocol'])
    expect(objectKeysAt(manifestSchema, ['deployment'])).toContain('circuitBreaker')
    expect(objectKeysAt(manifestSchema, ['nothing', 'here'])).toEqual([])
  })
})

describe('launch helpers', () => {
  it('knows Fargate by launch type or by capacity provider', () => {
    expect(isFargate({ launchType: 'FARGATE' })).toBe(true)
    expect(isFargate({ launchType: 'EC2' })).toBe(false)
    expect(isFargate({ capacityProviders: [{ provider: 'FARGATE_SPOT' }] })).toBe(true)
    expect(isFargate({ capacityProviders: [{ provider: 'my-asg' }] })).toBe(false)
    expect(isFargate({})).toBe(false)
  })

  it('derives the network mode', () => {
    expect(networkModeOf({ launchType: 'FARGATE' })).toBe('awsvpc')
    expect(networkModeOf({ network: { subnets: ['subnet-1'], assignPublicIp: false } })).toBe('awsvpc')
    expect(networkModeOf({})).toBe('bridge')
    expect(networkModeOf({ networkMode: 'host' })).toBe('host')
  })

  it('normalises ports', () => {
    expect(portMappings({ ports: [80, { containerPort: 53, protocol: 'udp' }] })).toEqual([
      { containerPort: 80, protocol: 'tcp' },
      { containerPort: 53, protocol: 'udp' },
    ])
  })

  it('runs a task in the container it names, else in the first essential one', () => {
    const m = { containers: { migrate: { essential: false }, app: { essential: true }, worker: { essential: true } } }
    expect(essentialContainers(m as never)).toEqual(['app', 'worker'])
    expect(taskContainer(m as never, {})).toBe('app')
    expect(taskContainer(m as never, { container: 'worker' })).toBe('worker')
  })
})
