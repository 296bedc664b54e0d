// ecsctl run: the RunTask input built from the service, following the task to STOPPED, streaming
// its log lines by forward token, and the exit codes: the container's, 5 when it never ran, 4
// when RunTask refuses, 6 on timeout, 130 on Ctrl-C.
import { GetLogEventsCommand, type GetLogEventsCommandInput } from '@aws-sdk/client-cloudwatch-logs'
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  RunTaskCommand,
  type Container,
  type Service,
  type Task,
} from '@aws-sdk/client-ecs'
import { captureOutput } from '@oclif/test'
import { repoRoot } from '../support/cli.js'
import { describe, expect, it } from 'vitest'
import RunCommand from '../../src/commands/run.js'
import type { AwsClients } from '../../src/lib/aws/clients.js'
import { EcsctlError } from '../../src/lib/errors.js'
import { fakeWaiting } from './support.js'
import { RUN_STARTED_BY, chooseContainer, runOneOffTask, runTaskInput, type RunInput } from '../../src/lib/ops/run.js'
import type { ServiceRef } from '../../src/lib/ops/service.js'
import { aws, sentCommands, strictAwsMocks } from '../aws/support.js'

const ref: ServiceRef = { cluster: 'prod', service: 'web' }
const TASK_DEFINITION = 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:42'
const TASK_ID = '0123456789abcdef0'
const TASK_ARN = `arn:aws:ecs:us-east-1:123456789012:task/prod/${TASK_ID}`
const network = { awsvpcConfiguration: { subnets: ['subnet-0a1'], securityGroups: ['sg-0b2'], assignPublicIp: 'DISABLED' as const } }
let clients: AwsClients

/** Requests no test set up reject, and every test checks that there were none. */
strictAwsMocks((created) => (clients = created))

function givenService(extra: Partial<Service> = {}) {
  aws.ecs.on(DescribeServicesCommand, { cluster: 'prod', services: ['web'] }).resolves({
    services: [{ serviceName: 'web', status: 'ACTIVE', taskDefinition: TASK_DEFINITION, networkConfiguration: network, launchType: 'FARGATE', platformVersion: '1.4.0', ...extra }],
    failures: [],
  })
  aws.ecs.on(DescribeTaskDefinitionCommand, { taskDefinition: TASK_DEFINITION }).resolves({
    taskDefinition: {
      family: 'web',
      revision: 42,
      containerDefinitions: [
        { name: 'proxy', essential: false, image: 'envoy' },
        {
          name: 'app',
          image: 'app:1',
          logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/web', 'awslogs-stream-prefix': 'app', 'awslogs-region': 'us-east-1' } },
        },
        { name: 'worker', image: 'app:1' },
      ],
    },
  })
  aws.ecs.on(RunTaskCommand).resolves({ tasks: [{ taskArn: TASK_ARN, lastStatus: 'PROVISIONING' }], failures: [] })
}

const task = (lastStatus: string, extra: Partial<Task> = {}, app: Partial<Container> = {}): { tasks: Task[]; failures: [] } => ({
  tasks: [{ taskArn: TASK_ARN, lastStatus, containers: [{ name: 'app', ...app }, { name: 'proxy' }], ...extra }],
  failures: [],
})

function givenTaskStatuses(...answers: ReturnType<typeof task>[]) {
  const stub = aws.ecs.on(DescribeTasksCommand, { cluster: 'prod', tasks: [TASK_ARN] })
  for (const answer of answers.slice(0, -1)) stub.resolvesOnce(answer)
  stub.resolves(answers[answers.length - 1] as ReturnType<typeof task>)
}

/**
 * A log stream that grows: `pages[token]` answers a read from `token` ('' for the first read,
 * without a token). An unknown token answers no events and the same token back, as AWS does at
 * the end of a stream.
 */
function givenLogStream(pages: Record<string, { lines: string[]; next: string }>) {
  aws.logs.on(GetLogEventsCommand).callsFake((input: GetLogEventsCommandInput) => {
    expect(input).toMatchObject({ logGroupName: '/ecs/web', logStreamName: `app/app/${TASK_ID}`, startFromHead: true })
    const token = input.nextToken ?? ''
    const page = pages[token]
    if (!page) return Promise.resolve({ events: [], nextForwardToken: token || 'f/0' })
    return Promise.resolve({ events: page.lines.map((message, i) => ({ message: `${message}\n`, timestamp: i })), nextForwardToken: page.next })
  })
}

function runInput(overrides: Partial<RunInput> = {}) {
  const fake = fakeWaiting()
  const lines: string[] = []
  const notes: string[] = []
  const input: RunInput = {
    clients,
    ref,
    command: ['npm', 'run', 'migrate'],
    wait: true,
    timeoutMs: 3_600_000,
    waiting: fake.waiting,
    onLog: (line) => void lines.push(line),
    onNote: (text) => void notes.push(text),
    ...overrides,
  }
  return { input, fake, lines, notes }
}

async function rejection(promise: Promise<unknown>): Promise<EcsctlError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(EcsctlError)
  return error as EcsctlError
}

describe('ecsctl run: starting the task', () => {
  it('runs the service revision in its network, launch type and platform, the command in the first essential container', async () => {
    givenService()
    givenTaskStatuses(task('STOPPED', {}, { exitCode: 0 }))
    givenLogStream({})
    const { input } = runInput({ wait: false })
    const result = await runOneOffTask(input)
    expect(aws.ecs.commandCalls(RunTaskCommand)[0]?.args[0].input).toEqual({
      cluster: 'prod',
      taskDefinition: TASK_DEFINITION,
      count: 1,
      startedBy: RUN_STARTED_BY,
      networkConfiguration: network,
      launchType: 'FARGATE',
      platformVersion: '1.4.0',
      overrides: { containerOverrides: [{ name: 'app', command: ['npm', 'run', 'migrate'] }] },
    })
    expect(RUN_STARTED_BY).toBe('ecsctl-run')
    expect(result).toMatchObject({ taskArn: TASK_ARN, taskId: TASK_ID, container: 'app', logs: { group: '/ecs/web', stream: `app/app/${TASK_ID}` } })
    expect(result.exitCode).toBeUndefined()
    // --no-wait: nothing after RunTask.
    expect(aws.ecs.commandCalls(DescribeTasksCommand)).toHaveLength(0)
  })

  it('uses the capacity provider strategy instead of a launch type, with the placement of the service', () => {
    const strategy = [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }]
    const input = runTaskInput('prod', { taskDefinition: TASK_DEFINITION, capacityProviderStrategy: strategy, launchType: 'FARGATE', placementStrategy: [{ type: 'spread', field: 'attribute:ecs.availability-zone' }] }, 'app', ['x'])
    expect(input.capacityProviderStrategy).toEqual(strategy)
    expect(input.launchType).toBeUndefined()
    expect(input.placementStrategy).toEqual([{ type: 'spread', field: 'attribute:ecs.availability-zone' }])
  })

  it('takes --container, and names the containers when it does not exist', () => {
    const definition = { family: 'web', revision: 42, containerDefinitions: [{ name: 'app' }, { name: 'worker' }] }
    expect(chooseContainer(definition, 'worker').name).toBe('worker')
    expect(() => chooseContainer(definition, 'wokrer')).toThrow(/no container "wokrer"; it has: app, worker/)
    expect(() => chooseContainer({ containerDefinitions: [{ name: 'a', essential: false }] }, undefined)).toThrow(/no essential container/)
  })

  it('exits 4 with the reasons when RunTask reports failures', async () => {
    givenService()
    aws.ecs.on(RunTaskCommand).resolves({ tasks: [], failures: [{ arn: 'arn:aws:ecs:us-east-1:123456789012:container-instance/x', reason: 'RESOURCE:MEMORY' }, { reason: 'AGENT', detail: 'disconnected' }] })
    const { input } = runInput()
    const error = await rejection(runOneOffTask(input))
    expect(error.exitCode).toBe(4)
    expect(error.message).toContain('RESOURCE:MEMORY')
    expect(error.message).toContain('AGENT (disconnected)')
    expect(aws.ecs.commandCalls(DescribeTasksCommand)).toHaveLength(0)
  })

  it('refuses an empty command before any request', async () => {
    const { input } = runInput({ command: [] })
    expect((await rejection(runOneOffTask(input))).exitCode).toBe(2)
    expect(sentCommands()).toEqual([])
  })
})

describe('ecsctl run: following the task', () => {
  it('streams each log line once, following the forward token, and returns exit code 0', async () => {
    givenService()
    givenTaskStatuses(task('PENDING'), task('RUNNING'), task('RUNNING'), task('STOPPED', { stoppedReason: 'Essential container in task exited', stopCode: 'EssentialContainerExited' }, { exitCode: 0 }))
    givenLogStream({
      '': { lines: ['migrating 1'], next: 'f/1' },
      'f/1': { lines: ['migrating 2', 'migrating 3'], next: 'f/2' },
      'f/2': { lines: ['done'], next: 'f/3' },
    })
    const { input, fake, lines } = runInput()
    const result = await runOneOffTask(input)
    expect(lines).toEqual(['migrating 1', 'migrating 2', 'migrating 3', 'done'])
    const tokens = aws.logs.commandCalls(GetLogEventsCommand).map((call) => call.args[0].input.nextToken)
    // Each read starts where the last one ended; an empty page ends a read.
    expect(tokens.slice(0, 4)).toEqual([undefined, 'f/1', 'f/2', 'f/3'])
    expect(new Set(tokens.slice(4))).toEqual(new Set(['f/3']))
    expect(result).toMatchObject({ exitCode: 0, stoppedReason: 'Essential container in task exited', stopCode: 'EssentialContainerExited' })
    expect(fake.told.filter((t) => t.startsWith('event'))).toEqual([`event task ${TASK_ID} PENDING`, `event task ${TASK_ID} RUNNING`, `event task ${TASK_ID} STOPPED`])
    expect(fake.told.at(-1)).toBe(`done task ${TASK_ID} stopped: app exited with code 0`)
    expect(fake.sleeps.length).toBe(3)
  })

  it('reads the log stream once more after the task stopped, for the last lines', async () => {
    givenService()
    givenTaskStatuses(task('STOPPED', {}, { exitCode: 0 }))
    let reads = 0
    aws.logs.on(GetLogEventsCommand).callsFake((request: GetLogEventsCommandInput) => {
      reads += 1
      // The stream appears only on the second read: the driver flushed as the container exited.
      if (reads === 1) return Promise.reject(Object.assign(new Error('The specified log stream does not exist.'), { name: 'ResourceNotFoundException' }))
      return Promise.resolve(request.nextToken ? { events: [], nextForwardToken: request.nextToken } : { events: [{ message: 'bye' }], nextForwardToken: 'f/1' })
    })
    const { input, lines } = runInput()
    await runOneOffTask(input)
    expect(lines).toEqual(['bye'])
  })

  it('returns the container exit code 3 with the reason ECS gives', async () => {
    givenService()
    givenTaskStatuses(task('RUNNING'), task('STOPPED', { stoppedReason: 'Essential container in task exited' }, { exitCode: 3 }))
    givenLogStream({ '': { lines: ['Error: migration 7 failed'], next: 'f/1' } })
    const { input, lines } = runInput()
    const result = await runOneOffTask(input)
    expect(result.exitCode).toBe(3)
    expect(result.stoppedReason).toBe('Essential container in task exited')
    expect(lines).toEqual(['Error: migration 7 failed'])
  })

  it('exits 5 with the reason when the container never ran', async () => {
    givenService()
    givenTaskStatuses(
      task('STOPPED', { stoppedReason: 'Task failed to start', stopCode: 'TaskFailedToStart' }, { reason: 'CannotPullContainerError: pull image manifest has been retried 5 time(s): app:1 not found' }),
    )
    givenLogStream({})
    const { input } = runInput()
    const error = await rejection(runOneOffTask(input))
    expect(error.exitCode).toBe(5)
    expect(error.message).toContain('Task failed to start')
    expect(error.message).toContain('app: CannotPullContainerError')
    expect(error.details).toMatchObject({ taskArn: TASK_ARN, stopCode: 'TaskFailedToStart' })
  })

  it('on Ctrl-C exits 130, saying the task keeps running and how to stop it', async () => {
    givenService()
    givenTaskStatuses(task('RUNNING'))
    givenLogStream({})
    const { input, fake } = runInput()
    fake.waiting.sleep = async () => {
      fake.controller.abort()
    }
    const error = await rejection(runOneOffTask(input))
    expect(error.exitCode).toBe(130)
    expect(error.message).toContain('the task keeps running')
    expect(error.hint).toContain(`aws ecs stop-task --cluster prod --task ${TASK_ID}`)
  })

  it('times out with exit 6 and the same way to stop the task', async () => {
    givenService()
    givenTaskStatuses(task('RUNNING'))
    givenLogStream({})
    const { input, fake } = runInput({ timeoutMs: 60_000 })
    const error = await rejection(runOneOffTask(input))
    expect(error.exitCode).toBe(6)
    expect(error.hint).toContain(`aws ecs stop-task --cluster prod --task ${TASK_ID}`)
    expect(fake.sleeps.reduce((a, b) => a + b, 0)).toBe(60_000)
  })

  it('says so and still follows the task when the container does not log with awslogs', async () => {
    givenService()
    givenTaskStatuses({ tasks: [{ taskArn: TASK_ARN, lastStatus: 'STOPPED', containers: [{ name: 'worker', exitCode: 0 }] }], failures: [] })
    aws.ecs.on(RunTaskCommand).resolves({ tasks: [{ taskArn: TASK_ARN }], failures: [] })
    const { input, notes } = runInput({ container: 'worker' })
    const result = await runOneOffTask(input)
    expect(notes.join('\n')).toContain('not streamed')
    expect(result.container).toBe('worker')
    expect(aws.logs.commandCalls(GetLogEventsCommand)).toHaveLength(0)
  })
})

describe('ecsctl run, the command', () => {
  const base = ['--service', 'web', '--cluster', 'prod', '--region', 'us-east-1']

  it('exits with the container exit code and prints its log lines on stdout', async () => {
    givenService()
    givenTaskStatuses(task('STOPPED', { stoppedReason: 'Essential container in task exited' }, { exitCode: 3 }))
    givenLogStream({ '': { lines: ['boom'], next: 'f/1' } })
    const { error, stdout, stderr } = await captureOutput(() => RunCommand.run([...base, '--', 'false'], repoRoot), { print: false })
    expect((error as { oclif?: { exit?: number } } | undefined)?.oclif?.exit).toBe(3)
    expect(stdout).toBe('boom\n')
    expect(stderr).toContain('app exited with code 3: Essential container in task exited')
  })

  it('--no-wait --json prints only { taskArn }', async () => {
    givenService()
    const { stdout, error } = await captureOutput(() => RunCommand.run([...base, '--no-wait', '--json', '--', 'echo', '-n', 'hi'], repoRoot), { print: false })
    expect(error).toBeUndefined()
    expect(JSON.parse(stdout)).toEqual({ taskArn: TASK_ARN })
    expect(aws.ecs.commandCalls(RunTaskCommand)[0]?.args[0].input.overrides).toEqual({ containerOverrides: [{ name: 'app', command: ['echo', '-n', 'hi'] }] })
  })

  it('refuses command words before `--` (exit 2), sending nothing', async () => {
    const { error, stderr } = await captureOutput(() => RunCommand.run([...base, 'npm', 'test'], repoRoot), { print: false })
    expect((error as { oclif?: { exit?: number } } | undefined)?.oclif?.exit).toBe(2)
    expect(stderr).toContain('Put the command after `--`')
    expect(sentCommands()).toEqual([])
  })
})
