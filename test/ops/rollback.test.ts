// `ecsctl rollback` at the library level: which revision it returns to, the one UpdateService it
// sends, and the deployment it follows as deploy does (completion, failure, --no-wait).
import { DescribeServicesCommand, DescribeTaskDefinitionCommand, ListTaskDefinitionsCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createClients, type AwsClients } from '../../src/lib/aws/clients.js'
import { formatRollbackResult, revisionReference, rollbackService, type RollbackInput } from '../../src/lib/ops/rollback.js'
import { colorsFor } from '../../src/lib/output/terminal.js'
import {
  aws,
  awsError,
  deployment,
  described,
  expectNoUnexpectedCalls,
  failure,
  fakeTime,
  recordingProgress,
  resetAwsMocks,
  sentCommands,
  taskDefinitionArn,
} from '../deploy/support.js'

const CURRENT = 'ecs-svc/1000000000000000000'
const ROLLBACK = 'ecs-svc/2000000000000000000'
const plain = colorsFor({ isTTY: false }, {})

let clients: AwsClients
beforeEach(() => {
  resetAwsMocks()
  clients = createClients({ region: 'us-east-1' })
})
afterEach(() => expectNoUnexpectedCalls())

const running42 = described([deployment({ id: CURRENT, taskDefinition: taskDefinitionArn(42), rolloutState: 'COMPLETED', runningCount: 2 })])

function input(overrides: Partial<RollbackInput> = {}): RollbackInput {
  return { clients, ref: { service: 'web', cluster: 'prod' }, wait: true, timeoutMs: 60_000, ...overrides }
}

/** Revisions described as ACTIVE (or `status`), with image tag v<revision>. */
function mockRevisions(status: Record<number, string> = {}): void {
  aws.ecs.on(DescribeTaskDefinitionCommand).callsFake((request: { taskDefinition: string }) => {
    const revision = Number(request.taskDefinition.split(':').pop())
    if (revision > 42) return Promise.reject(awsError('ClientException', 'Unable to describe task definition.'))
    return Promise.resolve({
      taskDefinition: {
        taskDefinitionArn: taskDefinitionArn(revision),
        family: 'web',
        revision,
        status: status[revision] ?? 'ACTIVE',
        containerDefinitions: [{ name: 'app', image: `123456789012.dkr.ecr.us-east-1.amazonaws.com/web:v${revision}` }],
      },
    })
  })
}

/** DescribeServices: the service on 42, then (after UpdateService) `answers` in turn. */
function playServices(...answers: ReturnType<typeof described>[]): void {
  const stub = aws.ecs.on(DescribeServicesCommand).resolvesOnce(running42)
  answers.forEach((answer, index) => (index === answers.length - 1 ? stub.resolves(answer) : stub.resolvesOnce(answer)))
}

function updateStartsRollback(): void {
  aws.ecs.on(UpdateServiceCommand).resolves({
    service: { serviceName: 'web', deployments: [deployment({ id: ROLLBACK, taskDefinition: taskDefinitionArn(40) }), deployment({ id: CURRENT, status: 'ACTIVE', rolloutState: 'COMPLETED' })] },
  })
}

describe('rollbackService', () => {
  it('returns to the newest ACTIVE revision before the current one, skipping a deregistered one, and follows the deployment', async () => {
    // 41 was deregistered: ListTaskDefinitions (ACTIVE by default) does not list it.
    aws.ecs.on(ListTaskDefinitionsCommand, { familyPrefix: 'web', sort: 'DESC' }).resolves({ taskDefinitionArns: [42, 40, 39].map(taskDefinitionArn) })
    mockRevisions()
    updateStartsRollback()
    playServices(described([deployment({ id: ROLLBACK, taskDefinition: taskDefinitionArn(40), rolloutState: 'COMPLETED', runningCount: 2 })]))
    const progress = recordingProgress()

    const result = await rollbackService(input(), { ...fakeTime(), progress })

    expect(aws.ecs.commandCalls(UpdateServiceCommand).map((call) => call.args[0].input)).toEqual([{ cluster: 'prod', service: 'web', taskDefinition: taskDefinitionArn(40) }])
    expect(result).toMatchObject({ from: 'web:42', to: 'web:40', outcome: 'completed', deploymentId: ROLLBACK, images: [{ container: 'app', tag: 'v40' }] })
    expect(progress.texts('event')[0]).toBe(`~ service web: web:42 -> web:40, deployment ${ROLLBACK} started`)
    expect(progress.texts('done')).toEqual([`deployment ${ROLLBACK} COMPLETED running 2/2 in 0s`])
  })

  it('--to 41: that revision, described and checked ACTIVE, without listing the family', async () => {
    mockRevisions()
    aws.ecs.on(UpdateServiceCommand).resolves({ service: { serviceName: 'web', deployments: [deployment({ id: ROLLBACK, taskDefinition: taskDefinitionArn(41) })] } })
    playServices(described([deployment({ id: ROLLBACK, taskDefinition: taskDefinitionArn(41), rolloutState: 'COMPLETED', runningCount: 2 })]))

    const result = await rollbackService(input({ to: '41' }), { ...fakeTime(), progress: recordingProgress() })

    expect(result.to).toBe('web:41')
    expect(sentCommands()).not.toContain('ListTaskDefinitionsCommand')
  })

  it('a rollback whose tasks fail is exit 5 with the evidence, never a success', async () => {
    mockRevisions()
    updateStartsRollback()
    playServices(
      described([
        deployment({ id: ROLLBACK, taskDefinition: taskDefinitionArn(40), rolloutState: 'FAILED', rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.', failedTasks: 3 }),
      ]),
    )
    aws.ecs.on(ListTaskDefinitionsCommand).resolves({ taskDefinitionArns: [42, 40].map(taskDefinitionArn) })
    // No stopped tasks are listed: the report says so rather than failing.
    const { ListTasksCommand } = await import('@aws-sdk/client-ecs')
    aws.ecs.on(ListTasksCommand).resolves({ taskArns: [] })

    const error = await failure(rollbackService(input(), { ...fakeTime(), progress: recordingProgress() }))

    expect(error.exitCode).toBe(5)
    expect(error.message).toContain(`Deployment ${ROLLBACK} of service "web" in cluster "prod" (web:40) failed.`)
  })

  it('--no-wait returns once ECS accepted the update', async () => {
    aws.ecs.on(ListTaskDefinitionsCommand).resolves({ taskDefinitionArns: [42, 40].map(taskDefinitionArn) })
    mockRevisions()
    updateStartsRollback()
    playServices(running42)

    const result = await rollbackService(input({ wait: false }), { ...fakeTime(), progress: recordingProgress() })

    expect(result).toMatchObject({ outcome: 'started', deploymentId: ROLLBACK })
    expect(aws.ecs.commandCalls(DescribeServicesCommand)).toHaveLength(1)
  })

  it('already on that revision: nothing sent, outcome "no changes"', async () => {
    mockRevisions()
    playServices(running42)
    const result = await rollbackService(input({ to: 'web:42' }), { ...fakeTime(), progress: recordingProgress() })
    expect(result.outcome).toBe('no changes')
    expect(sentCommands()).not.toContain('UpdateServiceCommand')
    expect(formatRollbackResult(result, plain)).toBe('Service web in cluster prod already runs web:42: nothing to roll back.\n  app: 123456789012.dkr.ecr.us-east-1.amazonaws.com/web:v42')
  })

  it('no earlier revision: a clear error pointing at history, before any write', async () => {
    aws.ecs.on(ListTaskDefinitionsCommand).resolves({ taskDefinitionArns: [taskDefinitionArn(42)] })
    playServices(running42)
    const error = await failure(rollbackService(input(), { ...fakeTime(), progress: recordingProgress() }))
    expect(error.exitCode).toBe(2)
    expect(error.message).toBe('Service runs web:42, and no earlier ACTIVE revision of family "web" exists to roll back to.')
    expect(error.hint).toContain('ecsctl history')
  })

  it.each([
    ['43', 'task definition web:43 does not exist'],
    ['41', 'Task definition web:41 is INACTIVE: ECS does not deploy a deregistered revision.'],
  ])('--to %s: %s, before any write', async (to, message) => {
    mockRevisions({ 41: 'INACTIVE' })
    playServices(running42)
    const error = await failure(rollbackService(input({ to }), { ...fakeTime(), progress: recordingProgress() }))
    expect(error.exitCode).toBe(2)
    expect(error.message).toContain(message)
    expect(sentCommands()).not.toContain('UpdateServiceCommand')
  })

  it('with a manifest: says the next deploy rolls forward again', async () => {
    aws.ecs.on(ListTaskDefinitionsCommand).resolves({ taskDefinitionArns: [42, 40].map(taskDefinitionArn) })
    mockRevisions()
    updateStartsRollback()
    playServices(running42)
    const ref = { service: 'web', cluster: 'prod', manifest: {} as never, file: 'ecsctl.yml' }
    const result = await rollbackService(input({ ref, wait: false }), { ...fakeTime(), progress: recordingProgress() })
    expect(formatRollbackResult(result, plain)).toContain('the next `ecsctl deploy` rolls forward again')
  })
})

describe('revisionReference', () => {
  it.each([
    ['41', 'web:41'],
    ['web:41', 'web:41'],
    ['arn:aws:ecs:us-east-1:123456789012:task-definition/web:41', 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:41'],
  ])('%s -> %s', (to, expected) => expect(revisionReference(to, 'web')).toBe(expected))

  it.each([
    ['api:3', /is a revision of family "api", but the service runs family "web"/],
    ['latest', /write a revision number \(41\), FAMILY:REVISION \(web:41\) or a task definition ARN/],
    ['0', /write a revision number/],
  ])('%s is a usage error', (to, message) => expect(() => revisionReference(to, 'web')).toThrow(message))
})
