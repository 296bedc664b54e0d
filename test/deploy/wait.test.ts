// The waiter against scripted DescribeServices answers: each test plays one rollout, poll by poll,
// with a clock that only moves when the waiter sleeps.
import { GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs'
import { DescribeServicesCommand, DescribeTaskDefinitionCommand, DescribeTasksCommand, ListTasksCommand, type Task } from '@aws-sdk/client-ecs'
import { DescribeTargetHealthCommand } from '@aws-sdk/client-elastic-load-balancing-v2'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createClients, type AwsClients } from '../../src/lib/aws/clients.js'
import { POLLING, failureThreshold, nextPollDelay, waitForDeployment, type WaitInput } from '../../src/lib/deploy/wait.js'
import {
  at,
  aws,
  awsError,
  deployment,
  described,
  event,
  expectNoUnexpectedCalls,
  failure,
  fakeTime,
  recordingProgress,
  resetAwsMocks,
  sentCommands,
  targetGroupArn,
  taskArn,
  taskDefinitionArn,
} from './support.js'

const OURS = 'ecs-svc/1111111111111111111'
const OLD = 'ecs-svc/0000000000000000000'
const ROLLBACK = 'ecs-svc/2222222222222222222'

let clients: AwsClients

beforeEach(() => {
  resetAwsMocks()
  clients = createClients({ region: 'us-east-1' })
})

afterEach(() => expectNoUnexpectedCalls())

function input(overrides: Partial<WaitInput> = {}): WaitInput {
  return { clients, cluster: 'prod', service: 'web', deploymentId: OURS, timeoutMs: 15 * 60_000, ...overrides }
}

/** Answers DescribeServices with `answers` in turn, repeating the last one. */
function playRollout(...answers: ReturnType<typeof described>[]) {
  const stub = aws.ecs.on(DescribeServicesCommand, { cluster: 'prod', services: ['web'] })
  answers.forEach((answer, index) => (index === answers.length - 1 ? stub.resolves(answer) : stub.resolvesOnce(answer)))
}

const describeCalls = () => aws.ecs.commandCalls(DescribeServicesCommand).length

describe('waitForDeployment: completion', () => {
  it('follows the deployment by id until COMPLETED and reports each state once', async () => {
    const old = deployment({ id: OLD, status: 'ACTIVE', taskDefinition: taskDefinitionArn(41), rolloutState: 'COMPLETED', createdAt: at(-600), runningCount: 2 })
    playRollout(
      described([deployment({ id: OURS }), old]),
      described([deployment({ id: OURS, runningCount: 1, pendingCount: 1 }), old]),
      described([deployment({ id: OURS, runningCount: 2, rolloutState: 'COMPLETED' })]),
    )
    const time = fakeTime()
    const progress = recordingProgress()

    const outcome = await waitForDeployment(input(), { ...time, progress })

    expect(outcome).toEqual({
      outcome: 'completed',
      deploymentId: OURS,
      taskDefinition: taskDefinitionArn(42),
      runningCount: 2,
      desiredCount: 2,
      elapsedMs: 4000,
    })
    expect(progress.texts('state')).toEqual([
      `deployment ${OURS} IN_PROGRESS running 0/2`,
      `deployment ${OURS} IN_PROGRESS running 1/2 pending 1`,
      `deployment ${OURS} COMPLETED running 2/2`,
    ])
    expect(progress.texts('done')).toEqual([`deployment ${OURS} COMPLETED running 2/2 in 4s`])
    expect(progress.texts('fail')).toEqual([])
    expect(describeCalls()).toBe(3)
  })

  it('treats a deployment without a rollout state as completed once it runs alone with every task', async () => {
    playRollout(
      described([deployment({ id: OURS, rolloutState: undefined, runningCount: 2 }), deployment({ id: OLD, status: 'ACTIVE', createdAt: at(-600) })]),
      described([deployment({ id: OURS, rolloutState: undefined, runningCount: 2 })]),
    )
    const outcome = await waitForDeployment(input(), { ...fakeTime(), progress: recordingProgress() })
    expect(outcome.outcome).toBe('completed')
    expect(describeCalls()).toBe(2)
  })

  it('waits a few polls for a deployment that is not listed yet', async () => {
    playRollout(described([deployment({ id: OLD, rolloutState: 'COMPLETED', createdAt: at(-600) })]), described([deployment({ id: OURS, rolloutState: 'COMPLETED', runningCount: 2 })]))
    const progress = recordingProgress()
    const outcome = await waitForDeployment(input(), { ...fakeTime(), progress })
    expect(outcome.deploymentId).toBe(OURS)
    expect(progress.texts('state')[0]).toBe(`deployment ${OURS} is not listed by ECS yet`)
  })
})

describe('waitForDeployment: polling', () => {
  it('starts at 2 s, backs off to 6 s while nothing changes, and returns to 2 s on a change', async () => {
    const quiet = described([deployment({ id: OURS })])
    playRollout(
      quiet,
      quiet,
      quiet,
      quiet,
      quiet,
      described([deployment({ id: OURS, runningCount: 1 })]),
      described([deployment({ id: OURS, runningCount: 1 })]),
      described([deployment({ id: OURS, runningCount: 2, rolloutState: 'COMPLETED' })]),
    )
    const time = fakeTime()
    await waitForDeployment(input(), { ...time, progress: recordingProgress() })
    expect(time.sleeps).toEqual([2000, 3000, 4500, 6000, 6000, 2000, 3000])
  })

  it('counts a new service event as a change', async () => {
    playRollout(
      described([deployment({ id: OURS })]),
      described([deployment({ id: OURS })]),
      described([deployment({ id: OURS })], [event('e1', 5, '(service web) has started 2 tasks: (task a) (task b).')]),
      described([deployment({ id: OURS, runningCount: 2, rolloutState: 'COMPLETED' })]),
    )
    const time = fakeTime()
    await waitForDeployment(input(), { ...time, progress: recordingProgress() })
    expect(time.sleeps).toEqual([2000, 3000, 2000])
  })

  it('derives each delay from the policy', () => {
    expect(nextPollDelay(POLLING.initialMs, false)).toBe(3000)
    expect(nextPollDelay(4500, false)).toBe(POLLING.maxMs)
    expect(nextPollDelay(POLLING.maxMs, false)).toBe(POLLING.maxMs)
    expect(nextPollDelay(POLLING.maxMs, true)).toBe(POLLING.initialMs)
  })

  it('survives throttled polls that outlived the SDK retries, backing off meanwhile', async () => {
    const throttled = awsError('ThrottlingException', 'Rate exceeded', { $retryable: { throttling: true } })
    aws.ecs
      .on(DescribeServicesCommand)
      .resolvesOnce(described([deployment({ id: OURS })]))
      .rejectsOnce(throttled)
      .rejectsOnce(throttled)
      .resolves(described([deployment({ id: OURS, runningCount: 2, rolloutState: 'COMPLETED' })]))
    const time = fakeTime()
    const outcome = await waitForDeployment(input(), { ...time, progress: recordingProgress() })
    expect(outcome.outcome).toBe('completed')
    expect(time.sleeps).toEqual([2000, 3000, 4500])
  })

  it('gives up after more than three failed polls in a row, as an AWS error', async () => {
    aws.ecs
      .on(DescribeServicesCommand)
      .resolvesOnce(described([deployment({ id: OURS })]))
      .rejects(awsError('ThrottlingException', 'Rate exceeded', { $retryable: { throttling: true } }))
    const progress = recordingProgress()
    const error = await failure(waitForDeployment(input(), { ...fakeTime(), progress }))
    expect(error.kind).toBe('aws')
    expect(error.message).toContain('ecs:DescribeServices (service "web" in cluster "prod")')
    expect(describeCalls()).toBe(1 + POLLING.transientFailures + 1)
    expect(progress.texts('fail')).toHaveLength(1)
  })

  it('does not retry a refusal such as access denied', async () => {
    aws.ecs.on(DescribeServicesCommand).rejects(awsError('AccessDeniedException', 'not authorized to perform: ecs:DescribeServices'))
    const error = await failure(waitForDeployment(input(), { ...fakeTime(), progress: recordingProgress() }))
    expect(error.kind).toBe('aws')
    expect(describeCalls()).toBe(1)
  })

  it('fails as an AWS error when the service is deleted while waiting', async () => {
    aws.ecs
      .on(DescribeServicesCommand)
      .resolvesOnce(described([deployment({ id: OURS })]))
      .resolves({ services: [], failures: [{ arn: 'arn:aws:ecs:us-east-1:123456789012:service/prod/web', reason: 'MISSING' }] })
    const error = await failure(waitForDeployment(input(), { ...fakeTime(), progress: recordingProgress() }))
    expect(error.kind).toBe('aws')
    expect(error.message).toContain('no longer exists (MISSING)')
  })
})

describe('waitForDeployment: service events', () => {
  it('reports each new event once, oldest first, and skips those from before the deployment', async () => {
    const before = event('e0', -30, '(service web) has reached a steady state.')
    const started = event('e1', 3, '(service web) has started 2 tasks: (task a) (task b).')
    const registered = event('e2', 40, '(service web) registered 2 targets in (target-group web-8080)')
    const steady = event('e3', 60, '(service web) has reached a steady state.')
    playRollout(
      described([deployment({ id: OURS })], [started, before]),
      described([deployment({ id: OURS, runningCount: 1 })], [registered, started, before]),
      described([deployment({ id: OURS, runningCount: 1 })], [registered, started, before]),
      described([deployment({ id: OURS, runningCount: 2, rolloutState: 'COMPLETED' })], [steady, registered, started, before]),
    )
    const progress = recordingProgress()
    await waitForDeployment(input(), { ...fakeTime(), progress })
    expect(progress.texts('event')).toEqual([started.message, registered.message, steady.message])
    expect(progress.calls.filter((c) => c.kind === 'event').map((c) => c.at)).toEqual([at(3), at(40), at(60)])
  })

  it('reports several new events of one poll in the order they happened', async () => {
    playRollout(
      described([deployment({ id: OURS })]),
      described([deployment({ id: OURS, runningCount: 2, rolloutState: 'COMPLETED' })], [event('b', 20, 'second'), event('a', 10, 'first')]),
    )
    const progress = recordingProgress()
    await waitForDeployment(input(), { ...fakeTime(), progress })
    expect(progress.texts('event')).toEqual(['first', 'second'])
  })
})

/** A stopped task of a deployment: `app` exited with `exitCode`, the sidecar was stopped by ECS. */
function stoppedTask(id: string, startedBy: string, stoppedAtSeconds: number, exitCode = 1): Task {
  return {
    taskArn: taskArn(id),
    taskDefinitionArn: taskDefinitionArn(42),
    startedBy,
    lastStatus: 'STOPPED',
    stopCode: 'EssentialContainerExited',
    stoppedReason: 'Essential container in task exited',
    stoppedAt: at(stoppedAtSeconds),
    containers: [
      { name: 'app', exitCode, lastStatus: 'STOPPED' },
      { name: 'envoy', exitCode: 0, lastStatus: 'STOPPED' },
    ],
  }
}

function mockStoppedTasks(tasks: Task[]) {
  aws.ecs.on(ListTasksCommand, { cluster: 'prod', serviceName: 'web', desiredStatus: 'STOPPED' }).resolves({ taskArns: tasks.map((t) => t.taskArn ?? '') })
  aws.ecs.on(DescribeTasksCommand, { cluster: 'prod' }).resolves({ tasks, failures: [] })
}

function mockTaskDefinitionWithLogs() {
  aws.ecs.on(DescribeTaskDefinitionCommand, { taskDefinition: taskDefinitionArn(42) }).resolves({
    taskDefinition: {
      family: 'web',
      revision: 42,
      containerDefinitions: [
        { name: 'app', logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/web', 'awslogs-stream-prefix': 'ecs', 'awslogs-region': 'us-east-1' } } },
        { name: 'envoy' },
      ],
    },
  })
}

describe('waitForDeployment: a failed rollout says why', () => {
  it('FAILED: stopped reasons, exit codes, log lines, target health, ECS reason and events in an exit-5 error', async () => {
    const failed = deployment({
      id: OURS,
      rolloutState: 'FAILED',
      rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.',
      failedTasks: 3,
    })
    playRollout(
      described([deployment({ id: OURS })], [], { loadBalancers: [{ targetGroupArn: targetGroupArn('web-8080'), containerName: 'app', containerPort: 8080 }] }),
      described([failed], [event('e1', 30, `(service web) (deployment ${OURS}) deployment failed: tasks failed to start.`)], {
        loadBalancers: [{ targetGroupArn: targetGroupArn('web-8080'), containerName: 'app', containerPort: 8080 }],
      }),
    )
    mockStoppedTasks([
      stoppedTask('older1', OURS, 10, 2),
      stoppedTask('newest', OURS, 25, 1),
      stoppedTask('fromold', OLD, 28, 137),
    ])
    mockTaskDefinitionWithLogs()
    aws.logs
      .on(GetLogEventsCommand, { logGroupName: '/ecs/web', logStreamName: 'ecs/app/newest', limit: 20, startFromHead: false })
      .resolves({ events: [{ message: 'listening on :3000\n' }, { message: "Error: Cannot find module '/app/server.js'" }] })
    aws.elbv2.on(DescribeTargetHealthCommand, { TargetGroupArn: targetGroupArn('web-8080') }).resolves({
      TargetHealthDescriptions: [
        { Target: { Id: '10.0.1.23', Port: 8080 }, TargetHealth: { State: 'unhealthy', Reason: 'Target.ResponseCodeMismatch', Description: 'Health checks failed with these codes: [502]' } },
        { Target: { Id: '10.0.1.24', Port: 8080 }, TargetHealth: { State: 'healthy' } },
      ],
    })
    const progress = recordingProgress()

    const error = await failure(waitForDeployment(input(), { ...fakeTime(), progress }))

    expect(error.kind).toBe('rollout')
    expect(error.exitCode).toBe(5)
    const message = error.message
    expect(message).toContain(`Deployment ${OURS} of service "web" in cluster "prod" (web:42) failed.`)
    expect(message).toContain('ECS said: ECS deployment circuit breaker: tasks failed to start.')
    expect(message).toContain('task newest stopped at 2026-11-23T16:40:25Z: Essential container in task exited [EssentialContainerExited]')
    expect(message).toContain('    app: exit code 1')
    expect(message).toContain('    app: exit code 2')
    expect(message).not.toContain('fromold')
    expect(message).toContain('Last log lines of app in task newest (/ecs/web ecs/app/newest):')
    expect(message).toContain("  | Error: Cannot find module '/app/server.js'")
    expect(message).toContain('  | listening on :3000')
    expect(message).toContain('10.0.1.23:8080 in target group web-8080: unhealthy, Target.ResponseCodeMismatch: Health checks failed with these codes: [502]')
    expect(message).not.toContain('10.0.1.24')
    expect(message).toContain(`2026-11-23T16:40:30Z (service web) (deployment ${OURS}) deployment failed: tasks failed to start.`)
    // The newest task comes first.
    expect(message.indexOf('task newest')).toBeLessThan(message.indexOf('task older1'))
    expect(error.hint).toContain('deploy again')
    expect(error.details).toMatchObject({
      verdict: 'failed',
      deploymentId: OURS,
      rolloutState: 'FAILED',
      stoppedTasks: [{ taskId: 'newest' }, { taskId: 'older1' }],
      logs: [{ container: 'app', lines: ['listening on :3000', "Error: Cannot find module '/app/server.js'"] }],
      unhealthyTargets: [{ id: '10.0.1.23', reason: 'Target.ResponseCodeMismatch' }],
    })
    // Only the failed container's logs are read (envoy exited 0), and only for the newest task.
    expect(aws.logs.commandCalls(GetLogEventsCommand)).toHaveLength(1)
    expect(progress.texts('fail')).toEqual([`Deployment ${OURS} of service "web" in cluster "prod" (web:42) failed.`])
    expect(progress.texts('done')).toEqual([])
  })

  it('still fails with the rollout error when the evidence cannot be read, and says what is missing', async () => {
    playRollout(described([deployment({ id: OURS, rolloutState: 'FAILED', failedTasks: 1 })]))
    mockStoppedTasks([stoppedTask('t1', OURS, 10)])
    mockTaskDefinitionWithLogs()
    aws.logs.on(GetLogEventsCommand).rejects(awsError('AccessDeniedException', 'User is not authorized to perform: logs:GetLogEvents'))
    const error = await failure(waitForDeployment(input(), { ...fakeTime(), progress: recordingProgress() }))
    expect(error.kind).toBe('rollout')
    expect(error.message).toContain('task t1 stopped')
    expect(error.message).toContain('Could not read:\n  logs of app: logs:GetLogEvents (log group "/ecs/web", stream "ecs/app/t1"): access denied.')
  })

  it('says when a container never started (no log stream)', async () => {
    playRollout(described([deployment({ id: OURS, rolloutState: 'FAILED', failedTasks: 1 })]))
    const task: Task = {
      ...stoppedTask('t1', OURS, 10),
      stopCode: 'TaskFailedToStart',
      stoppedReason: 'CannotPullContainerError: pull image manifest has been retried 5 time(s): not found',
      containers: [{ name: 'app', reason: 'CannotPullContainerError: not found', lastStatus: 'STOPPED' }],
    }
    mockStoppedTasks([task])
    mockTaskDefinitionWithLogs()
    aws.logs.on(GetLogEventsCommand).rejects(awsError('ResourceNotFoundException', 'The specified log stream does not exist.'))
    const error = await failure(waitForDeployment(input(), { ...fakeTime(), progress: recordingProgress() }))
    expect(error.message).toContain('task t1 stopped at 2026-11-23T16:40:10Z: CannotPullContainerError: pull image manifest has been retried 5 time(s): not found [TaskFailedToStart]')
    expect(error.message).toContain('    app: CannotPullContainerError: not found')
    expect(error.message).toContain('No log stream for app in task t1 (/ecs/web ecs/app/t1): the container did not start.')
  })
})

describe('waitForDeployment: circuit-breaker rollback is never a success', () => {
  it('our deployment disappears and the older revision becomes PRIMARY and COMPLETED: exit 5', async () => {
    playRollout(
      described([
        deployment({ id: OURS }),
        deployment({ id: OLD, status: 'ACTIVE', taskDefinition: taskDefinitionArn(41), rolloutState: 'COMPLETED', createdAt: at(-600), runningCount: 2 }),
      ]),
      described([deployment({ id: ROLLBACK, taskDefinition: taskDefinitionArn(41), rolloutState: 'COMPLETED', createdAt: at(90), runningCount: 2 })]),
    )
    mockStoppedTasks([])
    const progress = recordingProgress()
    const error = await failure(waitForDeployment(input(), { ...fakeTime(), progress }))
    expect(error.kind).toBe('rollout')
    expect(error.exitCode).toBe(5)
    expect(error.message).toContain(`Deployment ${OURS} of service "web" in cluster "prod" (web:42) failed and ECS rolled the service back to web:41.`)
    expect(error.details).toMatchObject({ verdict: 'rolled back', replacement: { deploymentId: ROLLBACK, taskDefinition: taskDefinitionArn(41) } })
    expect(progress.texts('done')).toEqual([])
  })

  it('recognises the rollback from the revision that ran before, even when ours was never seen next to it', async () => {
    playRollout(
      described([deployment({ id: OURS })]),
      described([deployment({ id: ROLLBACK, taskDefinition: taskDefinitionArn(41), rolloutState: 'COMPLETED', createdAt: at(90), runningCount: 2 })]),
    )
    mockStoppedTasks([])
    const error = await failure(waitForDeployment(input({ previousTaskDefinition: taskDefinitionArn(41) }), { ...fakeTime(), progress: recordingProgress() }))
    expect(error.details).toMatchObject({ verdict: 'rolled back' })
  })

  it('recognises a rollback to the same revision from the service events', async () => {
    playRollout(
      described([deployment({ id: OURS })]),
      described(
        [deployment({ id: ROLLBACK, rolloutState: 'COMPLETED', createdAt: at(90), runningCount: 2 })],
        [event('e2', 91, `(service web) rolling back to deployment ${OLD}.`), event('e1', 90, `(service web) (deployment ${OURS}) deployment failed: tasks failed to start.`)],
      ),
    )
    mockStoppedTasks([])
    const error = await failure(waitForDeployment(input(), { ...fakeTime(), progress: recordingProgress() }))
    expect(error.kind).toBe('rollout')
    expect(error.details).toMatchObject({ verdict: 'rolled back' })
    expect(error.message).toContain('rolling back to deployment')
  })

  it('FAILED while the rollback is under way names the revision ECS returns to', async () => {
    playRollout(
      described([
        deployment({ id: ROLLBACK, taskDefinition: taskDefinitionArn(41), createdAt: at(90) }),
        deployment({ id: OURS, status: 'ACTIVE', rolloutState: 'FAILED', rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.' }),
      ]),
    )
    mockStoppedTasks([])
    const error = await failure(waitForDeployment(input(), { ...fakeTime(), progress: recordingProgress() }))
    expect(error.message).toContain('failed; ECS is rolling the service back to web:41.')
    expect(error.hint).toContain('ECS returns the service to the previous revision')
  })

  it('a newer deployment from someone else replaces ours: exit 5, never success', async () => {
    playRollout(
      described([deployment({ id: OURS, runningCount: 1 })]),
      described([
        deployment({ id: 'ecs-svc/3333', taskDefinition: taskDefinitionArn(43), createdAt: at(60) }),
        deployment({ id: OURS, status: 'ACTIVE', runningCount: 1 }),
      ]),
    )
    mockStoppedTasks([])
    const error = await failure(waitForDeployment(input(), { ...fakeTime(), progress: recordingProgress() }))
    expect(error.kind).toBe('rollout')
    expect(error.message).toContain('was replaced by deployment ecs-svc/3333 (web:43) before it completed')
  })
})

describe('waitForDeployment: timeout', () => {
  it('stops at the deadline with exit 6 and the state it saw', async () => {
    playRollout(
      described([deployment({ id: OURS, runningCount: 1, pendingCount: 1 })], [event('e1', 3, '(service web) has started 1 tasks: (task a).')]),
    )
    const time = fakeTime()
    const progress = recordingProgress()
    const error = await failure(waitForDeployment(input({ timeoutMs: 10_000 }), { ...time, progress }))
    expect(error.kind).toBe('timeout')
    expect(error.exitCode).toBe(6)
    expect(error.message).toContain(`Timed out after 10s waiting for deployment ${OURS} of service "web" in cluster "prod" (web:42).`)
    expect(error.message).toContain('Last seen: IN_PROGRESS, running 1/2, pending 1.')
    expect(error.message).toContain('Recent service events:\n  2026-11-23T16:40:03Z (service web) has started 1 tasks: (task a).')
    expect(error.hint).toContain('ecsctl status')
    // The last pause is cut to the deadline, and one final look is taken there.
    expect(time.sleeps).toEqual([2000, 3000, 4500, 500])
    expect(describeCalls()).toBe(5)
    // No task failed, so no stopped tasks were asked for.
    expect(sentCommands().filter((name) => name !== 'DescribeServicesCommand')).toEqual([])
  })

  it('explains a crash loop that has not tripped the circuit breaker by the deadline', async () => {
    const breaker = { deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } } }
    playRollout(described([deployment({ id: OURS, runningCount: 0, pendingCount: 2, failedTasks: 4 })], [], breaker))
    mockStoppedTasks([stoppedTask('t9', OURS, 50)])
    mockTaskDefinitionWithLogs()
    aws.logs.on(GetLogEventsCommand).resolves({ events: [{ message: 'panic: missing DATABASE_URL' }] })
    const error = await failure(waitForDeployment(input({ timeoutMs: 60_000 }), { ...fakeTime(), progress: recordingProgress() }))
    expect(error.kind).toBe('timeout')
    expect(error.message).toContain('Last seen: IN_PROGRESS, running 0/2, pending 2, failed tasks 4.')
    expect(error.message).toContain('  | panic: missing DATABASE_URL')
  })
})

describe('waitForDeployment: no circuit breaker', () => {
  it('stops with exit 5 where the breaker would have: half the desired count failed, at least 3', async () => {
    playRollout(
      described([deployment({ id: OURS, runningCount: 0, pendingCount: 2, failedTasks: 2 })]),
      described([deployment({ id: OURS, runningCount: 0, pendingCount: 2, failedTasks: 3 })]),
    )
    mockStoppedTasks([stoppedTask('t9', OURS, 50)])
    mockTaskDefinitionWithLogs()
    aws.logs.on(GetLogEventsCommand).resolves({ events: [{ message: 'panic: missing DATABASE_URL' }] })
    const error = await failure(waitForDeployment(input(), { ...fakeTime(), progress: recordingProgress() }))
    expect(error.kind).toBe('rollout')
    expect(error.exitCode).toBe(5)
    expect(error.message).toContain(`Deployment ${OURS} of service "web" in cluster "prod" (web:42) is failing: 3 tasks stopped`)
    expect(error.message).toContain('  | panic: missing DATABASE_URL')
    expect(error.hint).toContain('circuitBreaker')
    expect(describeCalls()).toBe(2)
  })

  it('computes the threshold as ECS does', () => {
    expect([1, 2, 6, 7, 100, 1000].map(failureThreshold)).toEqual([3, 3, 3, 4, 50, 200])
  })
})

describe('waitForDeployment: interruption', () => {
  it('Ctrl-C while sleeping: exit 130, says ECS carries on and how to follow it', async () => {
    playRollout(described([deployment({ id: OURS, runningCount: 1 })]))
    const controller = new AbortController()
    const time = fakeTime()
    let pauses = 0
    const sleep = async (ms: number, signal?: AbortSignal) => {
      pauses += 1
      if (pauses === 2) {
        controller.abort()
        throw signal?.reason ?? new Error('aborted')
      }
      await time.sleep(ms)
    }
    const progress = recordingProgress()
    const error = await failure(waitForDeployment(input({ signal: controller.signal }), { now: time.now, sleep, progress }))
    expect(error.kind).toBe('interrupted')
    expect(error.exitCode).toBe(130)
    expect(error.message).toContain('ECS carries on with the rollout')
    expect(error.message).toContain(`Last seen: deployment ${OURS} IN_PROGRESS running 1/2`)
    expect(error.hint).toContain('ecsctl status')
    expect(describeCalls()).toBe(2)
    expect(progress.texts('fail')).toHaveLength(1)
  })

  it('an already aborted signal sends no request', async () => {
    const controller = new AbortController()
    controller.abort()
    const error = await failure(waitForDeployment(input({ signal: controller.signal }), { ...fakeTime(), progress: recordingProgress() }))
    expect(error.kind).toBe('interrupted')
    expect(sentCommands()).toEqual([])
  })

  it('Ctrl-C during a request is an interruption, not an AWS error', async () => {
    const controller = new AbortController()
    aws.ecs.on(DescribeServicesCommand).callsFake(async () => {
      controller.abort()
      throw Object.assign(new Error('Request aborted'), { name: 'AbortError' })
    })
    const error = await failure(waitForDeployment(input({ signal: controller.signal }), { ...fakeTime(), progress: recordingProgress() }))
    expect(error.kind).toBe('interrupted')
  })
})
