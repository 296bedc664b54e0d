// The three commands in-process, as oclif runs them: flags, the service chosen, output and exit
// codes. The SDK clients are the real ones with their `send` mocked.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DescribeScalableTargetsCommand, DescribeScalingPoliciesCommand, DescribeScheduledActionsCommand } from '@aws-sdk/client-application-auto-scaling'
import { FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs'
import { DescribeServicesCommand, DescribeTaskDefinitionCommand, ListTaskDefinitionsCommand } from '@aws-sdk/client-ecs'
import { captureOutput } from '@oclif/test'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import History from '../../src/commands/history.js'
import Logs from '../../src/commands/logs.js'
import Status from '../../src/commands/status.js'
import { ACCOUNT, aws, deferred, resetAwsMocks, sentCommands } from '../aws/support.js'
import { repoRoot } from '../support/cli.js'

const tdArn = `arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/web:3`
const TASK = 'aaaabbbbccccdddd0000111122223333'

beforeEach(() => {
  resetAwsMocks()
  // A clean environment: nothing from the developer's shell (AWS_PROFILE, ECSCTL_*) leaks in.
  for (const name of ['AWS_PROFILE', 'ECSCTL_FILE', 'ECSCTL_ENV', 'ECSCTL_REGION', 'ECSCTL_JSON']) vi.stubEnv(name, undefined as unknown as string)
  vi.stubEnv('AWS_REGION', 'us-east-1')
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDTEST')
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret')
})
afterEach(() => {
  vi.unstubAllEnvs()
  vi.restoreAllMocks()
})

/** Runs a command class as oclif does; the exit code is 0 unless it ended with an ExitError. */
async function run(command: { run(argv: string[], opts: string): Promise<unknown> }, argv: string[]) {
  const result = await captureOutput(() => command.run(argv, repoRoot))
  const exit = (result.error as { oclif?: { exit?: number } } | undefined)?.oclif?.exit
  return { ...result, code: result.error ? (exit ?? 1) : 0 }
}

function mockService(): void {
  aws.ecs.on(DescribeServicesCommand, { cluster: 'prod', services: ['web'] }).resolves({
    services: [
      {
        serviceName: 'web',
        clusterArn: `arn:aws:ecs:us-east-1:${ACCOUNT}:cluster/prod`,
        status: 'ACTIVE',
        desiredCount: 1,
        runningCount: 1,
        taskDefinition: tdArn,
        deployments: [{ id: 'ecs-svc/1', status: 'PRIMARY', taskDefinition: tdArn, desiredCount: 1, runningCount: 1, rolloutState: 'COMPLETED' }],
        events: [{ id: 'e1', createdAt: new Date('2026-11-23T16:40:00Z'), message: '(service web) has reached a steady state.' }],
      },
    ],
    failures: [],
  })
  aws.ecs.on(DescribeTaskDefinitionCommand).resolves({
    taskDefinition: {
      taskDefinitionArn: tdArn,
      revision: 3,
      status: 'ACTIVE',
      containerDefinitions: [{ name: 'app', image: 'nginx:1.27', logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/web', 'awslogs-stream-prefix': 'app' } } }],
    },
  })
  aws.autoscaling.on(DescribeScalableTargetsCommand).resolves({ ScalableTargets: [] })
  aws.autoscaling.on(DescribeScalingPoliciesCommand).resolves({ ScalingPolicies: [] })
  aws.autoscaling.on(DescribeScheduledActionsCommand).resolves({ ScheduledActions: [] })
}

describe('ecsctl status', () => {
  it('--json prints one object with the service, deployments, target groups, autoscaling, events and gaps', async () => {
    mockService()
    const result = await run(Status, ['--service', 'web', '--cluster', 'prod', '--json'])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    const body = JSON.parse(result.stdout)
    expect(Object.keys(body)).toEqual(['service', 'deployments', 'targetGroups', 'autoscaling', 'events', 'gaps'])
    expect(body.service).toMatchObject({ name: 'web', cluster: 'prod', revision: 'web:3' })
    expect(body.deployments[0]).toMatchObject({ id: 'ecs-svc/1', rolloutState: 'COMPLETED', images: [{ container: 'app', image: 'nginx:1.27' }] })
    expect(body.autoscaling).toBeNull()
    expect(body.gaps).toEqual([])
  })

  it('reads the service the manifest names', async () => {
    mockService()
    const dir = mkdtempSync(join(tmpdir(), 'ecsctl-status-'))
    writeFileSync(join(dir, 'ecsctl.yml'), 'version: 1\nname: web\ncluster: prod\nregion: us-east-1\nlaunchType: FARGATE\ncpu: 256\nmemory: 512\nroles: { execution: ecsTaskExecutionRole }\nnetwork: { subnets: [subnet-0a1b2c3d] }\ncontainers:\n  app:\n    image: nginx:1.27\n')
    const result = await run(Status, ['-f', join(dir, 'ecsctl.yml')])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('Service web in cluster prod (ACTIVE)')
    expect(result.stdout).toContain('has reached a steady state.')
  })

  it('exits 4 with a hint when the service does not exist', async () => {
    aws.ecs.on(DescribeServicesCommand).resolves({ services: [], failures: [{ reason: 'MISSING' }] })
    aws.autoscaling.on(DescribeScalableTargetsCommand).resolves({ ScalableTargets: [] })
    aws.autoscaling.on(DescribeScalingPoliciesCommand).resolves({ ScalingPolicies: [] })
    aws.autoscaling.on(DescribeScheduledActionsCommand).resolves({ ScheduledActions: [] })
    const result = await run(Status, ['--service', 'web', '--cluster', 'prod'])
    expect(result.code).toBe(4)
    expect(result.stderr).toContain('Error: Service "web" does not exist in cluster "prod" (region us-east-1).')
    expect(result.stderr).toContain('aws ecs list-services --cluster prod')
  })

  it('exits 2 without a manifest and without --service, sending nothing', async () => {
    vi.spyOn(process, 'cwd').mockReturnValue(mkdtempSync(join(tmpdir(), 'ecsctl-empty-')))
    const result = await run(Status, [])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/no manifest found/)
    expect(result.stderr).toMatch(/--service NAME --cluster NAME/)
    expect(sentCommands()).toEqual([])
  })

  it('exits 2 for --service without --cluster', async () => {
    const result = await run(Status, ['--service', 'web'])
    expect(result.code).toBe(2)
    expect(sentCommands()).toEqual([])
  })
})

describe('ecsctl history', () => {
  it('--json prints the revisions and the deployments', async () => {
    mockService()
    aws.ecs.on(ListTaskDefinitionsCommand, { familyPrefix: 'web', sort: 'DESC', maxResults: 5 }).resolves({ taskDefinitionArns: [tdArn] })
    const result = await run(History, ['--service', 'web', '--cluster', 'prod', '--limit', '5', '--json'])
    expect(result.code).toBe(0)
    const body = JSON.parse(result.stdout)
    expect(body).toMatchObject({ service: 'web', cluster: 'prod', family: 'web', revisions: [{ name: 'web:3', current: true, images: [{ container: 'app', tag: '1.27' }] }], deployments: [{ id: 'ecs-svc/1' }] })
  })

  it('exits 4 when the service does not exist', async () => {
    aws.ecs.on(DescribeServicesCommand).resolves({ services: [], failures: [{ reason: 'MISSING' }] })
    const result = await run(History, ['--service', 'web', '--cluster', 'prod', '--json'])
    expect(result.code).toBe(4)
    expect(JSON.parse(result.stdout).error).toMatchObject({ kind: 'aws', exitCode: 4, hint: expect.stringContaining('--service') })
  })
})

describe('ecsctl logs', () => {
  it('--json prints one JSON object per line', async () => {
    mockService()
    aws.logs.on(FilterLogEventsCommand, { logGroupName: '/ecs/web', logStreamNamePrefix: 'app/app/' }).resolves({
      events: [
        { eventId: '1', timestamp: Date.now() - 2000, message: 'one', logStreamName: `app/app/${TASK}` },
        { eventId: '2', timestamp: Date.now() - 1000, message: 'two', logStreamName: `app/app/${TASK}` },
      ],
    })
    const result = await run(Logs, ['--service', 'web', '--cluster', 'prod', '--json', '--since', '5m'])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    const lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line))
    expect(lines.map((l) => [l.container, l.taskId, l.message])).toEqual([
      ['app', TASK, 'one'],
      ['app', TASK, 'two'],
    ])
    const startTime = aws.logs.commandCalls(FilterLogEventsCommand)[0]?.args[0].input.startTime ?? 0
    expect(Date.now() - startTime).toBeGreaterThanOrEqual(5 * 60_000)
    expect(Date.now() - startTime).toBeLessThan(6 * 60_000)
  })

  it('--follow stops on Ctrl-C with exit code 0, and removes its SIGINT handler', async () => {
    mockService()
    const polled = deferred()
    aws.logs.on(FilterLogEventsCommand).callsFake(async () => {
      polled.resolve()
      return { events: [{ eventId: '1', timestamp: Date.now(), message: 'ready', logStreamName: `app/app/${TASK}` }] }
    })
    const before = process.listeners('SIGINT')
    const running = run(Logs, ['--service', 'web', '--cluster', 'prod', '--follow'])
    await polled.promise
    // Call the command's own handler as the signal would, without signalling the test runner.
    const added = process.listeners('SIGINT').filter((listener) => !before.includes(listener))
    expect(added).toHaveLength(1)
    for (const listener of added) (listener as (signal: string) => void)('SIGINT')
    const result = await running
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/ app\/aaaabbbb ready\n$/)
    expect(process.listeners('SIGINT')).toEqual(before)
  })

  it('exits 2 for an unknown container, naming the ones there are', async () => {
    mockService()
    const result = await run(Logs, ['--service', 'web', '--cluster', 'prod', '--container', 'api'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('Its containers: app.')
  })

  it('exits 2 for a --since it cannot read, before any request', async () => {
    const result = await run(Logs, ['--service', 'web', '--cluster', 'prod', '--since', 'yesterday'])
    expect(result.code).toBe(2)
    expect(sentCommands()).toEqual([])
  })

  it('exits 4 when the service does not exist', async () => {
    aws.ecs.on(DescribeServicesCommand).resolves({ services: [], failures: [{ reason: 'MISSING' }] })
    const result = await run(Logs, ['--service', 'web', '--cluster', 'prod'])
    expect(result.code).toBe(4)
  })
})
