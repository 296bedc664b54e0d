// status, history and logs against the local AWS-compatible endpoint, through the real SDK
// clients and wire protocols: a service created as ecsctl would, then read back.
import { PutScalingPolicyCommand, PutScheduledActionCommand, RegisterScalableTargetCommand } from '@aws-sdk/client-application-auto-scaling'
import { CreateServiceCommand, DescribeServicesCommand, ListTasksCommand, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs'
import { CreateRuleCommand, CreateTargetGroupCommand } from '@aws-sdk/client-elastic-load-balancing-v2'
import { spawn } from 'node:child_process'
import { captureOutput } from '@oclif/test'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import Logs from '../../src/commands/logs.js'
import Status from '../../src/commands/status.js'
import { createClients, type AwsClients } from '../../src/lib/aws/clients.js'
import { readHistory } from '../../src/lib/ops/history.js'
import { readLogs, readServiceLogSources, type LogEvent } from '../../src/lib/ops/logs.js'
import { readStatus } from '../../src/lib/ops/status.js'
import { longestDependentChain, startEndpoint, type Endpoint } from '../endpoint/index.js'
import { appendLogLines } from '../endpoint/services/logs.js'
import { ACCOUNT, destroyClients, LISTENER, sdkClients, seedBasics, VPC, type Clients } from '../endpoint/support.js'
import { binPath, repoRoot, runCli } from '../support/cli.js'

let endpoint: Endpoint
let setup: Clients
let clients: AwsClients
const ref = { service: 'web', cluster: 'prod', region: 'us-east-1', family: 'web' }
const IMAGE = `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/web`

beforeAll(async () => {
  endpoint = await startEndpoint({ deploymentSteps: 1, latencyMs: 15 })
  setup = sdkClients(endpoint)
})
afterAll(async () => {
  destroyClients(setup)
  await endpoint.close()
})
beforeEach(async () => {
  endpoint.reset()
  seedBasics(endpoint)
  endpoint.seed.logGroup('/ecs/web')
  for (const [name, value] of Object.entries(endpoint.env())) vi.stubEnv(name, value)
  clients = createClients({ region: 'us-east-1', endpoint: endpoint.url })
  await createService()
  endpoint.clearRequests()
  return () => {
    clients.destroy()
    vi.unstubAllEnvs()
  }
})

async function register(tag: string): Promise<void> {
  await setup.ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'web',
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      cpu: '256',
      memory: '512',
      executionRoleArn: `arn:aws:iam::${ACCOUNT}:role/ecsTaskExecutionRole`,
      containerDefinitions: [
        { name: 'app', image: `${IMAGE}:${tag}`, portMappings: [{ containerPort: 8080 }], logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/web', 'awslogs-stream-prefix': 'app' } } },
      ],
    }),
  )
}

/** Two revisions, a service on the second behind a target group, autoscaling with a schedule. */
async function createService(): Promise<void> {
  await register('v1')
  await register('v2')
  const group = await setup.elbv2.send(new CreateTargetGroupCommand({ Name: 'prod-web-8080', Protocol: 'HTTP', Port: 8080, VpcId: VPC, TargetType: 'ip' }))
  const targetGroupArn = group.TargetGroups?.[0]?.TargetGroupArn ?? ''
  await setup.elbv2.send(
    new CreateRuleCommand({ ListenerArn: LISTENER, Priority: 10, Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/*'] } }], Actions: [{ Type: 'forward', TargetGroupArn: targetGroupArn }] }),
  )
  await setup.ecs.send(
    new CreateServiceCommand({
      cluster: 'prod',
      serviceName: 'web',
      taskDefinition: 'web',
      desiredCount: 2,
      launchType: 'FARGATE',
      networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0a1'] } },
      loadBalancers: [{ targetGroupArn, containerName: 'app', containerPort: 8080 }],
    }),
  )
  // The endpoint moves a rollout on with each DescribeServices: let this one complete.
  await setup.ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: ['web'] }))
  const ResourceId = 'service/prod/web'
  const scope = { ServiceNamespace: 'ecs', ScalableDimension: 'ecs:service:DesiredCount', ResourceId } as const
  await setup.autoscaling.send(new RegisterScalableTargetCommand({ ...scope, MinCapacity: 2, MaxCapacity: 6 }))
  await setup.autoscaling.send(
    new PutScalingPolicyCommand({ ...scope, PolicyName: 'web.cpu', PolicyType: 'TargetTrackingScaling', TargetTrackingScalingPolicyConfiguration: { TargetValue: 60, PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' } } }),
  )
  await setup.autoscaling.send(new PutScheduledActionCommand({ ...scope, ScheduledActionName: 'web.night', Schedule: 'cron(0 22 ? * * *)', Timezone: 'America/New_York', ScalableTargetAction: { MinCapacity: 1, MaxCapacity: 2 } }))
}

async function runningTaskId(): Promise<string> {
  const arns = (await setup.ecs.send(new ListTasksCommand({ cluster: 'prod', serviceName: 'web', desiredStatus: 'RUNNING' }))).taskArns ?? []
  return (arns[0] ?? '').split('/').pop() ?? ''
}

describe('readStatus against the endpoint', () => {
  it('reads the completed rollout, healthy targets and autoscaling, in two dependent round trips', async () => {
    const now = new Date('2026-11-23T16:40:00Z')
    const report = await readStatus(clients, ref, { events: 5, now })
    expect(report.gaps).toEqual([])
    expect(report.deployments).toEqual([expect.objectContaining({ status: 'PRIMARY', rolloutState: 'COMPLETED', running: 2, desired: 2, revision: 'web:2', images: [{ container: 'app', image: `${IMAGE}:v2` }] })])
    expect(report.targetGroups).toEqual([expect.objectContaining({ targetGroupName: 'prod-web-8080', healthy: 2, unhealthy: 0 })])
    expect(report.autoscaling).toMatchObject({
      min: 2,
      max: 6,
      policies: [{ name: 'web.cpu', type: 'TargetTrackingScaling', targetValue: 60 }],
      // 22:00 in New York (UTC-5 in November).
      nextScheduledAction: { name: 'web.night', nextRun: '2026-11-24T03:00:00.000Z', nextRunLocal: '2026-11-23 22:00' },
    })
    expect(report.events.map((e) => e.message).join('\n')).toMatch(/steady state/)
    expect(endpoint.requests.every((r) => r.readOnly)).toBe(true)
    expect(longestDependentChain(endpoint.requests).length).toBeLessThanOrEqual(2)
  })
})

describe('readHistory against the endpoint', () => {
  it('lists the revisions newest first with their tags, the running one marked', async () => {
    const report = await readHistory(clients, ref, { limit: 10 })
    expect(report.revisions.map((r) => [r.name, r.images[0]?.tag, r.current])).toEqual([
      ['web:2', 'v2', true],
      ['web:1', 'v1', false],
    ])
    expect(report.deployments).toEqual([expect.objectContaining({ status: 'PRIMARY', revision: 'web:2' })])
  })
})

describe('logs against the endpoint', () => {
  it('finds the stream of each task from the task definition and follows it, each line once, until aborted', async () => {
    const taskId = await runningTaskId()
    const stream = `app/app/${taskId}`
    const start = new Date()
    appendLogLines(endpoint.state.logs, '/ecs/web', stream, ['listening on :8080', 'GET /healthz 200'], start)
    const { sources } = await readServiceLogSources(clients, ref)
    expect(sources).toEqual([{ container: 'app', group: '/ecs/web', streamPrefix: 'app/app/' }])

    const events: LogEvent[] = []
    const controller = new AbortController()
    let sleeps = 0
    const sleep = async () => {
      sleeps += 1
      // Between polls the task writes one more line; the third pause is the user's Ctrl-C.
      if (sleeps === 1) appendLogLines(endpoint.state.logs, '/ecs/web', stream, ['GET /orders 200'], new Date(start.getTime() + 1000))
      if (sleeps === 3) controller.abort()
    }
    await readLogs(
      { sources, since: new Date(start.getTime() - 60_000), follow: true, signal: controller.signal, logsClient: () => clients.logs() },
      { sleep, now: Date.now },
      { event: (e) => void events.push(e), note: () => undefined },
    )
    expect(events.map((e) => [e.container, e.taskId, e.message])).toEqual([
      ['app', taskId, 'listening on :8080'],
      ['app', taskId, 'GET /healthz 200'],
      ['app', taskId, 'GET /orders 200'],
    ])
    expect(endpoint.calls('cloudwatch-logs', 'FilterLogEvents')).toHaveLength(3)
  })
})

describe('the commands against the endpoint', () => {
  it('status prints the service', async () => {
    const result = await captureOutput(() => Status.run(['--service', 'web', '--cluster', 'prod'], repoRoot))
    expect(result.error).toBeUndefined()
    expect(result.stdout).toContain('Service web in cluster prod (ACTIVE, FARGATE)')
    expect(result.stdout).toContain('prod-web-8080 (app:8080): 2 healthy, 0 unhealthy')
    expect(result.stdout).toMatch(/schedule web\.night cron\(0 22 \? \* \* \*\) \(America\/New_York\): min 1, max 2; next \d{4}-\d{2}-\d{2} 22:00 America\/New_York/)
  })

  it('logs prints each line with its container and task', async () => {
    const taskId = await runningTaskId()
    appendLogLines(endpoint.state.logs, '/ecs/web', `app/app/${taskId}`, ['hello'], new Date())
    const result = await captureOutput(() => Logs.run(['--service', 'web', '--cluster', 'prod'], repoRoot))
    expect(result.error).toBeUndefined()
    expect(result.stdout).toMatch(new RegExp(`^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z app/${taskId.slice(0, 8)} hello\\n$`))
  })
})

// The built binary (`npm run build` first), as a user runs it.
describe('the built CLI against the endpoint', () => {
  it('status --json prints one object; history --json lists the revisions', async () => {
    const status = await runCli(['status', '--service', 'web', '--cluster', 'prod', '--json'], { env: endpoint.env() })
    expect(status.stderr).toBe('')
    expect(status.code).toBe(0)
    expect(JSON.parse(status.stdout)).toMatchObject({ service: { name: 'web' }, deployments: [{ rolloutState: 'COMPLETED' }], targetGroups: [{ healthy: 2 }], autoscaling: { min: 2, max: 6 } })
    const history = await runCli(['history', '--service', 'web', '--cluster', 'prod', '--json'], { env: endpoint.env() })
    expect(history.code).toBe(0)
    expect(JSON.parse(history.stdout).revisions.map((r: { name: string }) => r.name)).toEqual(['web:2', 'web:1'])
  })

  it('status exits 4 for a service that does not exist', async () => {
    const result = await runCli(['status', '--service', 'nope', '--cluster', 'prod'], { env: endpoint.env() })
    expect(result.code).toBe(4)
    expect(result.stderr).toContain('Service "nope" does not exist in cluster "prod"')
  })

  it('logs --follow --json prints JSON lines and exits 0 on Ctrl-C (SIGINT)', async () => {
    const taskId = await runningTaskId()
    appendLogLines(endpoint.state.logs, '/ecs/web', `app/app/${taskId}`, ['ready'], new Date())
    const child = spawn(process.execPath, [binPath, 'logs', '--service', 'web', '--cluster', 'prod', '--follow', '--json'], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', NO_COLOR: '1', ...endpoint.env() },
    })
    let stdout = ''
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
    // Interrupt as soon as the first line is out: the command is then in its follow loop.
    await new Promise<void>((resolve) =>
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString()
        if (stdout.includes('\n')) resolve()
      }),
    )
    child.kill('SIGINT')
    expect(await exited).toBe(0)
    expect(stderr).toBe('')
    expect(JSON.parse(stdout.trim())).toMatchObject({ container: 'app', taskId, message: 'ready', logGroup: '/ecs/web', logStream: `app/app/${taskId}` })
  })
})
