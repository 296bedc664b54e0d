// ecsctl delete: what it finds and deletes (only what is tagged for this service and tied to it),
// the order of the requests, the confirmation, a partial failure and a rerun that converges.
import { DeregisterScalableTargetCommand, DescribeScalableTargetsCommand } from '@aws-sdk/client-application-auto-scaling'
import { DeleteAlarmsCommand, DescribeAlarmsCommand, ListTagsForResourceCommand as ListAlarmTagsCommand } from '@aws-sdk/client-cloudwatch'
import {
  DeleteServiceCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  UpdateServiceCommand,
  type Service,
} from '@aws-sdk/client-ecs'
import { DeleteAccessPointCommand, DescribeAccessPointsCommand, DescribeFileSystemsCommand } from '@aws-sdk/client-efs'
import {
  DeleteRuleCommand as DeleteListenerRuleCommand,
  DeleteTargetGroupCommand,
  DescribeListenersCommand,
  DescribeRulesCommand,
  DescribeTagsCommand,
  DescribeTargetGroupsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2'
import {
  DeleteRuleCommand as DeleteEventRuleCommand,
  DescribeRuleCommand,
  ListRulesCommand,
  ListTagsForResourceCommand as ListRuleTagsCommand,
  ListTargetsByRuleCommand,
  RemoveTargetsCommand,
} from '@aws-sdk/client-eventbridge'
import { captureOutput } from '@oclif/test'
import { repoRoot } from '../support/cli.js'
import { describe, expect, it } from 'vitest'
import DeleteCommand from '../../src/commands/delete.js'
import type { AwsClients } from '../../src/lib/aws/clients.js'
import { EcsctlError } from '../../src/lib/errors.js'
import { fakeWaiting } from './support.js'
import { deleteServiceAndResources, formatDeletionPlan, formatDeletionReport, planDeletion, type DeleteInput } from '../../src/lib/ops/delete.js'
import type { ServiceRef } from '../../src/lib/ops/service.js'
import type { Prompter } from '../../src/lib/ops/terminal.js'
import { aws, minimalManifest, sentCommands, strictAwsMocks } from '../aws/support.js'

const ACCOUNT = '123456789012'
const ref: ServiceRef = { cluster: 'prod', service: 'web' }
const OWNER = { Key: 'ecsctl:service', Value: 'web' }
const TASK_DEFINITION = `arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/web:42`
const ALB = `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:loadbalancer/app/public/50dc6c495c0c9188`
const LISTENER = `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:listener/app/public/50dc6c495c0c9188/f2f7dc8efc522ab2`
const tgArn = (name: string) => `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:targetgroup/${name}/0123456789abcdef`
const ruleArn = (id: string) => `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:listener-rule/app/public/50dc6c495c0c9188/f2f7dc8efc522ab2/${id}`
const OUR_TG = tgArn('prod-web-8080')
const LEGACY_TG = tgArn('legacy-web')
const alarmArn = (name: string) => `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:${name}`
const eventRuleArn = (name: string) => `arn:aws:events:us-east-1:${ACCOUNT}:rule/${name}`
let clients: AwsClients

/** Requests no test set up reject, and every test checks that there were none. */
strictAwsMocks((created) => (clients = created))

const activeService: Service = {
  serviceName: 'web',
  status: 'ACTIVE',
  desiredCount: 2,
  runningCount: 2,
  taskDefinition: TASK_DEFINITION,
  loadBalancers: [
    { targetGroupArn: OUR_TG, containerName: 'app', containerPort: 8080 },
    { targetGroupArn: LEGACY_TG, containerName: 'app', containerPort: 8080 },
  ],
}

const described = (service?: Service) => ({ services: service ? [service] : [], failures: service ? [] : [{ arn: 'arn:aws:ecs:us-east-1:123456789012:service/prod/web', reason: 'MISSING' }] })

/** A service that uses every kind of resource, with one of each that is not ours next to it. */
function givenEverything(options: { serviceStatus?: 'ACTIVE' | 'INACTIVE' } = {}) {
  const service = { ...activeService, status: options.serviceStatus ?? 'ACTIVE' }
  aws.ecs
    .on(DescribeServicesCommand, { cluster: 'prod', services: ['web'] })
    .resolvesOnce(described(service))
    .resolvesOnce(described({ ...service, status: 'DRAINING', desiredCount: 0, runningCount: 1 }))
    .resolves(described({ ...service, status: 'INACTIVE', desiredCount: 0, runningCount: 0 }))
  aws.ecs.on(DescribeTaskDefinitionCommand, { taskDefinition: TASK_DEFINITION }).resolves({
    taskDefinition: {
      family: 'web',
      revision: 42,
      taskDefinitionArn: TASK_DEFINITION,
      containerDefinitions: [{ name: 'app', logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/web', 'awslogs-stream-prefix': 'app' } } }],
      volumes: [{ name: 'data', efsVolumeConfiguration: { fileSystemId: 'fs-1', authorizationConfig: { accessPointId: 'fsap-ours' } } }],
    },
    tags: [],
  })
  aws.autoscaling.on(DescribeScalableTargetsCommand).resolves({ ScalableTargets: [{ ResourceId: 'service/prod/web' } as never] })
  aws.cloudwatch.on(DescribeAlarmsCommand, { AlarmNamePrefix: 'ecsctl.prod.web.' }).resolves({
    MetricAlarms: [
      { AlarmName: 'ecsctl.prod.web.up', AlarmArn: alarmArn('ecsctl.prod.web.up') },
      { AlarmName: 'ecsctl.prod.web.hand-made', AlarmArn: alarmArn('ecsctl.prod.web.hand-made') },
    ],
  })
  aws.cloudwatch.on(ListAlarmTagsCommand, { ResourceARN: alarmArn('ecsctl.prod.web.up') }).resolves({ Tags: [OWNER] })
  aws.cloudwatch.on(ListAlarmTagsCommand, { ResourceARN: alarmArn('ecsctl.prod.web.hand-made') }).resolves({ Tags: [] })
  aws.eventbridge.on(ListRulesCommand, { NamePrefix: 'ecsctl.prod.web.' }).resolves({
    Rules: [
      { Name: 'ecsctl.prod.web.report', Arn: eventRuleArn('ecsctl.prod.web.report') },
      { Name: 'ecsctl.prod.web.someone-elses', Arn: eventRuleArn('ecsctl.prod.web.someone-elses') },
    ],
  })
  for (const name of ['ecsctl.prod.web.report', 'ecsctl.prod.web.someone-elses']) {
    aws.eventbridge.on(DescribeRuleCommand, { Name: name }).resolves({ Name: name, Arn: eventRuleArn(name) })
    aws.eventbridge.on(ListTargetsByRuleCommand, { Rule: name }).resolves({ Targets: [{ Id: 'task', Arn: 'arn:aws:ecs:us-east-1:123456789012:cluster/prod' }] })
  }
  aws.eventbridge.on(ListRuleTagsCommand, { ResourceARN: eventRuleArn('ecsctl.prod.web.report') }).resolves({ Tags: [OWNER] })
  aws.eventbridge.on(ListRuleTagsCommand, { ResourceARN: eventRuleArn('ecsctl.prod.web.someone-elses') }).resolves({ Tags: [] })

  aws.elbv2.on(DescribeTargetGroupsCommand, { TargetGroupArns: [OUR_TG] }).resolves({ TargetGroups: [{ TargetGroupArn: OUR_TG, TargetGroupName: 'prod-web-8080', LoadBalancerArns: [ALB] }] })
  aws.elbv2.on(DescribeTargetGroupsCommand, { TargetGroupArns: [LEGACY_TG] }).resolves({ TargetGroups: [{ TargetGroupArn: LEGACY_TG, TargetGroupName: 'legacy-web', LoadBalancerArns: [ALB] }] })
  aws.elbv2.on(DescribeListenersCommand, { LoadBalancerArn: ALB }).resolves({
    Listeners: [{ ListenerArn: LISTENER, Protocol: 'HTTPS', DefaultActions: [{ Type: 'fixed-response' }] }],
  })
  aws.elbv2.on(DescribeRulesCommand, { ListenerArn: LISTENER }).resolves({
    Rules: [
      { RuleArn: ruleArn('ours'), Priority: '10', Actions: [{ Type: 'forward', TargetGroupArn: OUR_TG }] },
      { RuleArn: ruleArn('hand-made'), Priority: '20', Actions: [{ Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: OUR_TG }] } }] },
      { RuleArn: ruleArn('other-service'), Priority: '30', Actions: [{ Type: 'forward', TargetGroupArn: tgArn('prod-api-80') }] },
      { RuleArn: ruleArn('default'), IsDefault: true, Actions: [{ Type: 'fixed-response' }] },
    ],
  })
  aws.elbv2.on(DescribeTagsCommand).callsFake((input: { ResourceArns: string[] }) =>
    Promise.resolve({
      TagDescriptions: input.ResourceArns.map((arn) => ({ ResourceArn: arn, Tags: arn === OUR_TG || arn === ruleArn('ours') ? [OWNER] : [] })),
    }),
  )
  aws.efs.on(DescribeAccessPointsCommand, { FileSystemId: 'fs-1' }).resolves({
    AccessPoints: [
      { AccessPointId: 'fsap-ours', FileSystemId: 'fs-1', Tags: [OWNER, { Key: 'Name', Value: 'prod-web-data' }] },
      // Same tag value, another cluster's service "web": not used by this task definition.
      { AccessPointId: 'fsap-staging', FileSystemId: 'fs-1', Tags: [OWNER, { Key: 'Name', Value: 'staging-web-data' }] },
      { AccessPointId: 'fsap-untagged', FileSystemId: 'fs-1', Tags: [] },
    ],
  })

  aws.autoscaling.on(DeregisterScalableTargetCommand).resolves({})
  aws.cloudwatch.on(DeleteAlarmsCommand).resolves({})
  aws.eventbridge.on(RemoveTargetsCommand).resolves({ FailedEntryCount: 0 })
  aws.eventbridge.on(DeleteEventRuleCommand).resolves({})
  aws.ecs.on(UpdateServiceCommand).resolves({ service: {} })
  aws.ecs.on(DeleteServiceCommand).resolves({ service: {} })
  aws.elbv2.on(DeleteListenerRuleCommand).resolves({})
  aws.elbv2.on(DeleteTargetGroupCommand).resolves({})
  aws.efs.on(DeleteAccessPointCommand).resolves({})
}

/** Everything gone: what a rerun after a complete delete sees. */
function givenNothing() {
  aws.ecs.on(DescribeServicesCommand).resolves(described(undefined))
  aws.ecs
    .on(DescribeTaskDefinitionCommand, { taskDefinition: 'web' })
    .rejects(Object.assign(new Error('Unable to describe task definition.'), { name: 'ClientException', $fault: 'client', $metadata: {} }))
  aws.autoscaling.on(DescribeScalableTargetsCommand).resolves({ ScalableTargets: [] })
  aws.cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [] })
  aws.eventbridge.on(ListRulesCommand).resolves({ Rules: [] })
}

/** The requests that change something, as `Command input-summary`, in the order they were sent. */
function writes(): string[] {
  // The stubs differ only in their SDK types; calls() and calledBefore() are common to all.
  const calls = (Object.values(aws) as (typeof aws)['ecs'][]).flatMap((mock) => mock.calls())
  return calls
    .sort((a, b) => (a.calledBefore(b) ? -1 : 1))
    .map((call) => call.args[0] as unknown as { constructor: { name: string }; input: Record<string, unknown> })
    .filter((command) => /^(Delete|Deregister|Update|Remove)/.test(command.constructor.name))
    .map((command) => {
      const input = command.input
      const what = input.TargetGroupArn ?? input.RuleArn ?? input.AccessPointId ?? input.AlarmNames ?? input.Name ?? input.Rule ?? input.ResourceId ?? input.service
      return `${command.constructor.name.replace(/Command$/, '')} ${String(what)}${input.desiredCount !== undefined ? ` desiredCount=${String(input.desiredCount)}` : ''}`
    })
}

function deleteInput(overrides: Partial<DeleteInput> = {}): DeleteInput {
  return { clients, ref, yes: true, show: () => undefined, timeoutMs: 600_000, waiting: fakeWaiting().waiting, ...overrides }
}

const typing = (text: string): Prompter & { asked: string[] } => {
  const asked: string[] = []
  return {
    asked,
    number: () => Promise.reject(new Error('not asked')),
    select: () => Promise.reject(new Error('not asked')),
    confirm: () => Promise.reject(new Error('not asked')),
    input: async (question) => {
      asked.push(question.message)
      return text
    },
  }
}

async function rejection(promise: Promise<unknown>): Promise<EcsctlError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(EcsctlError)
  return error as EcsctlError
}

const OWNED_DELETIONS_IN_ORDER = [
  'DeregisterScalableTarget service/prod/web',
  'DeleteAlarms ecsctl.prod.web.up',
  'RemoveTargets ecsctl.prod.web.report',
  'DeleteRule ecsctl.prod.web.report',
  'UpdateService web desiredCount=0',
  'DeleteService web',
  `DeleteRule ${ruleArn('ours')}`,
  `DeleteTargetGroup ${OUR_TG}`,
  'DeleteAccessPoint fsap-ours',
]

describe('ecsctl delete', () => {
  it('deletes what ecsctl created, in order: autoscaling, alarms, rules, the service, then what its tasks used', async () => {
    givenEverything()
    const fake = fakeWaiting()
    const report = await deleteServiceAndResources(deleteInput({ waiting: fake.waiting }))
    expect(writes()).toEqual(OWNED_DELETIONS_IN_ORDER)
    expect(report.complete).toBe(true)
    expect(report.failed).toEqual([])
    expect(report.deleted.map((r) => `${r.type} ${r.id}`)).toEqual([
      'scalable target service/prod/web',
      'alarm ecsctl.prod.web.up',
      'event rule ecsctl.prod.web.report',
      'service prod/web',
      `listener rule ${ruleArn('ours')}`,
      'target group prod-web-8080',
      'access point fsap-ours',
    ])
    // The target groups and access points go only once the service is INACTIVE.
    expect(aws.ecs.commandCalls(DescribeServicesCommand)).toHaveLength(3)
    expect(fake.sleeps).toEqual([3000])
  })

  it('keeps what is not tagged for this service or not tied to it, and says why; keeps task definitions and log groups', async () => {
    givenEverything()
    const report = await deleteServiceAndResources(deleteInput())
    const kept = Object.fromEntries(report.kept.map((r) => [`${r.type} ${r.id}`, r.reason]))
    expect(Object.keys(kept).sort()).toEqual(
      [
        'alarm ecsctl.prod.web.hand-made',
        'event rule ecsctl.prod.web.someone-elses',
        `listener rule ${ruleArn('hand-made')}`,
        'target group legacy-web',
        'access point fsap-staging',
        'task definition family web',
        'log group /ecs/web',
      ].sort(),
    )
    expect(kept['access point fsap-staging']).toMatch(/another cluster/)
    expect(kept['target group legacy-web']).toMatch(/did not create it/)
    expect(kept['log group /ecs/web']).toMatch(/evidence/)
    expect(kept['task definition family web']).toMatch(/record what ran/)
    // fsap-untagged is not even a candidate; the other service's rule is not ours to mention.
    expect(JSON.stringify(report)).not.toContain('fsap-untagged')
    expect(JSON.stringify(report)).not.toContain('other-service')
    const text = formatDeletionReport(report)
    expect(text).toContain('Kept:')
    expect(text).toContain('are deleted.')
  })

  it('refuses without --yes when nobody can confirm, before any request (exit 2)', async () => {
    const error = await rejection(deleteServiceAndResources(deleteInput({ yes: false })))
    expect(error.exitCode).toBe(2)
    expect(error.message).toContain('--yes')
    expect(sentCommands()).toEqual([])
  })

  it('in a terminal shows the plan and deletes only when the service name is typed', async () => {
    givenEverything()
    const shown: string[] = []
    const prompter = typing('web')
    await deleteServiceAndResources(deleteInput({ yes: false, prompter, show: (text) => void shown.push(text) }))
    expect(prompter.asked).toEqual(['Type the service name (web) to delete it:'])
    expect(shown.join('\n')).toContain('Will delete:')
    expect(shown.join('\n')).toContain('target group prod-web-8080')
    expect(shown.join('\n')).toContain('Will keep:')
    expect(writes()).toEqual(OWNED_DELETIONS_IN_ORDER)
  })

  it('in a terminal deletes nothing when the name typed is wrong (exit 2)', async () => {
    givenEverything()
    const error = await rejection(deleteServiceAndResources(deleteInput({ yes: false, prompter: typing('wbe') })))
    expect(error.exitCode).toBe(2)
    expect(error.message).toContain('nothing was deleted')
    expect(writes()).toEqual([])
  })

  it('on a partial failure says what was and was not deleted, and leaves what the service uses alone', async () => {
    givenEverything()
    aws.ecs.on(DeleteServiceCommand).rejects(Object.assign(new Error('User is not authorized to perform: ecs:DeleteService'), { name: 'AccessDeniedException', $fault: 'client', $metadata: {} }))
    const report = await deleteServiceAndResources(deleteInput())
    expect(report.complete).toBe(false)
    expect(report.failed).toEqual([{ type: 'service', id: 'prod/web', error: expect.stringMatching(/ecs:DeleteService .*access denied/) }])
    expect(report.deleted.map((r) => r.type)).toEqual(['scalable target', 'alarm', 'event rule'])
    expect(report.notAttempted.map((r) => `${r.type} ${r.id}`)).toEqual([`listener rule ${ruleArn('ours')}`, 'target group prod-web-8080', 'access point fsap-ours'])
    expect(report.notAttempted[0]?.reason).toMatch(/service could not be deleted/)
    expect(writes()).not.toContain(`DeleteTargetGroup ${OUR_TG}`)
    const text = formatDeletionReport(report)
    expect(text).toMatch(/Failed:\n {2}service prod\/web: /)
    expect(text).toContain('Not attempted:')
    expect(text).toContain('not fully deleted')
  })

  it('records a target group that cannot be deleted and carries on with the access points', async () => {
    givenEverything()
    aws.elbv2.on(DeleteTargetGroupCommand).rejects(Object.assign(new Error('Target group is currently in use by a listener or a rule'), { name: 'ResourceInUseException', $fault: 'client', $metadata: {} }))
    const report = await deleteServiceAndResources(deleteInput())
    expect(report.failed.map((r) => `${r.type} ${r.id}`)).toEqual(['target group prod-web-8080'])
    expect(report.deleted.at(-1)).toEqual({ type: 'access point', id: 'fsap-ours' })
  })

  it('finishes the job on a rerun after the service is gone (INACTIVE), without touching the service again', async () => {
    givenEverything({ serviceStatus: 'INACTIVE' })
    aws.autoscaling.on(DescribeScalableTargetsCommand).resolves({ ScalableTargets: [] })
    aws.cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [] })
    aws.eventbridge.on(ListRulesCommand).resolves({ Rules: [] })
    const report = await deleteServiceAndResources(deleteInput())
    expect(writes()).toEqual([`DeleteRule ${ruleArn('ours')}`, `DeleteTargetGroup ${OUR_TG}`, 'DeleteAccessPoint fsap-ours'])
    expect(report.alreadyAbsent.map((r) => r.type)).toEqual(['scalable target', 'service'])
    expect(report.complete).toBe(true)
  })

  it('with everything already gone sends no change and reports success', async () => {
    givenNothing()
    const report = await deleteServiceAndResources(deleteInput({ yes: false, prompter: typing('never asked') }))
    expect(writes()).toEqual([])
    expect(report).toMatchObject({ deleted: [], failed: [], notAttempted: [], kept: [], complete: true })
    expect(report.alreadyAbsent).toEqual([
      { type: 'scalable target', id: 'service/prod/web' },
      { type: 'service', id: 'prod/web' },
    ])
  })

  it('treats resources deleted by someone else meanwhile as already gone', async () => {
    givenEverything()
    aws.autoscaling.on(DeregisterScalableTargetCommand).rejects(Object.assign(new Error('No scalable target'), { name: 'ObjectNotFoundException', $fault: 'client', $metadata: {} }))
    aws.efs.on(DeleteAccessPointCommand).rejects(Object.assign(new Error('gone'), { name: 'AccessPointNotFound', $fault: 'client', $metadata: {} }))
    const report = await deleteServiceAndResources(deleteInput())
    expect(report.alreadyAbsent.map((r) => r.type)).toEqual(['scalable target', 'access point'])
    expect(report.complete).toBe(true)
  })

  it('stops at the timeout while the service drains, leaving the rest for a rerun', async () => {
    givenEverything()
    aws.ecs
      .on(DescribeServicesCommand)
      .resolvesOnce(described(activeService))
      .resolves(described({ ...activeService, status: 'DRAINING', desiredCount: 0, runningCount: 1 }))
    const report = await deleteServiceAndResources(deleteInput({ timeoutMs: 30_000 }))
    expect(report.stoppedBy).toBe('timeout')
    expect(report.notAttempted.map((r) => r.type)).toEqual(['listener rule', 'target group', 'access point'])
    expect(report.notAttempted[0]?.reason).toMatch(/run `ecsctl delete` again/)
  })

  it('with a manifest also finds its target groups by name, for a rerun after the service is forgotten', async () => {
    givenNothing()
    const manifest = minimalManifest({
      loadBalancers: [{ container: 'app', port: 8080, alb: { listener: LISTENER, rule: { priority: 10, paths: ['/*'] } } }],
      volumes: { data: { efs: { fileSystem: 'shared', accessPoint: { path: '/web' } } } },
    })
    aws.elbv2.on(DescribeTargetGroupsCommand, { Names: ['prod-web-8080'] }).resolves({ TargetGroups: [{ TargetGroupArn: OUR_TG, TargetGroupName: 'prod-web-8080', LoadBalancerArns: [] }] })
    aws.elbv2.on(DescribeTagsCommand).resolves({ TagDescriptions: [{ ResourceArn: OUR_TG, Tags: [OWNER] }] })
    aws.efs.on(DescribeFileSystemsCommand).resolves({ FileSystems: [{ FileSystemId: 'fs-9', Name: 'shared' } as never] })
    aws.efs.on(DescribeAccessPointsCommand, { FileSystemId: 'fs-9' }).resolves({
      AccessPoints: [{ AccessPointId: 'fsap-named', FileSystemId: 'fs-9', Tags: [OWNER, { Key: 'Name', Value: 'prod-web-data' }] }],
    })
    const plan = await planDeletion(clients, { ...ref, manifest })
    expect(plan.targetGroups).toEqual([{ arn: OUR_TG, name: 'prod-web-8080', loadBalancerArns: [] }])
    expect(plan.accessPoints).toEqual([{ id: 'fsap-named', fileSystemId: 'fs-9' }])
    expect(formatDeletionPlan(plan)).toContain('target group prod-web-8080')
  })
})

describe('ecsctl delete, the command', () => {
  const base = ['--service', 'web', '--cluster', 'prod', '--region', 'us-east-1']

  it('exits 2 without a terminal and without --yes, sending nothing', async () => {
    const { error, stderr } = await captureOutput(() => DeleteCommand.run(base, repoRoot), { print: false })
    expect((error as { oclif?: { exit?: number } } | undefined)?.oclif?.exit).toBe(2)
    expect(stderr).toContain('--yes')
    expect(sentCommands()).toEqual([])
  })

  it('--yes --json prints the report', async () => {
    givenNothing()
    const { stdout, error } = await captureOutput(() => DeleteCommand.run([...base, '--yes', '--json'], repoRoot), { print: false })
    expect(error).toBeUndefined()
    expect(JSON.parse(stdout)).toMatchObject({ service: 'web', cluster: 'prod', complete: true, deleted: [], alreadyAbsent: [{ type: 'scalable target' }, { type: 'service' }] })
  })

  it('exits 4 when something could not be deleted, after printing the report', async () => {
    givenEverything()
    aws.ecs.on(DeleteServiceCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException', $fault: 'client', $metadata: {} }))
    const { stdout, error } = await captureOutput(() => DeleteCommand.run([...base, '--yes'], repoRoot), { print: false })
    expect((error as { oclif?: { exit?: number } } | undefined)?.oclif?.exit).toBe(4)
    expect(stdout).toContain('Failed:')
    expect(stdout).toContain('Deleted:')
  })
})
