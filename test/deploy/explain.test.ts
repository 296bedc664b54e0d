// The pieces of a failure explanation on their own: which tasks, which containers, which log
// streams, which targets, and how the report reads.
import { GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs'
import { DescribeTaskDefinitionCommand, DescribeTasksCommand, ListTasksCommand } from '@aws-sdk/client-ecs'
import { DescribeTargetHealthCommand } from '@aws-sdk/client-elastic-load-balancing-v2'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createClients, type AwsClients } from '../../src/lib/aws/clients.js'
import {
  awslogsSource,
  describeStoppedTasks,
  failedContainerLogs,
  failedContainers,
  formatDuration,
  formatFailure,
  lastLogLines,
  shortTaskDefinition,
  unhealthyTargets,
  type FailureReport,
  type StoppedTask,
} from '../../src/lib/deploy/explain.js'
import { at, aws, expectNoUnexpectedCalls, resetAwsMocks, sentCommands, targetGroupArn, taskArn, taskDefinitionArn } from './support.js'

let clients: AwsClients

beforeEach(() => {
  resetAwsMocks()
  clients = createClients({ region: 'us-east-1' })
})

afterEach(() => expectNoUnexpectedCalls())

describe('awslogsSource', () => {
  const awslogs = (options: Record<string, string>) => ({ name: 'app', logConfiguration: { logDriver: 'awslogs' as const, options } })

  it('names the stream prefix/container/task', () => {
    expect(awslogsSource(awslogs({ 'awslogs-group': '/ecs/web', 'awslogs-stream-prefix': 'ecs' }), 'abc123')).toEqual({ group: '/ecs/web', stream: 'ecs/app/abc123' })
  })

  it('keeps the region the task definition names', () => {
    expect(awslogsSource(awslogs({ 'awslogs-group': 'g', 'awslogs-stream-prefix': 'p', 'awslogs-region': 'eu-west-1' }), 't')?.region).toBe('eu-west-1')
  })

  it('has nothing to read without a stream prefix, or with another driver', () => {
    expect(awslogsSource(awslogs({ 'awslogs-group': '/ecs/web' }), 't')).toBeUndefined()
    expect(awslogsSource({ name: 'app', logConfiguration: { logDriver: 'fluentd', options: {} } }, 't')).toBeUndefined()
    expect(awslogsSource({ name: 'app' }, 't')).toBeUndefined()
  })
})

describe('failedContainers', () => {
  const task = (containers: StoppedTask['containers']): StoppedTask => ({ taskId: 't', taskArn: taskArn('t'), containers })

  it('picks containers with a non-zero exit code or a reason', () => {
    const chosen = failedContainers(task([{ name: 'app', exitCode: 1 }, { name: 'envoy', exitCode: 0 }, { name: 'init', reason: 'CannotPullContainerError' }]))
    expect(chosen.map((c) => c.name)).toEqual(['app', 'init'])
  })

  it('falls back to every container that ran when none failed (e.g. stopped for failing health checks)', () => {
    const chosen = failedContainers(task([{ name: 'app', exitCode: 0 }, { name: 'never' }]))
    expect(chosen.map((c) => c.name)).toEqual(['app'])
  })
})

describe('describeStoppedTasks', () => {
  it("keeps the deployment's own tasks, newest first, at most `limit`", async () => {
    const arns = ['a', 'b', 'c', 'd'].map(taskArn)
    aws.ecs.on(ListTasksCommand, { cluster: 'prod', serviceName: 'web', desiredStatus: 'STOPPED' }).resolves({ taskArns: arns })
    aws.ecs.on(DescribeTasksCommand, { cluster: 'prod', tasks: arns }).resolves({
      tasks: [
        { taskArn: arns[0], startedBy: 'ecs-svc/1', stoppedAt: at(10), stoppedReason: 'first' },
        { taskArn: arns[1], startedBy: 'ecs-svc/1', stoppedAt: at(30), stoppedReason: 'third', containers: [{ name: 'app', exitCode: 3, reason: 'OutOfMemoryError' }] },
        { taskArn: arns[2], startedBy: 'ecs-svc/0', stoppedAt: at(40), stoppedReason: 'other deployment' },
        { taskArn: arns[3], startedBy: 'ecs-svc/1', stoppedAt: at(20), stoppedReason: 'second' },
      ],
    })
    const tasks = await describeStoppedTasks(clients, { cluster: 'prod', service: 'web', deploymentId: 'ecs-svc/1', limit: 2 })
    expect(tasks.map((t) => t.stoppedReason)).toEqual(['third', 'second'])
    expect(tasks[0]).toMatchObject({ taskId: 'b', containers: [{ name: 'app', exitCode: 3, reason: 'OutOfMemoryError' }] })
  })

  it('matches by task definition for tasks without startedBy', async () => {
    aws.ecs.on(ListTasksCommand).resolves({ taskArns: [taskArn('a'), taskArn('b')] })
    aws.ecs.on(DescribeTasksCommand).resolves({
      tasks: [
        { taskArn: taskArn('a'), taskDefinitionArn: taskDefinitionArn(42) },
        { taskArn: taskArn('b'), taskDefinitionArn: taskDefinitionArn(41) },
      ],
    })
    const tasks = await describeStoppedTasks(clients, { cluster: 'prod', service: 'web', deploymentId: 'ecs-svc/1', taskDefinitionArn: taskDefinitionArn(42) })
    expect(tasks.map((t) => t.taskId)).toEqual(['a'])
  })

  it('asks nothing more when no task stopped', async () => {
    aws.ecs.on(ListTasksCommand).resolves({ taskArns: [] })
    expect(await describeStoppedTasks(clients, { cluster: 'prod', service: 'web' })).toEqual([])
    expect(sentCommands()).toEqual(['ListTasksCommand'])
  })
})

describe('lastLogLines', () => {
  it('reads the end of the stream, oldest line first, trimmed and shortened', async () => {
    aws.logs
      .on(GetLogEventsCommand, { logGroupName: '/ecs/web', logStreamName: 'ecs/app/t1', limit: 5, startFromHead: false })
      .resolves({ events: [{ message: 'booting\n' }, { message: 'x'.repeat(400) }] })
    const lines = await lastLogLines(clients, { group: '/ecs/web', stream: 'ecs/app/t1' }, 5)
    expect(lines?.[0]).toBe('booting')
    expect(lines?.[1]).toHaveLength(300)
    expect(lines?.[1]?.endsWith('…')).toBe(true)
  })

  it('is undefined when the stream does not exist', async () => {
    aws.logs.on(GetLogEventsCommand).rejects(Object.assign(new Error('The specified log stream does not exist.'), { name: 'ResourceNotFoundException' }))
    expect(await lastLogLines(clients, { group: '/ecs/web', stream: 'ecs/app/t1' })).toBeUndefined()
  })
})

describe('failedContainerLogs', () => {
  it('does not read logs kept in another region, and says where they are', async () => {
    aws.ecs.on(DescribeTaskDefinitionCommand).resolves({
      taskDefinition: {
        containerDefinitions: [
          { name: 'app', logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/web', 'awslogs-stream-prefix': 'ecs', 'awslogs-region': 'eu-west-1' } } },
        ],
      },
    })
    const task: StoppedTask = { taskId: 't1', taskArn: taskArn('t1'), taskDefinitionArn: taskDefinitionArn(42), containers: [{ name: 'app', exitCode: 1 }] }
    const { logs, gaps } = await failedContainerLogs(clients, task)
    expect(logs).toEqual([])
    expect(gaps).toEqual(['logs of app: they are in eu-west-1 (/ecs/web ecs/app/t1), ecsctl reads us-east-1'])
  })
})

describe('unhealthyTargets', () => {
  it('asks each target group once and keeps the unhealthy targets with their reasons', async () => {
    aws.elbv2.on(DescribeTargetHealthCommand, { TargetGroupArn: targetGroupArn('web-8080') }).resolves({
      TargetHealthDescriptions: [
        { Target: { Id: '10.0.1.1', Port: 8080 }, TargetHealth: { State: 'unhealthy', Reason: 'Target.Timeout', Description: 'Request timed out' } },
        { Target: { Id: '10.0.1.2', Port: 8080 }, TargetHealth: { State: 'draining', Reason: 'Target.DeregistrationInProgress' } },
        { Target: { Id: '10.0.1.3', Port: 8080 }, TargetHealth: { State: 'initial', Reason: 'Elb.RegistrationInProgress' } },
      ],
    })
    aws.elbv2.on(DescribeTargetHealthCommand, { TargetGroupArn: targetGroupArn('web-9000') }).resolves({
      TargetHealthDescriptions: [{ Target: { Id: '10.0.1.1', Port: 9000 }, TargetHealth: { State: 'unavailable', Reason: 'Elb.InternalError' } }],
    })
    const targets = await unhealthyTargets(clients, [targetGroupArn('web-8080'), targetGroupArn('web-9000'), targetGroupArn('web-8080')])
    expect(targets).toEqual([
      { targetGroupArn: targetGroupArn('web-8080'), targetGroupName: 'web-8080', id: '10.0.1.1', port: 8080, state: 'unhealthy', reason: 'Target.Timeout', description: 'Request timed out' },
      { targetGroupArn: targetGroupArn('web-9000'), targetGroupName: 'web-9000', id: '10.0.1.1', port: 9000, state: 'unavailable', reason: 'Elb.InternalError', description: undefined },
    ])
    expect(aws.elbv2.commandCalls(DescribeTargetHealthCommand)).toHaveLength(2)
  })

  it('asks nothing for a service without load balancers', async () => {
    expect(await unhealthyTargets(clients, [])).toEqual([])
    expect(sentCommands()).toEqual([])
  })
})

describe('formatFailure', () => {
  it('reads as a headline, then each kind of evidence found, then what could not be read', () => {
    const report: FailureReport = {
      verdict: 'rolled back',
      cluster: 'prod',
      service: 'web',
      deploymentId: 'ecs-svc/1',
      taskDefinition: taskDefinitionArn(42),
      rolloutState: 'FAILED',
      rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.',
      replacement: { deploymentId: 'ecs-svc/2', taskDefinition: taskDefinitionArn(41) },
      counts: { running: 0, desired: 2, pending: 0, failed: 2 },
      stoppedTasks: [
        {
          taskId: 't1',
          taskArn: taskArn('t1'),
          stoppedAt: at(20),
          stoppedReason: 'Essential container in task exited',
          stopCode: 'EssentialContainerExited',
          containers: [{ name: 'app', exitCode: 1 }, { name: 'init' }],
        },
      ],
      logs: [{ taskId: 't1', container: 'app', group: '/ecs/web', stream: 'ecs/app/t1', lines: ['Error: boom'] }],
      unhealthyTargets: [{ targetGroupArn: targetGroupArn('web-8080'), targetGroupName: 'web-8080', id: '10.0.1.1', port: 8080, state: 'unhealthy', reason: 'Target.Timeout' }],
      events: [{ at: at(25), message: '(service web) rolling back to deployment ecs-svc/0.' }],
      gaps: ['logs of init: it does not log with the awslogs driver and a stream prefix'],
    }
    expect(formatFailure(report)).toBe(
      [
        'Deployment ecs-svc/1 of service "web" in cluster "prod" (web:42) failed and ECS rolled the service back to web:41.',
        'Last seen: FAILED, running 0/2, failed tasks 2.',
        'ECS said: ECS deployment circuit breaker: tasks failed to start.',
        '',
        'Stopped tasks (newest first):',
        '  task t1 stopped at 2026-11-23T16:40:20Z: Essential container in task exited [EssentialContainerExited]',
        '    app: exit code 1',
        '    init: no exit code (it did not run)',
        '',
        'Last log lines of app in task t1 (/ecs/web ecs/app/t1):',
        '  | Error: boom',
        '',
        'Unhealthy targets:',
        '  10.0.1.1:8080 in target group web-8080: unhealthy, Target.Timeout',
        '',
        'Recent service events:',
        '  2026-11-23T16:40:25Z (service web) rolling back to deployment ecs-svc/0.',
        '',
        'Could not read:',
        '  logs of init: it does not log with the awslogs driver and a stream prefix',
      ].join('\n'),
    )
  })

  it('leaves out the sections with nothing in them', () => {
    const text = formatFailure({
      verdict: 'failed',
      cluster: 'prod',
      service: 'web',
      deploymentId: 'ecs-svc/1',
      stoppedTasks: [],
      logs: [],
      unhealthyTargets: [],
      events: [],
      gaps: [],
    })
    expect(text).toBe('Deployment ecs-svc/1 of service "web" in cluster "prod" failed.')
  })
})

describe('small formatters', () => {
  it.each([
    [45_000, '45s'],
    [125_000, '2m 05s'],
    [3_720_000, '1h 02m'],
  ])('formatDuration(%i) is %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text)
  })

  it('shortens task definition ARNs to family:revision and leaves other text alone', () => {
    expect(shortTaskDefinition(taskDefinitionArn(42))).toBe('web:42')
    expect(shortTaskDefinition('web:42')).toBe('web:42')
  })
})
