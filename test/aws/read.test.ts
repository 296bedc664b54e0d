// readLiveState as a whole: what it looks for, how it assembles the answers, that independent
// requests go out together (at most 2 dependent requests in a row), and how failures surface.
import {
  DescribeScalableTargetsCommand,
  DescribeScalingPoliciesCommand,
  DescribeScheduledActionsCommand,
} from '@aws-sdk/client-application-auto-scaling'
import { DescribeAlarmsCommand, ListTagsForResourceCommand as ListAlarmTagsCommand } from '@aws-sdk/client-cloudwatch'
import { DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs'
import { ClientException, DescribeServicesCommand, DescribeTaskDefinitionCommand } from '@aws-sdk/client-ecs'
import { DescribeAccessPointsCommand, DescribeFileSystemsCommand } from '@aws-sdk/client-efs'
import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeRulesCommand,
  DescribeTagsCommand,
  DescribeTargetGroupAttributesCommand,
  DescribeTargetGroupsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2'
import { DescribeRuleCommand, ListRulesCommand, ListTagsForResourceCommand as ListRuleTagsCommand, ListTargetsByRuleCommand } from '@aws-sdk/client-eventbridge'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createClients, type AwsClients } from '../../src/lib/aws/clients.js'
import { accountIdFrom, accountOfArn, readLiveState, readTargets, type LiveState } from '../../src/lib/aws/read.js'
import { EcsctlError } from '../../src/lib/errors.js'
import { ACCOUNT, ALB_LISTENER, NLB_LISTENER, RequestGate, aws, fullManifest, minimalManifest, resetAwsMocks, sentCommands } from './support.js'

const $metadata = { httpStatusCode: 400, requestId: 'req-1' }
const SERVICE_ARN = `arn:aws:ecs:us-east-1:${ACCOUNT}:service/prod/web`
const ALB = `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:loadbalancer/app/public/50dc6c495c0c9188`
const NLB = `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:loadbalancer/net/internal/60dc6c495c0c9188`
const tgArn = (name: string) => `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:targetgroup/${name}/0123456789abcdef`
const OUR_RULE = `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:listener-rule/app/public/50dc6c495c0c9188/f2f7dc8efc522ab2/1`
const DEFAULT_RULE = `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:listener-rule/app/public/50dc6c495c0c9188/f2f7dc8efc522ab2/0`
const OWNER = [{ Key: 'ecsctl:service', Value: 'web' }]

let clients: AwsClients

beforeEach(() => {
  resetAwsMocks()
  clients = createClients({ region: 'us-east-1' })
})

describe('readTargets', () => {
  it('derives every name and ARN to look for from the manifest', () => {
    expect(readTargets(fullManifest())).toEqual({
      cluster: 'prod',
      serviceName: 'web',
      family: 'web',
      targetGroupNames: ['prod-web-8080', 'prod-web-9000'],
      externalTargetGroups: ['legacy-web'],
      albListeners: [ALB_LISTENER],
      nlbListeners: [NLB_LISTENER],
      loadBalancerArns: [ALB, NLB],
      fileSystemIds: ['fs-0123456789abcdef0'],
      fileSystemNames: ['shared-data'],
      scalableResourceId: 'service/prod/web',
      policyPrefix: 'web.',
      accountWidePrefix: 'ecsctl.prod.web.',
      // The sidecar logs nowhere; app uses the default group.
      logGroups: ['/ecs/web', '/custom/worker'],
    })
  })

  it('uses the family when the manifest sets one, and reads nothing it does not use', () => {
    const targets = readTargets(minimalManifest({ family: 'web-task' }))
    expect(targets.family).toBe('web-task')
    expect(targets.targetGroupNames).toEqual([])
    expect(targets.albListeners).toEqual([])
    expect(targets.fileSystemIds).toEqual([])
    expect(targets.logGroups).toEqual(['/ecs/web'])
  })
})

type Answer = unknown | ((input: never) => unknown)
type Respond = (label: string, answer: Answer) => (input: unknown) => Promise<unknown>

const answerNow: Respond = (_label, answer) => async (input) => (typeof answer === 'function' ? (answer as (input: unknown) => unknown)(input) : answer)

/** What AWS holds for fullManifest(): every resource exists, with a few that are not ours mixed in. */
function answerForFullManifest(respond: Respond): void {
  aws.ecs.on(DescribeServicesCommand).callsFake(respond('ecs:DescribeServices', { services: [{ serviceName: 'web', serviceArn: SERVICE_ARN, status: 'ACTIVE' }] }))
  aws.ecs
    .on(DescribeTaskDefinitionCommand)
    .callsFake(respond('ecs:DescribeTaskDefinition', { taskDefinition: { family: 'web', revision: 3 }, tags: [{ key: 'ecsctl:service', value: 'web' }] }))

  aws.elbv2
    .on(DescribeTargetGroupsCommand)
    .callsFake(respond('elbv2:DescribeTargetGroups', (input: { Names: string[] }) => ({ TargetGroups: [{ TargetGroupName: input.Names[0], TargetGroupArn: tgArn(input.Names[0] ?? '') }] })))
  aws.elbv2
    .on(DescribeTargetGroupAttributesCommand)
    .callsFake(respond('elbv2:DescribeTargetGroupAttributes', { Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '30' }] }))
  aws.elbv2.on(DescribeTagsCommand).callsFake(
    respond('elbv2:DescribeTags', (input: { ResourceArns: string[] }) => ({
      TagDescriptions: input.ResourceArns.map((arn) => ({ ResourceArn: arn, Tags: arn === DEFAULT_RULE ? [] : OWNER })),
    })),
  )
  aws.elbv2.on(DescribeRulesCommand).callsFake(
    respond('elbv2:DescribeRules', {
      Rules: [
        { RuleArn: OUR_RULE, Priority: '10' },
        { RuleArn: DEFAULT_RULE, Priority: 'default', IsDefault: true },
      ],
    }),
  )
  aws.elbv2.on(DescribeListenersCommand).callsFake(respond('elbv2:DescribeListeners', { Listeners: [{ ListenerArn: NLB_LISTENER, Protocol: 'TCP' }] }))
  aws.elbv2
    .on(DescribeLoadBalancersCommand)
    .callsFake(respond('elbv2:DescribeLoadBalancers', (input: { LoadBalancerArns: string[] }) => ({ LoadBalancers: [{ LoadBalancerArn: input.LoadBalancerArns[0], VpcId: 'vpc-1' }] })))

  aws.efs.on(DescribeFileSystemsCommand).callsFake(respond('efs:DescribeFileSystems', { FileSystems: [{ FileSystemId: 'fs-0aaaaaaaaaaaaaaaa', Name: 'shared-data' }] }))
  aws.efs.on(DescribeAccessPointsCommand).callsFake(
    respond('efs:DescribeAccessPoints', (input: { FileSystemId: string }) => ({
      AccessPoints: [
        { AccessPointId: `fsap-of-${input.FileSystemId}`, FileSystemId: input.FileSystemId, Tags: OWNER },
        { AccessPointId: 'fsap-foreign', FileSystemId: input.FileSystemId, Tags: [] },
      ],
    })),
  )

  aws.autoscaling.on(DescribeScalableTargetsCommand).callsFake(respond('autoscaling:DescribeScalableTargets', { ScalableTargets: [{ ResourceId: 'service/prod/web', MinCapacity: 1, MaxCapacity: 4 }] }))
  aws.autoscaling.on(DescribeScalingPoliciesCommand).callsFake(respond('autoscaling:DescribeScalingPolicies', { ScalingPolicies: [{ PolicyName: 'web.cpu' }, { PolicyName: 'by-hand' }] }))
  aws.autoscaling.on(DescribeScheduledActionsCommand).callsFake(respond('autoscaling:DescribeScheduledActions', { ScheduledActions: [{ ScheduledActionName: 'web.night' }] }))
  aws.cloudwatch
    .on(DescribeAlarmsCommand)
    .callsFake(respond('cloudwatch:DescribeAlarms', { MetricAlarms: [{ AlarmName: 'ecsctl.prod.web.old-step', AlarmArn: 'arn:alarm:old-step' }] }))
  aws.cloudwatch.on(ListAlarmTagsCommand).callsFake(respond('cloudwatch:ListTagsForResource', { Tags: OWNER }))

  aws.eventbridge.on(ListRulesCommand).callsFake(
    respond('events:ListRules', {
      Rules: [
        { Name: 'ecsctl.prod.web.report', Arn: 'arn:rule:report' },
        { Name: 'ecsctl.prod.web.gone-task', Arn: 'arn:rule:gone-task' },
      ],
    }),
  )
  aws.eventbridge.on(ListRuleTagsCommand).callsFake(respond('events:ListTagsForResource', { Tags: OWNER }))
  aws.eventbridge.on(DescribeRuleCommand).callsFake(respond('events:DescribeRule', (input: { Name: string }) => ({ Name: input.Name, ScheduleExpression: 'cron(0 3 * * ? *)' })))
  aws.eventbridge.on(ListTargetsByRuleCommand).callsFake(respond('events:ListTargetsByRule', (input: { Rule: string }) => ({ Targets: [{ Id: input.Rule, Arn: 'cluster' }] })))

  aws.logs.on(DescribeLogGroupsCommand).callsFake(
    respond('logs:DescribeLogGroups', (input: { logGroupNamePrefix: string }) => ({
      logGroups: input.logGroupNamePrefix === '/ecs/web' ? [{ logGroupName: '/ecs/web', retentionInDays: 30 }] : [],
    })),
  )
}

describe('readLiveState', () => {
  it('assembles what AWS holds for the service', async () => {
    answerForFullManifest(answerNow)
    const live = await readLiveState(clients, fullManifest())

    expect(live.accountId).toBe(ACCOUNT)
    expect(live.service?.serviceArn).toBe(SERVICE_ARN)
    expect(live.taskDefinition).toEqual({ taskDefinition: { family: 'web', revision: 3 }, tags: [{ key: 'ecsctl:service', value: 'web' }] })
    expect(live.targetGroups['prod-web-8080']).toEqual({
      targetGroup: { TargetGroupName: 'prod-web-8080', TargetGroupArn: tgArn('prod-web-8080') },
      attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '30' }],
      tags: OWNER,
    })
    expect(Object.keys(live.targetGroups).sort()).toEqual(['prod-web-8080', 'prod-web-9000'])
    expect(live.externalTargetGroups).toEqual({ 'legacy-web': { TargetGroupName: 'legacy-web', TargetGroupArn: tgArn('legacy-web') } })
    expect(live.listenerRules[ALB_LISTENER]).toEqual([
      { rule: { RuleArn: OUR_RULE, Priority: '10' }, tags: OWNER },
      { rule: { RuleArn: DEFAULT_RULE, Priority: 'default', IsDefault: true }, tags: [] },
    ])
    expect(live.listeners).toEqual({ [NLB_LISTENER]: { ListenerArn: NLB_LISTENER, Protocol: 'TCP' } })
    expect(live.loadBalancers).toEqual({ [ALB]: { LoadBalancerArn: ALB, VpcId: 'vpc-1' }, [NLB]: { LoadBalancerArn: NLB, VpcId: 'vpc-1' } })
    expect(live.fileSystems).toEqual({ 'shared-data': { FileSystemId: 'fs-0aaaaaaaaaaaaaaaa', Name: 'shared-data' } })
    expect(live.accessPoints).toEqual({
      'fs-0123456789abcdef0': [{ AccessPointId: 'fsap-of-fs-0123456789abcdef0', FileSystemId: 'fs-0123456789abcdef0', Tags: OWNER }],
      'fs-0aaaaaaaaaaaaaaaa': [{ AccessPointId: 'fsap-of-fs-0aaaaaaaaaaaaaaaa', FileSystemId: 'fs-0aaaaaaaaaaaaaaaa', Tags: OWNER }],
    })
    expect(live.scalableTarget).toEqual({ ResourceId: 'service/prod/web', MinCapacity: 1, MaxCapacity: 4 })
    expect(Object.keys(live.scalingPolicies)).toEqual(['web.cpu'])
    expect(Object.keys(live.scheduledActions)).toEqual(['web.night'])
    expect(live.alarms).toEqual({ 'ecsctl.prod.web.old-step': { alarm: { AlarmName: 'ecsctl.prod.web.old-step', AlarmArn: 'arn:alarm:old-step' }, tags: OWNER } })
    expect(live.eventRules['ecsctl.prod.web.report']).toEqual({
      rule: { Name: 'ecsctl.prod.web.report', ScheduleExpression: 'cron(0 3 * * ? *)' },
      targets: [{ Id: 'ecsctl.prod.web.report', Arn: 'cluster' }],
      tags: OWNER,
    })
    expect(Object.keys(live.eventRules).sort()).toEqual(['ecsctl.prod.web.gone-task', 'ecsctl.prod.web.report'])
    expect(live.logGroups).toEqual({ '/ecs/web': { logGroupName: '/ecs/web', retentionInDays: 30 } })
  })

  it('reads the tags of target groups the service uses that the manifest no longer names, one gone meanwhile as absent', async () => {
    answerForFullManifest(answerNow)
    const used = ['prod-web-8080', 'legacy-web', 'prod-web-old', 'deleted-meanwhile'].map((name) => ({ targetGroupArn: tgArn(name), containerName: 'app', containerPort: 8080 }))
    aws.ecs.on(DescribeServicesCommand).resolves({ services: [{ serviceName: 'web', serviceArn: SERVICE_ARN, status: 'ACTIVE', loadBalancers: used }] })
    aws.elbv2.on(DescribeTagsCommand, { ResourceArns: [tgArn('deleted-meanwhile')] }).rejects(Object.assign(new Error('gone'), { name: 'TargetGroupNotFoundException', $metadata }))

    const live = await readLiveState(clients, fullManifest())

    expect(live.undeclaredTargetGroups).toEqual({ 'prod-web-old': { arn: tgArn('prod-web-old'), tags: OWNER } })
    const tagged = aws.elbv2.commandCalls(DescribeTagsCommand).flatMap((call) => call.args[0].input.ResourceArns ?? [])
    // The declared and the external ones are not read again as undeclared.
    expect(tagged.filter((arn) => arn === tgArn('prod-web-8080'))).toHaveLength(1)
    expect(tagged).not.toContain(tgArn('legacy-web'))
  })

  it('sends the requests the manifest calls for, with the names render uses', async () => {
    answerForFullManifest(answerNow)
    await readLiveState(clients, fullManifest())
    expect(aws.ecs.commandCalls(DescribeServicesCommand, { cluster: 'prod', services: ['web'], include: ['TAGS'] }, true)).toHaveLength(1)
    expect(aws.ecs.commandCalls(DescribeTaskDefinitionCommand, { taskDefinition: 'web', include: ['TAGS'] }, true)).toHaveLength(1)
    const askedNames = aws.elbv2.commandCalls(DescribeTargetGroupsCommand).map((call) => call.args[0].input.Names?.[0])
    expect(askedNames.sort()).toEqual(['legacy-web', 'prod-web-8080', 'prod-web-9000'])
    expect(aws.elbv2.commandCalls(DescribeRulesCommand, { ListenerArn: ALB_LISTENER })).toHaveLength(1)
    expect(aws.elbv2.commandCalls(DescribeListenersCommand, { ListenerArns: [NLB_LISTENER] })).toHaveLength(1)
    expect(aws.cloudwatch.commandCalls(DescribeAlarmsCommand, { AlarmNamePrefix: 'ecsctl.prod.web.' })).toHaveLength(1)
    expect(aws.eventbridge.commandCalls(ListRulesCommand, { NamePrefix: 'ecsctl.prod.web.' })).toHaveLength(1)
    const resource = { ServiceNamespace: 'ecs' as const, ScalableDimension: 'ecs:service:DesiredCount' as const }
    expect(aws.autoscaling.commandCalls(DescribeScalableTargetsCommand, { ...resource, ResourceIds: ['service/prod/web'] })).toHaveLength(1)
    expect(aws.autoscaling.commandCalls(DescribeScalingPoliciesCommand, { ...resource, ResourceId: 'service/prod/web' })).toHaveLength(1)
    expect(aws.logs.commandCalls(DescribeLogGroupsCommand).map((call) => call.args[0].input.logGroupNamePrefix).sort()).toEqual(['/custom/worker', '/ecs/web'])
  })

  it('issues every independent request at once; the longest chain is 2 requests', { timeout: 5000 }, async () => {
    const gate = new RequestGate()
    answerForFullManifest((label, answer) => gate.hold(label, answer))
    const reading = readLiveState(clients, fullManifest())

    const independent = [
      'autoscaling:DescribeScalableTargets',
      'autoscaling:DescribeScalingPolicies',
      'autoscaling:DescribeScheduledActions',
      'cloudwatch:DescribeAlarms',
      'ecs:DescribeServices',
      'ecs:DescribeTaskDefinition',
      'efs:DescribeAccessPoints',
      'efs:DescribeFileSystems',
      'elbv2:DescribeListeners',
      'elbv2:DescribeLoadBalancers',
      'elbv2:DescribeLoadBalancers',
      'elbv2:DescribeRules',
      'elbv2:DescribeTargetGroups',
      'elbv2:DescribeTargetGroups',
      'elbv2:DescribeTargetGroups',
      'events:ListRules',
      'logs:DescribeLogGroups',
      'logs:DescribeLogGroups',
    ]
    const dependent = [
      'cloudwatch:ListTagsForResource',
      'efs:DescribeAccessPoints', // of the file system found by name
      'elbv2:DescribeTags', // target group 8080
      'elbv2:DescribeTags', // target group 9000
      'elbv2:DescribeTags', // the listener's rules
      'elbv2:DescribeTargetGroupAttributes',
      'elbv2:DescribeTargetGroupAttributes',
      'events:DescribeRule',
      'events:DescribeRule',
      'events:ListTagsForResource',
      'events:ListTagsForResource',
      'events:ListTargetsByRule',
      'events:ListTargetsByRule',
    ]
    // Nothing has answered yet. Had any of these waited for another's answer, it would never start
    // and this wait would end in the test's timeout.
    await gate.untilStarted(independent.length)
    expect(gate.labels(0)).toEqual(independent)
    gate.release()
    // Only the first requests have answered: everything that depends on them starts now, together.
    await gate.untilStarted(dependent.length)
    expect(gate.labels(1)).toEqual(dependent)
    // A third request in a row would start after this and be counted in wave 2.
    gate.open()
    const live = await reading

    expect(gate.waves).toBe(2)
    expect(Object.keys(live.eventRules)).toHaveLength(2)
  })

  it('reports absent resources as absent, and reads no load balancer or EFS for a manifest without them', async () => {
    aws.ecs.on(DescribeServicesCommand).resolves({ services: [], failures: [{ arn: SERVICE_ARN, reason: 'MISSING' }] })
    aws.ecs.on(DescribeTaskDefinitionCommand).rejects(new ClientException({ message: 'Unable to describe task definition.', $metadata }))
    aws.autoscaling.on(DescribeScalableTargetsCommand).resolves({ ScalableTargets: [] })
    aws.autoscaling.on(DescribeScalingPoliciesCommand).resolves({ ScalingPolicies: [] })
    aws.autoscaling.on(DescribeScheduledActionsCommand).resolves({ ScheduledActions: [] })
    aws.cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [] })
    aws.eventbridge.on(ListRulesCommand).resolves({ Rules: [] })
    aws.logs.on(DescribeLogGroupsCommand).resolves({ logGroups: [] })

    const live = await readLiveState(clients, minimalManifest())
    const nothing: LiveState = {
      accountId: undefined,
      service: undefined,
      taskDefinition: undefined,
      targetGroups: {},
      undeclaredTargetGroups: {},
      externalTargetGroups: {},
      listenerRules: {},
      listeners: {},
      loadBalancers: {},
      fileSystems: {},
      accessPoints: {},
      scalableTarget: undefined,
      scalingPolicies: {},
      scheduledActions: {},
      alarms: {},
      eventRules: {},
      logGroups: {},
    }
    expect(live).toEqual(nothing)
    expect(sentCommands().sort()).toEqual([
      'DescribeAlarmsCommand',
      'DescribeLogGroupsCommand',
      'DescribeScalableTargetsCommand',
      'DescribeScalingPoliciesCommand',
      'DescribeScheduledActionsCommand',
      'DescribeServicesCommand',
      'DescribeTaskDefinitionCommand',
      'ListRulesCommand',
    ])
  })

  it('reads the access points of a file system once when one volume names it and another gives its id', async () => {
    answerForFullManifest(answerNow)
    aws.efs.on(DescribeFileSystemsCommand).resolves({ FileSystems: [{ FileSystemId: 'fs-0123456789abcdef0', Name: 'shared-data' }] as never })
    const live = await readLiveState(clients, fullManifest())
    expect(aws.efs.commandCalls(DescribeAccessPointsCommand)).toHaveLength(1)
    expect(Object.keys(live.accessPoints)).toEqual(['fs-0123456789abcdef0'])
    expect(live.fileSystems['shared-data']?.FileSystemId).toBe('fs-0123456789abcdef0')
  })

  it('fails with the first mapped error when any read fails', async () => {
    answerForFullManifest(answerNow)
    aws.cloudwatch.on(DescribeAlarmsCommand).rejects(
      Object.assign(new Error('User: arn:aws:iam::123456789012:user/ci is not authorized to perform: cloudwatch:DescribeAlarms'), { name: 'AccessDenied', $metadata }),
    )
    const error = await readLiveState(clients, fullManifest()).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(EcsctlError)
    expect((error as EcsctlError).kind).toBe('aws')
    expect((error as EcsctlError).message).toContain('cloudwatch:DescribeAlarms (names starting with "ecsctl.prod.web.")')
    expect((error as EcsctlError).hint).toContain('Allow cloudwatch:DescribeAlarms')
  })

  it('takes the account id from the caller when given', async () => {
    answerForFullManifest(answerNow)
    expect((await readLiveState(clients, fullManifest(), { accountId: '210987654321' })).accountId).toBe('210987654321')
  })

  describe('without any region', () => {
    let home: string
    beforeEach(() => {
      home = mkdtempSync(join(tmpdir(), 'ecsctl-read-'))
      for (const name of ['AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_PROFILE']) vi.stubEnv(name, undefined)
      vi.stubEnv('AWS_CONFIG_FILE', join(home, 'config'))
      vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', join(home, 'credentials'))
    })
    afterEach(() => {
      vi.unstubAllEnvs()
      rmSync(home, { recursive: true, force: true })
    })

    it('fails as a usage error before sending anything', async () => {
      const error = await readLiveState(createClients({}), minimalManifest()).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(EcsctlError)
      expect((error as EcsctlError).kind).toBe('invalid')
      expect(sentCommands()).toEqual([])
    })
  })
})

describe('accountIdFrom', () => {
  const noLive = { targetGroups: {} }

  it('prefers the ARNs read, then the listener, then the roles', () => {
    const manifest = minimalManifest({
      loadBalancers: [{ container: 'app', port: 80, alb: { listener: ALB_LISTENER.replace(ACCOUNT, '111111111111'), rule: { priority: 1 } } }],
      containers: { app: { image: 'nginx', ports: [80] } },
      roles: { task: 'arn:aws:iam::222222222222:role/task' },
    })
    expect(accountIdFrom({ ...noLive, service: { serviceArn: SERVICE_ARN } }, manifest)).toBe(ACCOUNT)
    expect(accountIdFrom(noLive, manifest)).toBe('111111111111')
    expect(accountIdFrom(noLive, minimalManifest({ roles: { execution: 'ecsTaskExecutionRole', task: 'arn:aws:iam::222222222222:role/task' } }))).toBe('222222222222')
    expect(accountIdFrom(noLive, minimalManifest())).toBeUndefined()
  })
})

describe('accountOfArn', () => {
  it('reads the 12-digit account field', () => {
    expect(accountOfArn(SERVICE_ARN)).toBe(ACCOUNT)
    expect(accountOfArn('arn:aws:s3:::bucket')).toBeUndefined()
    expect(accountOfArn('ecsTaskExecutionRole')).toBeUndefined()
  })
})
