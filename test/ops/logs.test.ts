// `ecsctl logs` at the library level: where each container logs (from the task definition in
// AWS), --since, one pass over every container, and --follow: de-duplication by event id, late
// events, and stopping on the abort signal, with an injected sleep.
import { FilterLogEventsCommand, type FilteredLogEvent } from '@aws-sdk/client-cloudwatch-logs'
import { DescribeServicesCommand, DescribeTaskDefinitionCommand, type ContainerDefinition } from '@aws-sdk/client-ecs'
import { beforeEach, describe, expect, it } from 'vitest'
import { createClients, type AwsClients } from '../../src/lib/aws/clients.js'
import type { EcsctlError } from '../../src/lib/errors.js'
import {
  FOLLOW,
  formatLogLine,
  logEventJson,
  logSourcesOf,
  parseSince,
  readLogs,
  readServiceLogSources,
  selectContainer,
  type ContainerLogSource,
  type LogEvent,
} from '../../src/lib/ops/logs.js'
import { colorsFor } from '../../src/lib/output/terminal.js'
import { ACCOUNT, aws, resetAwsMocks } from '../aws/support.js'

const plain = colorsFor({ isTTY: false }, {})
const T0 = new Date('2026-11-23T16:40:00Z')
const at = (seconds: number) => T0.getTime() + seconds * 1000
const tdArn = (revision: number) => `arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/web:${revision}`
const TASK = '0123456789abcdef0123456789abcdef'

let clients: AwsClients
beforeEach(() => {
  resetAwsMocks()
  clients = createClients({ region: 'us-east-1' })
})

const awslogs = (name: string, options: Record<string, string>): ContainerDefinition => ({ name, image: 'x', logConfiguration: { logDriver: 'awslogs', options } })
const app: ContainerLogSource = { container: 'app', group: '/ecs/web', streamPrefix: 'ecs/app/' }
const worker: ContainerLogSource = { container: 'worker', group: '/custom/worker', streamPrefix: 'worker/worker/' }

const logEvent = (id: string, seconds: number, message: string, stream = `ecs/app/${TASK}`): FilteredLogEvent => ({ eventId: id, timestamp: at(seconds), message, logStreamName: stream })

/** A sleep that records what it was asked and aborts `controller` at the `stopAt`-th call. */
function stoppingSleep(controller: AbortController, stopAt: number) {
  const sleeps: number[] = []
  return {
    sleeps,
    now: () => T0.getTime(),
    sleep: async (ms: number, signal?: AbortSignal) => {
      sleeps.push(ms)
      if (sleeps.length > 50) throw new Error('the follow loop does not stop')
      if (sleeps.length === stopAt) controller.abort()
      if (signal?.aborted) throw Object.assign(new Error('The operation was aborted'), { name: 'AbortError' })
    },
  }
}

function collect() {
  const events: LogEvent[] = []
  const notes: string[] = []
  return { events, notes, handlers: { event: (e: LogEvent) => void events.push(e), note: (t: string) => void notes.push(t) } }
}

describe('logSourcesOf and readServiceLogSources', () => {
  it('reads each container\'s awslogs group and stream prefix, and says why others are skipped', () => {
    const found = logSourcesOf([
      awslogs('app', { 'awslogs-group': '/ecs/web', 'awslogs-stream-prefix': 'ecs' }),
      awslogs('far', { 'awslogs-group': '/ecs/far', 'awslogs-stream-prefix': 'far', 'awslogs-region': 'eu-west-1' }),
      awslogs('noprefix', { 'awslogs-group': '/ecs/web' }),
      { name: 'fluent', logConfiguration: { logDriver: 'fluentd', options: {} } },
      { name: 'quiet' },
    ])
    expect(found.sources).toEqual([app, { container: 'far', group: '/ecs/far', streamPrefix: 'far/far/', region: 'eu-west-1' }])
    expect(found.skipped.map((s) => [s.container, s.reason])).toEqual([
      ['noprefix', expect.stringMatching(/no awslogs-stream-prefix/)],
      ['fluent', 'it logs with the fluentd driver, not awslogs'],
      ['quiet', 'it has no log configuration'],
    ])
  })

  it('takes the sources from the task definitions the service\'s deployments run, without repeats', async () => {
    aws.ecs.on(DescribeServicesCommand).resolves({
      services: [{ serviceName: 'web', status: 'ACTIVE', taskDefinition: tdArn(8), deployments: [{ id: 'd2', status: 'PRIMARY', taskDefinition: tdArn(8) }, { id: 'd1', status: 'ACTIVE', taskDefinition: tdArn(7) }] }],
      failures: [],
    })
    aws.ecs.on(DescribeTaskDefinitionCommand, { taskDefinition: tdArn(8) }).resolves({
      taskDefinition: { containerDefinitions: [awslogs('app', { 'awslogs-group': '/ecs/web', 'awslogs-stream-prefix': 'ecs' }), awslogs('worker', { 'awslogs-group': '/custom/worker', 'awslogs-stream-prefix': 'worker' })] },
    })
    // The older revision logged app the same way and did not log worker at all.
    aws.ecs.on(DescribeTaskDefinitionCommand, { taskDefinition: tdArn(7) }).resolves({
      taskDefinition: { containerDefinitions: [awslogs('app', { 'awslogs-group': '/ecs/web', 'awslogs-stream-prefix': 'ecs' }), { name: 'worker' }] },
    })
    const found = await readServiceLogSources(clients, { service: 'web', cluster: 'prod' })
    expect(found).toEqual({ sources: [app, worker], skipped: [] })
  })

  it('exits 4 with a hint when the service does not exist', async () => {
    aws.ecs.on(DescribeServicesCommand).resolves({ services: [], failures: [{ reason: 'MISSING' }] })
    const error = (await readServiceLogSources(clients, { service: 'web', cluster: 'prod' }).catch((e: unknown) => e)) as EcsctlError
    expect(error.exitCode).toBe(4)
    expect(error.hint).toMatch(/list-services --cluster prod/)
  })
})

describe('selectContainer', () => {
  const found = { sources: [app, worker], skipped: [{ container: 'sidecar', reason: 'r' }] }

  it('keeps one container, or all', () => {
    expect(selectContainer(found, 'worker')).toEqual({ sources: [worker], skipped: [] })
    expect(selectContainer(found, undefined)).toBe(found)
  })

  it('is a usage error naming the containers for an unknown one', () => {
    let error: EcsctlError | undefined
    try {
      selectContainer(found, 'api')
    } catch (e) {
      error = e as EcsctlError
    }
    expect(error?.exitCode).toBe(2)
    expect(error?.hint).toBe('Its containers: app, sidecar, worker.')
  })
})

describe('parseSince', () => {
  it.each([
    ['10m', '2026-11-23T16:30:00.000Z'],
    ['1h', '2026-11-23T15:40:00.000Z'],
    ['1h30m', '2026-11-23T15:10:00.000Z'],
    ['45s', '2026-11-23T16:39:15.000Z'],
    ['2d', '2026-11-21T16:40:00.000Z'],
    ['2026-11-23T16:00:00Z', '2026-11-23T16:00:00.000Z'],
    ['2026-11-23T17:00:00+01:00', '2026-11-23T16:00:00.000Z'],
  ])('%s -> %s', (text, expected) => expect(parseSince(text, T0).toISOString()).toBe(expected))

  it.each(['yesterday', '10', '10 minutes', '5y', ''])('rejects %j as a usage error', (text) => {
    expect(() => parseSince(text, T0)).toThrow(expect.objectContaining({ kind: 'invalid', hint: expect.stringMatching(/10m/) }))
  })
})

describe('readLogs', () => {
  it('reads every container once from --since and hands the events over oldest first', async () => {
    aws.logs.on(FilterLogEventsCommand, { logGroupName: '/ecs/web', logStreamNamePrefix: 'ecs/app/', startTime: at(-600) }).resolvesOnce({
      events: [logEvent('a1', 1, 'app one\n')],
      nextToken: 'page2',
    }).resolvesOnce({ events: [logEvent('a2', 5, 'app two')] })
    aws.logs.on(FilterLogEventsCommand, { logGroupName: '/custom/worker', logStreamNamePrefix: 'worker/worker/' }).resolves({
      events: [logEvent('w1', 3, 'worker one', `worker/worker/${TASK}`)],
    })
    const out = collect()
    const count = await readLogs({ sources: [app, worker], since: new Date(at(-600)), follow: false, logsClient: () => clients.logs() }, stoppingSleep(new AbortController(), 1), out.handlers)

    expect(count).toBe(3)
    expect(out.events.map((e) => [e.container, e.taskId, e.message])).toEqual([
      ['app', TASK, 'app one'],
      ['worker', TASK, 'worker one'],
      ['app', TASK, 'app two'],
    ])
    expect(aws.logs.commandCalls(FilterLogEventsCommand).map((c) => c.args[0].input.nextToken)).toEqual(expect.arrayContaining([undefined, 'page2']))
    expect(aws.logs.commandCalls(FilterLogEventsCommand)).toHaveLength(3)
  })

  it('asks the client of the region the task definition names', async () => {
    aws.logs.on(FilterLogEventsCommand).resolves({ events: [] })
    const regions: (string | undefined)[] = []
    await readLogs(
      { sources: [app, { ...worker, region: 'eu-west-1' }], since: T0, follow: false, logsClient: (region) => (regions.push(region), clients.logs()) },
      stoppingSleep(new AbortController(), 1),
      collect().handlers,
    )
    expect(regions.sort()).toEqual(['eu-west-1', undefined])
  })

  it('--follow: polls from just before the newest event, hands each event over once, and stops on abort', async () => {
    const polls = [
      [logEvent('e1', 10, 'first'), logEvent('e2', 20, 'second')],
      // e2 again (the window overlaps), a new event, and one that was ingested late.
      [logEvent('e2', 20, 'second'), logEvent('e3', 22, 'third'), logEvent('e4', 18, 'late')],
      [logEvent('e3', 22, 'third')],
    ]
    let poll = 0
    aws.logs.on(FilterLogEventsCommand).callsFake(async () => ({ events: polls[poll++] ?? [] }))
    const controller = new AbortController()
    const time = stoppingSleep(controller, 3)
    const out = collect()

    const count = await readLogs({ sources: [app], since: T0, follow: true, signal: controller.signal, logsClient: () => clients.logs() }, time, out.handlers)

    expect(out.events.map((e) => e.eventId)).toEqual(['e1', 'e2', 'e4', 'e3'])
    expect(count).toBe(4)
    expect(aws.logs.commandCalls(FilterLogEventsCommand).map((c) => c.args[0].input.startTime)).toEqual([
      T0.getTime(),
      at(20) - FOLLOW.lateArrivalMs,
      at(22) - FOLLOW.lateArrivalMs,
    ])
    expect(time.sleeps).toEqual([FOLLOW.pollIntervalMs, FOLLOW.pollIntervalMs, FOLLOW.pollIntervalMs])
  })

  it('--follow: a request cut short by Ctrl-C ends it normally', async () => {
    const controller = new AbortController()
    aws.logs.on(FilterLogEventsCommand).callsFake(async () => {
      controller.abort()
      throw Object.assign(new Error('Request aborted'), { name: 'AbortError' })
    })
    const out = collect()
    await expect(readLogs({ sources: [app], since: T0, follow: true, signal: controller.signal, logsClient: () => clients.logs() }, stoppingSleep(controller, 99), out.handlers)).resolves.toBe(0)
  })

  it('--follow: an AWS refusal is an error (exit 4), not the end of following', async () => {
    aws.logs.on(FilterLogEventsCommand).rejects(Object.assign(new Error('not allowed'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } }))
    const controller = new AbortController()
    const error = (await readLogs({ sources: [app], since: T0, follow: true, signal: controller.signal, logsClient: () => clients.logs() }, stoppingSleep(controller, 99), collect().handlers).catch((e: unknown) => e)) as EcsctlError
    expect(error.exitCode).toBe(4)
    expect(error.message).toMatch(/^logs:FilterLogEvents \(log group "\/ecs\/web", streams ecs\/app\/\*\): access denied/)
  })

  it('--follow: waits for a log group that does not exist yet, saying so once', async () => {
    const missing = Object.assign(new Error('The specified log group does not exist.'), { name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 400 } })
    aws.logs.on(FilterLogEventsCommand).rejectsOnce(missing).rejectsOnce(missing).resolves({ events: [logEvent('e1', 1, 'at last')] })
    const controller = new AbortController()
    const out = collect()
    await readLogs({ sources: [app], since: T0, follow: true, signal: controller.signal, logsClient: () => clients.logs() }, stoppingSleep(controller, 3), out.handlers)
    expect(out.notes).toEqual(['Log group /ecs/web (container app) does not exist yet; waiting for it.'])
    expect(out.events.map((e) => e.message)).toEqual(['at last'])
  })
})

describe('formatting', () => {
  const event: LogEvent = { timestamp: new Date(at(1.5)), container: 'app', taskId: TASK, group: '/ecs/web', stream: `ecs/app/${TASK}`, message: 'listening on :8080', eventId: 'e1' }

  it('prefixes a line with the time, container and short task id', () => {
    expect(formatLogLine(event, plain)).toBe('2026-11-23T16:40:01Z app/01234567 listening on :8080')
  })

  it('prints one JSON object per line under --json', () => {
    const line = logEventJson(event)
    expect(line).not.toContain('\n')
    expect(JSON.parse(line)).toEqual({ timestamp: '2026-11-23T16:40:01.500Z', container: 'app', taskId: TASK, message: 'listening on :8080', logGroup: '/ecs/web', logStream: `ecs/app/${TASK}`, eventId: 'e1' })
  })
})
