// Faults: throttling and 5xx answers in each protocol's own codes, which the SDK must classify
// as retryable and retry to success, and which never change state.
import { DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch'
import { DescribeTaskDefinitionCommand, ECSClient, ListClustersCommand, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs'
import { DescribeFileSystemsCommand } from '@aws-sdk/client-efs'
import { DescribeTargetGroupsCommand } from '@aws-sdk/client-elastic-load-balancing-v2'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startEndpoint, type Endpoint } from './index.js'
import { destroyClients, quickRetries, rejection, REGION, sdkClients, type Clients } from './support.js'

let endpoint: Endpoint

beforeAll(async () => {
  endpoint = await startEndpoint({ seed: 7 })
})

afterAll(async () => {
  await endpoint.close()
})

beforeEach(() => {
  endpoint.reset()
  endpoint.seed.cluster('prod')
  endpoint.seed.fileSystem({ id: 'fs-1', name: 'data' })
})

const taskDefinition = { family: 'web', containerDefinitions: [{ name: 'app', image: 'nginx', memory: 128 }] }

/** Runs `body` with clients whose retries the test controls, and destroys them after. */
async function withClients(maxAttempts: number, body: (aws: Clients, seen: string[]) => Promise<void>): Promise<void> {
  const seen: string[] = []
  const aws = sdkClients(endpoint, { maxAttempts, retryStrategy: quickRetries(maxAttempts, seen) })
  try {
    await body(aws, seen)
  } finally {
    destroyClients(aws)
  }
}

describe('throttling', () => {
  it.each([
    ['ecs', 'awsJson1_1', 'ThrottlingException', 400],
    ['elastic-load-balancing-v2', 'awsQuery', 'Throttling', 400],
    ['efs', 'restJson1', 'ThrottlingException', 429],
    ['cloudwatch', 'awsJson1_0 query-compatible', 'Throttling', 400],
  ] as const)('%s (%s) throttles with %s (HTTP %i), which the SDK classifies as THROTTLING and retries to success', async (service, _protocol, code, status) => {
    let throttled = 0
    // Throttle the first two requests of this service, then let requests through.
    endpoint.setFaults({ throttleRate: 1, appliesTo: (request) => request.service === service && throttled++ < 2 })
    await withClients(3, async (aws, seen) => {
      const calls = {
        ecs: () => aws.ecs.send(new RegisterTaskDefinitionCommand(taskDefinition)),
        'elastic-load-balancing-v2': () => aws.elbv2.send(new DescribeTargetGroupsCommand({})),
        efs: () => aws.efs.send(new DescribeFileSystemsCommand({})),
        cloudwatch: () => aws.cloudwatch.send(new DescribeAlarmsCommand({})),
      }
      const output = await calls[service]()
      expect(output.$metadata.attempts).toBe(3)
      expect(seen).toEqual(['THROTTLING', 'THROTTLING'])
    })
    const answered = endpoint.calls(service)
    expect(answered.map((r) => [r.status, r.errorCode, r.fault])).toEqual([
      [status, code, 'throttle'],
      [status, code, 'throttle'],
      [200, undefined, undefined],
    ])
  })

  it('is retried by the default retry strategy too (no custom strategy)', async () => {
    let throttled = 0
    endpoint.setFaults({ throttleRate: 1, appliesTo: () => throttled++ < 1 })
    const ecs = new ECSClient({ ...endpoint.clientConfig(REGION), maxAttempts: 2 })
    try {
      const output = await ecs.send(new RegisterTaskDefinitionCommand(taskDefinition))
      expect(output.$metadata.attempts).toBe(2)
      expect(output.taskDefinition?.revision).toBe(1)
    } finally {
      ecs.destroy()
    }
  })

  it('never changes state: with 50% of requests throttled, ten registrations make exactly ten revisions', async () => {
    endpoint.setFaults({ throttleRate: 0.5, seed: 3 })
    await withClients(20, async (aws) => {
      for (let i = 0; i < 10; i++) await aws.ecs.send(new RegisterTaskDefinitionCommand(taskDefinition))
      endpoint.setFaults({ throttleRate: 0 })
      const latest = await aws.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'web' }))
      expect(latest.taskDefinition?.revision).toBe(10)
    })
    const registrations = endpoint.calls('ecs', 'RegisterTaskDefinition')
    expect(registrations.filter((r) => r.fault === 'throttle').length).toBeGreaterThan(0)
    expect(registrations.filter((r) => r.status === 200)).toHaveLength(10)
  })

  it('gives up after maxAttempts with the throttling error', async () => {
    endpoint.setFaults({ throttleRate: 1 })
    await withClients(2, async (aws) => {
      const error = await rejection(aws.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'web' })))
      expect(error.name).toBe('ThrottlingException')
      expect(error.$metadata?.attempts).toBe(2)
    })
  })
})

describe('server errors', () => {
  it.each([
    ['ecs', () => new RegisterTaskDefinitionCommand(taskDefinition)],
    ['elastic-load-balancing-v2', () => new DescribeTargetGroupsCommand({})],
    ['efs', () => new DescribeFileSystemsCommand({})],
  ] as const)('%s answers InternalFailure (500) or ServiceUnavailable (503), which the SDK retries as TRANSIENT', async (service, command) => {
    let failed = 0
    endpoint.setFaults({ errorRate: 1, appliesTo: (request) => request.service === service && failed++ < 2 })
    await withClients(3, async (aws, seen) => {
      const client = { ecs: aws.ecs, 'elastic-load-balancing-v2': aws.elbv2, efs: aws.efs }[service] as unknown as { send(c: unknown): Promise<{ $metadata: { attempts?: number } }> }
      const output = await client.send(command())
      expect(output.$metadata.attempts).toBe(3)
      expect(seen).toEqual(['TRANSIENT', 'TRANSIENT'])
    })
    const faulty = endpoint.calls(service).filter((r) => r.fault === 'server-error')
    expect(faulty).toHaveLength(2)
    for (const request of faulty) expect([request.status, request.errorCode]).toSatisfy(([status, code]: [number, string]) => (status === 500 && code === 'InternalFailure') || (status === 503 && code === 'ServiceUnavailable'))
  })

  it('are chosen by the seed: the same seed gives the same faults', async () => {
    const faultsWith = async (seed: number) => {
      endpoint.reset()
      endpoint.setFaults({ throttleRate: 0.3, errorRate: 0.2, seed })
      await withClients(1, async (aws) => {
        for (let i = 0; i < 20; i++) await aws.ecs.send(new ListClustersCommand({})).catch(() => undefined)
      })
      return endpoint.requests.map((r) => r.fault ?? '-').join(',')
    }
    const first = await faultsWith(11)
    expect(await faultsWith(11)).toBe(first)
    expect(first).toContain('throttle')
    expect(first).toContain('server-error')
  })
})

describe('latency', () => {
  it('delays every answer by the added latency, and the log shows it', async () => {
    endpoint.setFaults({ latencyMs: 60 })
    await withClients(1, async (aws) => {
      await Promise.all([aws.ecs.send(new ListClustersCommand({})), aws.efs.send(new DescribeFileSystemsCommand({}))])
    })
    for (const request of endpoint.requests) expect(request.end - request.start).toBeGreaterThanOrEqual(55)
  })
})
