// `ecsctl history` at the library level: revisions of exactly the service's family, newest first,
// described within a bound, and the deployments ECS lists.
import { DescribeServicesCommand, DescribeTaskDefinitionCommand, ListTaskDefinitionsCommand, type Service } from '@aws-sdk/client-ecs'
import { beforeEach, describe, expect, it } from 'vitest'
import { createClients, type AwsClients } from '../../src/lib/aws/clients.js'
import type { EcsctlError } from '../../src/lib/errors.js'
import { DESCRIBE_CONCURRENCY, formatHistory, imageTag, listRevisionArns, readHistory } from '../../src/lib/ops/history.js'
import { colorsFor } from '../../src/lib/output/terminal.js'
import { ACCOUNT, aws, deferred, resetAwsMocks, sentCommands } from '../aws/support.js'

const plain = colorsFor({ isTTY: false }, {})
const tdArn = (family: string, revision: number) => `arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/${family}:${revision}`

let clients: AwsClients
beforeEach(() => {
  resetAwsMocks()
  clients = createClients({ region: 'us-east-1' })
})

function liveService(extra: Partial<Service> = {}): Service {
  return {
    serviceName: 'web',
    status: 'ACTIVE',
    taskDefinition: tdArn('web', 12),
    deployments: [
      { id: 'ecs-svc/9', status: 'PRIMARY', taskDefinition: tdArn('web', 12), desiredCount: 2, runningCount: 2, rolloutState: 'COMPLETED', createdAt: new Date('2026-11-23T16:00:00Z'), updatedAt: new Date('2026-11-23T16:05:00Z') },
    ],
    ...extra,
  }
}

/** Revisions 12 down to 1 of `web`, registered a day apart, with image tag v<revision>. */
function mockRevisions(): void {
  aws.ecs.on(DescribeTaskDefinitionCommand).callsFake((input: { taskDefinition: string }) => {
    const revision = Number(input.taskDefinition.split(':').pop())
    return Promise.resolve({
      taskDefinition: {
        taskDefinitionArn: input.taskDefinition,
        family: 'web',
        revision,
        status: 'ACTIVE',
        registeredAt: new Date(Date.UTC(2026, 10, revision, 12)),
        registeredBy: `arn:aws:iam::${ACCOUNT}:role/deployer`,
        containerDefinitions: [{ name: 'app', image: `123.dkr.ecr.us-east-1.amazonaws.com/web:v${revision}` }, { name: 'log-router', image: 'public.ecr.aws/aws-observability/aws-for-fluent-bit@sha256:abc' }],
      },
    })
  })
}

describe('readHistory', () => {
  it('lists the newest revisions with their image tags, marks the running one, and lists the deployments', async () => {
    aws.ecs.on(DescribeServicesCommand).resolves({ services: [liveService()], failures: [] })
    aws.ecs.on(ListTaskDefinitionsCommand, { familyPrefix: 'web', sort: 'DESC', maxResults: 3 }).resolves({ taskDefinitionArns: [12, 11, 10].map((r) => tdArn('web', r)), nextToken: 'more' })
    mockRevisions()

    const report = await readHistory(clients, { service: 'web', cluster: 'prod', family: 'web' }, { limit: 3 })

    expect(report.family).toBe('web')
    expect(report.revisions.map((r) => [r.name, r.registeredAt, r.images.map((i) => i.tag), r.current])).toEqual([
      ['web:12', '2026-11-12T12:00:00.000Z', ['v12', 'sha256:abc'], true],
      ['web:11', '2026-11-11T12:00:00.000Z', ['v11', 'sha256:abc'], false],
      ['web:10', '2026-11-10T12:00:00.000Z', ['v10', 'sha256:abc'], false],
    ])
    expect(report.revisions[0]).toMatchObject({ revision: 12, status: 'ACTIVE', taskDefinitionArn: tdArn('web', 12) })
    expect(report.deployments).toEqual([
      expect.objectContaining({ id: 'ecs-svc/9', status: 'PRIMARY', rolloutState: 'COMPLETED', revision: 'web:12', createdAt: '2026-11-23T16:00:00.000Z', updatedAt: '2026-11-23T16:05:00.000Z' }),
    ])
    // Three revisions were enough: the next page was not read.
    expect(aws.ecs.commandCalls(ListTaskDefinitionsCommand)).toHaveLength(1)
  })

  it('takes the family from the service when no manifest names it', async () => {
    aws.ecs.on(DescribeServicesCommand).resolves({ services: [liveService({ taskDefinition: tdArn('web-td', 4), deployments: [] })], failures: [] })
    aws.ecs.on(ListTaskDefinitionsCommand, { familyPrefix: 'web-td' }).resolves({ taskDefinitionArns: [tdArn('web-td', 4)] })
    aws.ecs.on(DescribeTaskDefinitionCommand).resolves({ taskDefinition: { taskDefinitionArn: tdArn('web-td', 4), revision: 4, containerDefinitions: [{ name: 'app', image: 'nginx' }] } })
    const report = await readHistory(clients, { service: 'web', cluster: 'prod' }, { limit: 10 })
    expect(report.family).toBe('web-td')
    expect(report.revisions.map((r) => [r.name, r.images[0]?.tag, r.current])).toEqual([['web-td:4', 'latest', true]])
  })

  it('exits 4 with a hint when the service does not exist', async () => {
    aws.ecs.on(DescribeServicesCommand).resolves({ services: [], failures: [{ reason: 'MISSING' }] })
    aws.ecs.on(ListTaskDefinitionsCommand).resolves({ taskDefinitionArns: [] })
    const error = (await readHistory(clients, { service: 'web', cluster: 'prod', family: 'web' }, { limit: 3 }).catch((e: unknown) => e)) as EcsctlError
    expect(error.exitCode).toBe(4)
    expect(error.message).toMatch(/Service "web" does not exist in cluster "prod"/)
    expect(error.hint).toBeTruthy()
    expect(sentCommands()).not.toContain('DescribeTaskDefinitionCommand')
  })

  it('describes at most DESCRIBE_CONCURRENCY revisions at a time', async () => {
    aws.ecs.on(DescribeServicesCommand).resolves({ services: [liveService()], failures: [] })
    aws.ecs.on(ListTaskDefinitionsCommand).resolves({ taskDefinitionArns: Array.from({ length: 12 }, (_, i) => tdArn('web', 12 - i)) })
    let inFlight = 0
    let most = 0
    const release = deferred()
    aws.ecs.on(DescribeTaskDefinitionCommand).callsFake(async (input: { taskDefinition: string }) => {
      inFlight += 1
      most = Math.max(most, inFlight)
      if (inFlight === DESCRIBE_CONCURRENCY) release.resolve()
      await release.promise
      inFlight -= 1
      return { taskDefinition: { taskDefinitionArn: input.taskDefinition, revision: Number(input.taskDefinition.split(':').pop()), containerDefinitions: [] } }
    })
    const report = await readHistory(clients, { service: 'web', cluster: 'prod', family: 'web' }, { limit: 12 })
    expect(most).toBe(DESCRIBE_CONCURRENCY)
    expect(report.revisions.map((r) => r.revision)).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1])
  })
})

describe('listRevisionArns', () => {
  it('keeps only the family itself, reading on past families that share its prefix', async () => {
    // Sorted descending by family, `web-api` comes before `web`.
    aws.ecs.on(ListTaskDefinitionsCommand, { nextToken: undefined }).resolves({ taskDefinitionArns: [tdArn('web-api', 3), tdArn('web-api', 2)], nextToken: 't1' })
    aws.ecs.on(ListTaskDefinitionsCommand, { nextToken: 't1' }).resolves({ taskDefinitionArns: [tdArn('web-api', 1), tdArn('web', 5)], nextToken: 't2' })
    aws.ecs.on(ListTaskDefinitionsCommand, { nextToken: 't2' }).resolves({ taskDefinitionArns: [tdArn('web', 4), tdArn('web', 3)], nextToken: 't3' })
    expect(await listRevisionArns(clients, 'web', 2)).toEqual([tdArn('web', 5), tdArn('web', 4)])
    expect(aws.ecs.commandCalls(ListTaskDefinitionsCommand).map((c) => c.args[0].input.nextToken)).toEqual([undefined, 't1', 't2'])
  })
})

describe('imageTag', () => {
  it.each([
    ['nginx:1.27', '1.27'],
    ['nginx', 'latest'],
    ['localhost:5000/app', 'latest'],
    ['localhost:5000/app:v2', 'v2'],
    ['123.dkr.ecr.us-east-1.amazonaws.com/web@sha256:0a1b', 'sha256:0a1b'],
  ])('%s -> %s', (image, tag) => expect(imageTag(image)).toBe(tag))
})

describe('formatHistory', () => {
  it('prints one line per revision and per deployment', async () => {
    aws.ecs.on(DescribeServicesCommand).resolves({ services: [liveService()], failures: [] })
    aws.ecs.on(ListTaskDefinitionsCommand).resolves({ taskDefinitionArns: [12, 11].map((r) => tdArn('web', r)) })
    mockRevisions()
    const text = formatHistory(await readHistory(clients, { service: 'web', cluster: 'prod', family: 'web' }, { limit: 2 }), plain)
    expect(text).toMatch(/^ {2}web:12 +2026-11-12T12:00:00Z {2}ACTIVE {2}app=v12 log-router=sha256:abc <- running$/m)
    expect(text).toMatch(/^ {2}web:11 +2026-11-11T12:00:00Z {2}ACTIVE {2}app=v11 log-router=sha256:abc$/m)
    expect(text).toMatch(/^ {2}PRIMARY ecs-svc\/9 {2}COMPLETED {2}web:12 {2}running 2\/2 {2}created 2026-11-23T16:00:00Z, updated 2026-11-23T16:05:00Z$/m)
  })
})
