// Shared test fixtures for the AWS edge: one mock per SDK client, reset before each test so that
// any request a test did not set up fails loudly, and a gate that holds requests to observe
// which ones run at the same time.
import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling'
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch'
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs'
import { ECSClient } from '@aws-sdk/client-ecs'
import { EFSClient } from '@aws-sdk/client-efs'
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2'
import { EventBridgeClient } from '@aws-sdk/client-eventbridge'
import { mockClient } from 'aws-sdk-client-mock'
import { afterEach, beforeEach, expect } from 'vitest'
import { createClients, type AwsClients } from '../../src/lib/aws/clients.js'
import { manifestSchema, type Manifest } from '../../src/lib/manifest/schema.js'

export const aws = {
  ecs: mockClient(ECSClient),
  elbv2: mockClient(ElasticLoadBalancingV2Client),
  efs: mockClient(EFSClient),
  autoscaling: mockClient(ApplicationAutoScalingClient),
  cloudwatch: mockClient(CloudWatchClient),
  eventbridge: mockClient(EventBridgeClient),
  logs: mockClient(CloudWatchLogsClient),
}

/** Clears every mock and makes any request no test set up reject, naming its input. */
export function resetAwsMocks(): void {
  // The stubs differ only in their SDK types; what is called here is common to all of them.
  const stubs = Object.entries(aws) as [string, (typeof aws)['ecs']][]
  for (const [service, mock] of stubs) {
    mock.reset()
    mock.onAnyCommand().callsFake((input: unknown) => Promise.reject(new Error(`unexpected ${service} call: ${JSON.stringify(input)}`)))
  }
}

/**
 * For a test file: before each test fresh mocks, every request no test set up rejected and
 * recorded, and new clients (handed to `useClients`); after it, the clients destroyed and the
 * test failed if any such request was sent.
 */
export function strictAwsMocks(useClients: (clients: AwsClients) => void): void {
  let unexpected: string[] = []
  let clients: AwsClients | undefined
  beforeEach(() => {
    resetAwsMocks()
    unexpected = []
    for (const [name, mock] of Object.entries(aws) as [string, (typeof aws)['ecs']][]) {
      mock.onAnyCommand().callsFake((input: unknown) => {
        unexpected.push(`${name}: ${JSON.stringify(input)}`)
        return Promise.reject(new Error(`unexpected ${name} call`))
      })
    }
    clients = createClients({ region: 'us-east-1' })
    useClients(clients)
  })
  afterEach(() => {
    clients?.destroy()
    expect(unexpected).toEqual([])
  })
}

/** Every request sent to any mocked client, as `Command` names. */
export function sentCommands(): string[] {
  return Object.values(aws).flatMap((mock) => mock.calls().map((call) => (call.args[0] as { constructor: { name: string } }).constructor.name))
}

export const ACCOUNT = '123456789012'
export const ALB_LISTENER = `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:listener/app/public/50dc6c495c0c9188/f2f7dc8efc522ab2`
export const NLB_LISTENER = `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:listener/net/internal/60dc6c495c0c9188/a2f7dc8efc522ab3`

/** A small manifest: one container, nothing but the service, task definition and log group. */
export function minimalManifest(overrides: Record<string, unknown> = {}): Manifest {
  return manifestSchema.parse({
    version: 1,
    name: 'web',
    cluster: 'prod',
    containers: { app: { image: 'nginx:1.27' } },
    ...overrides,
  })
}

/** A manifest that uses every kind of resource the readers look for. */
export function fullManifest(): Manifest {
  return manifestSchema.parse({
    version: 1,
    name: 'web',
    cluster: 'prod',
    launchType: 'FARGATE',
    cpu: 512,
    memory: 1024,
    network: { subnets: ['subnet-0a1'] },
    roles: { execution: 'ecsTaskExecutionRole', events: 'ecsEventsRole' },
    containers: {
      app: { image: 'nginx:1.27', ports: [8080, 9000], logging: { retentionDays: 30 } },
      worker: { image: 'nginx:1.27', essential: false, logging: { group: '/custom/worker' } },
      sidecar: { image: 'nginx:1.27', essential: false, logging: false },
    },
    volumes: {
      data: { efs: { fileSystemId: 'fs-0123456789abcdef0', accessPoint: { path: '/web' }, transitEncryption: true } },
      shared: { efs: { fileSystem: 'shared-data', accessPoint: { path: '/shared' }, transitEncryption: true } },
    },
    loadBalancers: [
      { container: 'app', port: 8080, alb: { listener: ALB_LISTENER, rule: { priority: 10, paths: ['/v1/*'] } } },
      { container: 'app', port: 9000, nlb: { listener: NLB_LISTENER } },
      { container: 'app', port: 8080, targetGroup: 'legacy-web' },
    ],
    autoscaling: { min: 1, max: 4, cpu: 60, schedules: [{ name: 'night', schedule: 'cron(0 20 ? * * *)', min: 1, max: 2 }] },
    tasks: { report: { schedule: 'cron(0 3 * * ? *)', container: 'app' } },
  })
}

export interface Deferred<T> {
  promise: Promise<T>
  resolve: (value: T) => void
}

export function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void
  const promise = new Promise<T>((r) => {
    resolve = r
  })
  return { promise, resolve }
}

/**
 * Holds every request until `release()`, recording in which "wave" it started: wave 0 before the
 * first release, wave 1 between the first and the second, and so on. A request that must wait
 * for another's answer can only start in a later wave, so the highest wave + 1 is the longest
 * chain of dependent requests, and wave 0 is everything issued concurrently at the start.
 */
export class RequestGate {
  readonly started: { label: string; wave: number }[] = []
  #wave = 0
  #current = deferred()
  #open = false
  #watchers: { count: number; reached: Deferred<void> }[] = []

  /** A `callsFake` implementation: records `label`, waits for the current wave's release, then answers. */
  hold<T>(label: string, answer: T | ((input: unknown) => T)): (input: unknown) => Promise<T> {
    return async (input) => {
      this.started.push({ label, wave: this.#wave })
      this.#notify()
      if (!this.#open) await this.#current.promise
      return typeof answer === 'function' ? (answer as (input: unknown) => T)(input) : answer
    }
  }

  /** Resolves once `count` requests have started in the current wave (no timer: the requests wake it). */
  untilStarted(count: number): Promise<void> {
    const watcher = { count, reached: deferred() }
    this.#watchers.push(watcher)
    this.#notify()
    return watcher.reached.promise
  }

  /** Lets the current wave's requests answer; requests started later belong to the next wave. */
  release(): void {
    const released = this.#current
    this.#wave += 1
    this.#current = deferred()
    this.#watchers = []
    released.resolve()
  }

  /** Releases the current wave and lets every later request answer at once (still recording its wave). */
  open(): void {
    this.#open = true
    this.release()
  }

  labels(wave: number): string[] {
    return this.started
      .filter((request) => request.wave === wave)
      .map((request) => request.label)
      .sort()
  }

  /** How many waves had requests: the longest chain of dependent requests. */
  get waves(): number {
    return Math.max(-1, ...this.started.map((request) => request.wave)) + 1
  }

  #notify(): void {
    const inWave = this.started.filter((request) => request.wave === this.#wave).length
    for (const watcher of this.#watchers) if (inWave >= watcher.count) watcher.reached.resolve()
  }
}
