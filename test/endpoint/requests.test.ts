// The request log (what ecsctl sent, in what order, how long each took), credentials, unknown
// operations, the control API and the standalone entry.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { DescribeClustersCommand, DescribeServicesCommand, ECSClient, ListContainerInstancesCommand, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs'
import { DescribeTargetGroupsCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2'
import { describe, expect, it } from 'vitest'
import { longestDependentChain, type Endpoint, type RecordedRequest } from './index.js'
import { type Clients, REGION, rejection, sharedEndpoint } from './support.js'

let endpoint: Endpoint
let aws: Clients
sharedEndpoint((started, clients) => {
  endpoint = started
  aws = clients
}, {
  options: { acceptAccessKeyId: (id) => id !== 'AKIDREVOKED' },
  seed: (started) => {
    started.seed.cluster('prod')
  },
})

describe('the request log', () => {
  it('records service, operation, parsed input, region, status and timings of every request', async () => {
    endpoint.setFaults({ latencyMs: 20 })
    await aws.ecs.send(new RegisterTaskDefinitionCommand({ family: 'web', containerDefinitions: [{ name: 'app', image: 'nginx', memory: 128 }] }))
    await Promise.all([
      aws.ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: ['web'] })),
      aws.elbv2.send(new DescribeTargetGroupsCommand({ Names: ['web-app-8080'] })).catch(() => undefined),
    ])

    const [register, ...parallel] = endpoint.requests
    expect(register).toMatchObject({
      id: 1,
      service: 'ecs',
      operation: 'RegisterTaskDefinition',
      input: { family: 'web', containerDefinitions: [{ name: 'app', image: 'nginx', memory: 128 }] },
      region: REGION,
      status: 200,
      readOnly: false,
    })
    expect(parallel.map((r) => [r.service, r.operation, r.status, r.errorCode, r.readOnly])).toEqual(
      expect.arrayContaining([
        ['ecs', 'DescribeServices', 200, undefined, true],
        ['elastic-load-balancing-v2', 'DescribeTargetGroups', 400, 'TargetGroupNotFound', true],
      ]),
    )
    // awsQuery input is recorded as the form's structure: lists from `.member.N`, all values text.
    expect(endpoint.calls('elastic-load-balancing-v2')[0]?.input).toEqual({ Names: ['web-app-8080'] })

    // Timings tell dependent requests from parallel ones: the describes started after the
    // registration ended, and overlapped each other.
    for (const request of parallel) expect(request.start).toBeGreaterThanOrEqual(register?.end ?? Infinity)
    const [a, b] = parallel as [RecordedRequest, RecordedRequest]
    expect(a.start < b.end && b.start < a.end).toBe(true)
    for (const request of endpoint.requests) expect(request.end - request.start).toBeGreaterThanOrEqual(15)
    const chain = longestDependentChain(endpoint.requests)
    expect(chain).toHaveLength(2)
    expect(chain[0]?.operation).toBe('RegisterTaskDefinition')
  })

  it('clearRequests forgets the log but keeps the state', async () => {
    await aws.ecs.send(new DescribeClustersCommand({ clusters: ['prod'] }))
    endpoint.clearRequests()
    expect(endpoint.requests).toEqual([])
    const described = await aws.ecs.send(new DescribeClustersCommand({ clusters: ['prod', 'staging'] }))
    expect(described.clusters?.map((c) => c.clusterName)).toEqual(['prod'])
    expect(described.failures).toEqual([{ arn: 'arn:aws:ecs:us-east-1:123456789012:cluster/staging', reason: 'MISSING' }])
    expect(endpoint.requests.map((r) => r.id)).toEqual([2])
  })
})

describe('credentials and operations the endpoint does not know', () => {
  it('answers a rejected access key with the invalid-token error of each protocol', async () => {
    const credentials = { accessKeyId: 'AKIDREVOKED', secretAccessKey: 'x' }
    const ecs = new ECSClient({ ...endpoint.clientConfig(), credentials })
    const elbv2 = new ElasticLoadBalancingV2Client({ ...endpoint.clientConfig(), credentials })
    try {
      expect((await rejection(ecs.send(new DescribeClustersCommand({})))).name).toBe('UnrecognizedClientException')
      const query = await rejection(elbv2.send(new DescribeTargetGroupsCommand({})))
      expect(query.name).toBe('InvalidClientTokenId')
      expect(query.$metadata?.httpStatusCode).toBe(403)
    } finally {
      ecs.destroy()
      elbv2.destroy()
    }
  })

  it('answers an unsigned request with MissingAuthenticationTokenException', async () => {
    const response = await fetch(endpoint.url, { method: 'POST', headers: { 'x-amz-target': 'AmazonEC2ContainerServiceV20141113.ListClusters' }, body: '{}' })
    expect(response.status).toBe(400)
    expect(await response.json()).toEqual({ __type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' })
  })

  it('names an operation it does not implement, so a missing one is found at once', async () => {
    const error = await rejection(aws.ecs.send(new ListContainerInstancesCommand({ cluster: 'prod' })))
    expect(error.name).toBe('UnknownOperationException')
    expect(error.message).toBe('The ecsctl test endpoint does not implement ecs:ListContainerInstances')
  })
})

describe('the control API', () => {
  it('seeds, sets faults, lists requests and resets over HTTP', async () => {
    const control = (method: string, path: string, body?: unknown) =>
      fetch(`${endpoint.url}/_endpoint/${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) })
    expect((await control('POST', 'seed', { clusters: ['staging'], fileSystems: [{ id: 'fs-1', name: 'data' }] })).status).toBe(200)
    expect([...endpoint.state.ecs.clusters.keys()]).toEqual(['prod', 'staging'])

    await control('POST', 'faults', { throttleRate: 1 })
    const error = await rejection(new ECSClient({ ...endpoint.clientConfig(), maxAttempts: 1 }).send(new DescribeClustersCommand({})))
    expect(error.name).toBe('ThrottlingException')
    await control('POST', 'faults', { throttleRate: 0 })

    const requests = (await (await control('GET', 'requests')).json()) as RecordedRequest[]
    expect(requests.map((r) => [r.operation, r.fault])).toEqual([['DescribeClusters', 'throttle']])

    await control('POST', 'reset')
    expect(endpoint.state.ecs.clusters.size).toBe(0)
    expect((await control('GET', 'nothing')).status).toBe(404)
  })
})

describe('main.ts', () => {
  it('starts the endpoint on its own and prints its URL first', async () => {
    const main = fileURLToPath(new URL('./main.ts', import.meta.url))
    const child = spawn(process.execPath, ['--import', 'tsx', main, '--port', '0', '--latency', '5', '--cluster', 'prod'], { stdio: ['ignore', 'pipe', 'pipe'] })
    try {
      const [url] = (await once(createInterface({ input: child.stdout }), 'line')) as [string]
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      const ecs = new ECSClient({ endpoint: url, region: REGION, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' } })
      const described = await ecs.send(new DescribeClustersCommand({ clusters: ['prod'] }))
      ecs.destroy()
      expect(described.clusters?.[0]?.status).toBe('ACTIVE')
    } finally {
      child.kill('SIGTERM')
      await once(child, 'exit')
    }
  })
})
