// Fixtures for the deploy tests: one mock per SDK client the waiter and the image check use (reset
// before each test, any request not set up rejects), a clock whose sleep only advances time, and a
// progress reporter that records what it was told.
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs'
import { ECRClient } from '@aws-sdk/client-ecr'
import { ECSClient, type Deployment, type Service, type ServiceEvent } from '@aws-sdk/client-ecs'
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2'
import { mockClient } from 'aws-sdk-client-mock'
import { expect } from 'vitest'
import { EcsctlError } from '../../src/lib/errors.js'
import type { ProgressReporter } from '../../src/lib/output/progress.js'

export const aws = {
  ecs: mockClient(ECSClient),
  logs: mockClient(CloudWatchLogsClient),
  elbv2: mockClient(ElasticLoadBalancingV2Client),
  ecr: mockClient(ECRClient),
}

/**
 * Requests no test set up. They reject, but the waiter turns a failure to read evidence into a
 * note rather than an error, so tests also check this list is empty (see `expectNoUnexpectedCalls`).
 */
export const unexpectedCalls: string[] = []

export function resetAwsMocks(): void {
  unexpectedCalls.length = 0
  const stubs = Object.entries(aws) as [string, (typeof aws)['ecs']][]
  for (const [service, mock] of stubs) {
    mock.reset()
    mock.onAnyCommand().callsFake((input: unknown) => {
      const call = `unexpected ${service} call: ${JSON.stringify(input)}`
      unexpectedCalls.push(call)
      return Promise.reject(new Error(call))
    })
  }
}

export function expectNoUnexpectedCalls(): void {
  expect(unexpectedCalls).toEqual([])
}

/** Every request sent to any mocked client, as `Command` names. */
export function sentCommands(): string[] {
  return Object.values(aws).flatMap((mock) => mock.calls().map((call) => (call.args[0] as { constructor: { name: string } }).constructor.name))
}

export const ACCOUNT = '123456789012'
export const taskDefinitionArn = (revision: number) => `arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/web:${revision}`
export const taskArn = (id: string) => `arn:aws:ecs:us-east-1:${ACCOUNT}:task/prod/${id}`
export const targetGroupArn = (name: string) => `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:targetgroup/${name}/0123456789abcdef`

/** The moment the deployment under test was created; events before it belong to earlier ones. */
export const T0 = new Date('2026-11-23T16:40:00Z')
export const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000)

export function deployment(overrides: Partial<Deployment> & { id: string }): Deployment {
  return {
    status: 'PRIMARY',
    taskDefinition: taskDefinitionArn(42),
    desiredCount: 2,
    runningCount: 0,
    pendingCount: 0,
    failedTasks: 0,
    rolloutState: 'IN_PROGRESS',
    createdAt: T0,
    ...overrides,
  }
}

export function event(id: string, seconds: number, message: string): ServiceEvent {
  return { id, createdAt: at(seconds), message }
}

/** A DescribeServices answer for service `web` in cluster `prod`. */
export function described(deployments: Deployment[], events: ServiceEvent[] = [], extra: Partial<Service> = {}) {
  return {
    services: [{ serviceName: 'web', clusterArn: `arn:aws:ecs:us-east-1:${ACCOUNT}:cluster/prod`, status: 'ACTIVE', deployments, events, ...extra }],
    failures: [],
  }
}

/** A clock that starts at T0 and a sleep that moves it forward at once, recording each request. */
export function fakeTime() {
  let current = T0.getTime()
  const sleeps: number[] = []
  return {
    sleeps,
    now: () => current,
    sleep: async (ms: number) => {
      // A waiter that never stops would spin here for ever without a real timer to time it out.
      if (sleeps.length >= 1000) throw new Error('fakeTime: more than 1000 sleeps; the waiter does not stop')
      sleeps.push(ms)
      current += ms
    },
  }
}

export interface RecordedProgress extends ProgressReporter {
  calls: { kind: 'state' | 'event' | 'done' | 'fail'; text: string; at?: Date }[]
  texts(kind: 'state' | 'event' | 'done' | 'fail'): string[]
}

export function recordingProgress(): RecordedProgress {
  const calls: RecordedProgress['calls'] = []
  return {
    calls,
    state: (text) => void calls.push({ kind: 'state', text }),
    event: (text, when) => void calls.push({ kind: 'event', text, at: when }),
    done: (text) => void calls.push({ kind: 'done', text }),
    fail: (text) => void calls.push({ kind: 'fail', text }),
    texts: (kind) => calls.filter((call) => call.kind === kind).map((call) => call.text),
  }
}

/** The rejection of `promise`, which must reject with an EcsctlError. */
export async function failure(promise: Promise<unknown>): Promise<EcsctlError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(EcsctlError)
  return error as EcsctlError
}

/** An SDK-shaped error, as the clients throw them. */
export function awsError(name: string, message: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: 400, requestId: 'req-1' }, ...extra })
}
