// Each reader on its own: the request it sends, the normal answer, every "not found" shape,
// pagination, and errors that must surface as EcsctlErrors.
import {
  type ScalableTarget,
  DescribeScalableTargetsCommand,
  DescribeScalingPoliciesCommand,
  DescribeScheduledActionsCommand,
} from '@aws-sdk/client-application-auto-scaling'
import { DescribeAlarmsCommand, ListTagsForResourceCommand as ListAlarmTagsCommand, ResourceNotFound as AlarmNotFound } from '@aws-sdk/client-cloudwatch'
import { DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs'
import {
  AccessDeniedException,
  ClientException,
  ClusterNotFoundException,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
} from '@aws-sdk/client-ecs'
import { DescribeAccessPointsCommand, DescribeFileSystemsCommand, FileSystemNotFound, type FileSystemDescription } from '@aws-sdk/client-efs'
import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeRulesCommand,
  DescribeTagsCommand,
  DescribeTargetGroupAttributesCommand,
  DescribeTargetGroupsCommand,
  ListenerNotFoundException,
  LoadBalancerNotFoundException,
  TargetGroupNotFoundException,
} from '@aws-sdk/client-elastic-load-balancing-v2'
import {
  DescribeRuleCommand,
  ListRulesCommand,
  ListTagsForResourceCommand as ListRuleTagsCommand,
  ListTargetsByRuleCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-eventbridge'
import { beforeEach, describe, expect, it } from 'vitest'
import { createClients, type AwsClients } from '../../src/lib/aws/clients.js'
import { readScalableTarget, readScalingPolicies, readScheduledActions } from '../../src/lib/aws/readers/autoscaling.js'
import { readAlarms } from '../../src/lib/aws/readers/cloudwatch.js'
import { readLatestTaskDefinition, readService } from '../../src/lib/aws/readers/ecs.js'
import { readFileSystemsByName, readOwnedAccessPoints } from '../../src/lib/aws/readers/efs.js'
import { readExternalTargetGroup, readListener, readListenerRules, readLoadBalancer, readTargetGroup } from '../../src/lib/aws/readers/elbv2.js'
import { readEventRules } from '../../src/lib/aws/readers/eventbridge.js'
import { readLogGroup } from '../../src/lib/aws/readers/logs.js'
import { EcsctlError } from '../../src/lib/errors.js'
import { ACCOUNT, ALB_LISTENER, NLB_LISTENER, aws, resetAwsMocks, sentCommands } from './support.js'

const $metadata = { httpStatusCode: 400, requestId: 'req-1' }
const SERVICE_ARN = `arn:aws:ecs:us-east-1:${ACCOUNT}:service/prod/web`
const tgArn = (name: string) => `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:targetgroup/${name}/0123456789abcdef`
const ruleArn = (n: number) => `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:listener-rule/app/public/50dc6c495c0c9188/f2f7dc8efc522ab2/${n}`

let clients: AwsClients

beforeEach(() => {
  resetAwsMocks()
  clients = createClients({ region: 'us-east-1' })
})

/** The rejection of `promise`, which must reject with an EcsctlError. */
async function failure(promise: Promise<unknown>): Promise<EcsctlError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(EcsctlError)
  return error as EcsctlError
}

describe('readService', () => {
  it('describes the service with its tags', async () => {
    const service = { serviceName: 'web', serviceArn: SERVICE_ARN, status: 'ACTIVE', tags: [{ key: 'ecsctl:service', value: 'web' }] }
    aws.ecs.on(DescribeServicesCommand, { cluster: 'prod', services: ['web'], include: ['TAGS'] }, true).resolves({ services: [service], failures: [] })
    expect(await readService(clients, 'prod', 'web')).toEqual(service)
  })

  it('is absent when ECS reports the service MISSING', async () => {
    aws.ecs.on(DescribeServicesCommand).resolves({ services: [], failures: [{ arn: SERVICE_ARN, reason: 'MISSING' }] })
    expect(await readService(clients, 'prod', 'web')).toBeUndefined()
  })

  it('is absent when the service is INACTIVE (deleted), present while DRAINING', async () => {
    aws.ecs.on(DescribeServicesCommand).resolvesOnce({ services: [{ serviceName: 'web', status: 'INACTIVE' }] }).resolvesOnce({ services: [{ serviceName: 'web', status: 'DRAINING' }] })
    expect(await readService(clients, 'prod', 'web')).toBeUndefined()
    expect(await readService(clients, 'prod', 'web')).toMatchObject({ status: 'DRAINING' })
  })

  it('fails on a failure other than MISSING', async () => {
    aws.ecs.on(DescribeServicesCommand).resolves({ failures: [{ arn: SERVICE_ARN, reason: 'ACCESS_DENIED', detail: 'no' }] })
    const error = await failure(readService(clients, 'prod', 'web'))
    expect(error.kind).toBe('aws')
    expect(error.message).toContain('ACCESS_DENIED')
  })

  it('fails with an aws error when the cluster does not exist', async () => {
    aws.ecs.on(DescribeServicesCommand).rejects(new ClusterNotFoundException({ message: 'Cluster not found.', $metadata }))
    const error = await failure(readService(clients, 'prod', 'web'))
    expect(error.kind).toBe('aws')
    expect(error.message).toContain('ecs:DescribeServices (service "web" in cluster "prod")')
    expect(error.message).toContain('ClusterNotFoundException')
  })

  it('maps access denied and names the action', async () => {
    aws.ecs.on(DescribeServicesCommand).rejects(new AccessDeniedException({ message: 'not authorized', $metadata }))
    const error = await failure(readService(clients, 'prod', 'web'))
    expect(error.kind).toBe('aws')
    expect(error.hint).toContain('ecs:DescribeServices')
  })

  it('maps missing credentials with a hint about the profile', async () => {
    aws.ecs.on(DescribeServicesCommand).rejects(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }))
    const error = await failure(readService(clients, 'prod', 'web'))
    expect(error.kind).toBe('aws')
    expect(error.hint).toContain('aws sso login')
  })
})

describe('readLatestTaskDefinition', () => {
  it('describes the family (its latest ACTIVE revision) with tags', async () => {
    const taskDefinition = { family: 'web', revision: 7, status: 'ACTIVE' as const }
    aws.ecs.on(DescribeTaskDefinitionCommand, { taskDefinition: 'web', include: ['TAGS'] }, true).resolves({ taskDefinition, tags: [{ key: 'team', value: 'a' }] })
    expect(await readLatestTaskDefinition(clients, 'web')).toEqual({ taskDefinition, tags: [{ key: 'team', value: 'a' }] })
  })

  it('gives empty tags when ECS returns none', async () => {
    aws.ecs.on(DescribeTaskDefinitionCommand).resolves({ taskDefinition: { family: 'web', revision: 1 } })
    expect(await readLatestTaskDefinition(clients, 'web')).toEqual({ taskDefinition: { family: 'web', revision: 1 }, tags: [] })
  })

  it('is absent when ECS is "Unable to describe task definition"', async () => {
    aws.ecs.on(DescribeTaskDefinitionCommand).rejects(new ClientException({ message: 'Unable to describe task definition.', $metadata }))
    expect(await readLatestTaskDefinition(clients, 'web')).toBeUndefined()
  })

  it('fails on any other ClientException', async () => {
    aws.ecs.on(DescribeTaskDefinitionCommand).rejects(new ClientException({ message: 'Family contains invalid characters.', $metadata }))
    const error = await failure(readLatestTaskDefinition(clients, 'web'))
    expect(error.message).toContain('ClientException: Family contains invalid characters.')
  })
})

describe('readTargetGroup', () => {
  it('reads the target group by name, then its attributes and tags', async () => {
    const targetGroup = { TargetGroupName: 'prod-web-8080', TargetGroupArn: tgArn('prod-web-8080'), Port: 8080 }
    aws.elbv2.on(DescribeTargetGroupsCommand, { Names: ['prod-web-8080'] }, true).resolves({ TargetGroups: [targetGroup] })
    aws.elbv2
      .on(DescribeTargetGroupAttributesCommand, { TargetGroupArn: targetGroup.TargetGroupArn }, true)
      .resolves({ Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '30' }] })
    aws.elbv2
      .on(DescribeTagsCommand, { ResourceArns: [targetGroup.TargetGroupArn] }, true)
      .resolves({ TagDescriptions: [{ ResourceArn: targetGroup.TargetGroupArn, Tags: [{ Key: 'ecsctl:service', Value: 'web' }] }] })
    expect(await readTargetGroup(clients, 'prod-web-8080')).toEqual({
      targetGroup,
      attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '30' }],
      tags: [{ Key: 'ecsctl:service', Value: 'web' }],
    })
  })

  it('is absent, with no further request, when the name is not found', async () => {
    aws.elbv2.on(DescribeTargetGroupsCommand).rejects(new TargetGroupNotFoundException({ message: 'One or more target groups not found', $metadata }))
    expect(await readTargetGroup(clients, 'prod-web-8080')).toBeUndefined()
    expect(sentCommands()).toEqual(['DescribeTargetGroupsCommand'])
  })

  it('also recognises the wire code without the Exception suffix', async () => {
    aws.elbv2.on(DescribeTargetGroupsCommand).rejects(Object.assign(new Error('not found'), { name: 'TargetGroupNotFound', $metadata }))
    expect(await readTargetGroup(clients, 'prod-web-8080')).toBeUndefined()
  })

  it('fails when reading the attributes is denied', async () => {
    const arn = tgArn('prod-web-8080')
    aws.elbv2.on(DescribeTargetGroupsCommand).resolves({ TargetGroups: [{ TargetGroupArn: arn }] })
    aws.elbv2.on(DescribeTargetGroupAttributesCommand).rejects(Object.assign(new Error('Access Denied'), { name: 'AccessDenied', $metadata }))
    aws.elbv2.on(DescribeTagsCommand).resolves({ TagDescriptions: [] })
    const error = await failure(readTargetGroup(clients, 'prod-web-8080'))
    expect(error.hint).toContain('elasticloadbalancing:DescribeTargetGroupAttributes')
  })
})

describe('readExternalTargetGroup', () => {
  it('looks an ARN up by ARN and a name by name', async () => {
    const arn = tgArn('legacy')
    aws.elbv2.on(DescribeTargetGroupsCommand, { TargetGroupArns: [arn] }, true).resolves({ TargetGroups: [{ TargetGroupArn: arn }] })
    aws.elbv2.on(DescribeTargetGroupsCommand, { Names: ['legacy'] }, true).resolves({ TargetGroups: [{ TargetGroupArn: arn, TargetGroupName: 'legacy' }] })
    expect(await readExternalTargetGroup(clients, arn)).toEqual({ TargetGroupArn: arn })
    expect(await readExternalTargetGroup(clients, 'legacy')).toEqual({ TargetGroupArn: arn, TargetGroupName: 'legacy' })
  })
})

describe('readListenerRules', () => {
  it('reads every page of rules, then their tags in batches of 20', async () => {
    const rules = Array.from({ length: 25 }, (_, i) => ({ RuleArn: ruleArn(i), Priority: String(i + 1) }))
    aws.elbv2.on(DescribeRulesCommand, { ListenerArn: ALB_LISTENER }).callsFake((input: { Marker?: string }) =>
      input.Marker === undefined ? { Rules: rules.slice(0, 15), NextMarker: 'page-2' } : { Rules: rules.slice(15) },
    )
    aws.elbv2.on(DescribeTagsCommand).callsFake((input: { ResourceArns: string[] }) => ({
      TagDescriptions: input.ResourceArns.map((arn) => ({ ResourceArn: arn, Tags: [{ Key: 'arn', Value: arn }] })),
    }))
    const result = await readListenerRules(clients, ALB_LISTENER)
    expect(result?.map((r) => r.rule)).toEqual(rules)
    expect(result?.every((r) => r.tags[0]?.Value === r.rule.RuleArn)).toBe(true)
    expect(aws.elbv2.commandCalls(DescribeRulesCommand).map((call) => call.args[0].input.Marker)).toEqual([undefined, 'page-2'])
    expect(aws.elbv2.commandCalls(DescribeTagsCommand).map((call) => call.args[0].input.ResourceArns?.length)).toEqual([20, 5])
  })

  it('is absent when the listener does not exist', async () => {
    aws.elbv2.on(DescribeRulesCommand).rejects(new ListenerNotFoundException({ message: 'One or more listeners not found', $metadata }))
    expect(await readListenerRules(clients, ALB_LISTENER)).toBeUndefined()
  })
})

describe('readListener', () => {
  it('describes the listener by ARN', async () => {
    aws.elbv2.on(DescribeListenersCommand, { ListenerArns: [NLB_LISTENER] }, true).resolves({ Listeners: [{ ListenerArn: NLB_LISTENER, Protocol: 'TCP' }] })
    expect(await readListener(clients, NLB_LISTENER)).toEqual({ ListenerArn: NLB_LISTENER, Protocol: 'TCP' })
  })

  it('is absent when the listener does not exist', async () => {
    aws.elbv2.on(DescribeListenersCommand).rejects(new ListenerNotFoundException({ message: 'One or more listeners not found', $metadata }))
    expect(await readListener(clients, NLB_LISTENER)).toBeUndefined()
  })
})

describe('readLoadBalancer', () => {
  const arn = `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:loadbalancer/app/public/50dc6c495c0c9188`

  it('describes the load balancer by ARN', async () => {
    aws.elbv2.on(DescribeLoadBalancersCommand, { LoadBalancerArns: [arn] }, true).resolves({ LoadBalancers: [{ LoadBalancerArn: arn, VpcId: 'vpc-1', Type: 'application' }] })
    expect(await readLoadBalancer(clients, arn)).toEqual({ LoadBalancerArn: arn, VpcId: 'vpc-1', Type: 'application' })
  })

  it('is absent when the load balancer does not exist', async () => {
    aws.elbv2.on(DescribeLoadBalancersCommand).rejects(new LoadBalancerNotFoundException({ message: 'One or more load balancers not found', $metadata }))
    expect(await readLoadBalancer(clients, arn)).toBeUndefined()
  })
})

describe('readFileSystemsByName', () => {
  it('lists every page once and matches the Name tag', async () => {
    aws.efs.on(DescribeFileSystemsCommand).callsFake((input: { Marker?: string }) =>
      input.Marker === undefined
        ? { FileSystems: [{ FileSystemId: 'fs-1', Name: 'other' }], NextMarker: 'm2' }
        : { FileSystems: [{ FileSystemId: 'fs-2', Name: 'shared-data' }, { FileSystemId: 'fs-3' }] },
    )
    expect(await readFileSystemsByName(clients, ['shared-data', 'missing'])).toEqual({ 'shared-data': { FileSystemId: 'fs-2', Name: 'shared-data' } })
    expect(aws.efs.commandCalls(DescribeFileSystemsCommand)).toHaveLength(2)
  })

  it('sends nothing when no volume names a file system', async () => {
    expect(await readFileSystemsByName(clients, [])).toEqual({})
    expect(sentCommands()).toEqual([])
  })

  it('refuses a name that two file systems carry', async () => {
    aws.efs
      .on(DescribeFileSystemsCommand)
      .resolves({ FileSystems: [{ FileSystemId: 'fs-1', Name: 'shared-data' }, { FileSystemId: 'fs-2', Name: 'shared-data' }] as FileSystemDescription[] })
    const error = await failure(readFileSystemsByName(clients, ['shared-data']))
    expect(error.kind).toBe('invalid')
    expect(error.message).toContain('fs-1, fs-2')
    expect(error.hint).toContain('fileSystemId: fs-1')
  })
})

describe('readOwnedAccessPoints', () => {
  it('keeps the access points tagged as this service, from every page', async () => {
    const ours = (id: string) => ({ AccessPointId: id, Tags: [{ Key: 'ecsctl:service', Value: 'web' }] })
    aws.efs.on(DescribeAccessPointsCommand, { FileSystemId: 'fs-1' }).callsFake((input: { NextToken?: string }) =>
      input.NextToken === undefined
        ? { AccessPoints: [ours('fsap-1'), { AccessPointId: 'fsap-2', Tags: [{ Key: 'ecsctl:service', Value: 'web-api' }] }], NextToken: 't2' }
        : { AccessPoints: [{ AccessPointId: 'fsap-3' }, ours('fsap-4')] },
    )
    const result = await readOwnedAccessPoints(clients, 'fs-1', 'ecsctl:service', 'web')
    expect(result?.map((accessPoint) => accessPoint.AccessPointId)).toEqual(['fsap-1', 'fsap-4'])
  })

  it('is absent when the file system does not exist', async () => {
    aws.efs.on(DescribeAccessPointsCommand).rejects(new FileSystemNotFound({ message: 'File system not found', ErrorCode: 'FileSystemNotFound', $metadata }))
    expect(await readOwnedAccessPoints(clients, 'fs-1', 'ecsctl:service', 'web')).toBeUndefined()
  })
})

describe('Application Auto Scaling readers', () => {
  const resourceId = 'service/prod/web'
  const scope = { ServiceNamespace: 'ecs', ScalableDimension: 'ecs:service:DesiredCount' } as const

  it('reads the scalable target of the service, absent when none is registered', async () => {
    const target = { ...scope, ResourceId: resourceId, MinCapacity: 1, MaxCapacity: 4 } as ScalableTarget
    aws.autoscaling.on(DescribeScalableTargetsCommand, { ...scope, ResourceIds: [resourceId] }, true).resolvesOnce({ ScalableTargets: [target] }).resolvesOnce({ ScalableTargets: [] })
    expect(await readScalableTarget(clients, resourceId)).toEqual(target)
    expect(await readScalableTarget(clients, resourceId)).toBeUndefined()
  })

  it("keeps the policies with the service's prefix, from every page, by name", async () => {
    aws.autoscaling.on(DescribeScalingPoliciesCommand, { ...scope, ResourceId: resourceId }).callsFake((input: { NextToken?: string }) =>
      input.NextToken === undefined
        ? { ScalingPolicies: [{ PolicyName: 'web-cpu' }, { PolicyName: 'manual' }], NextToken: 'n' }
        : { ScalingPolicies: [{ PolicyName: 'web-step-slow' }] },
    )
    expect(await readScalingPolicies(clients, resourceId, 'web-')).toEqual({ 'web-cpu': { PolicyName: 'web-cpu' }, 'web-step-slow': { PolicyName: 'web-step-slow' } })
  })

  it("keeps the scheduled actions with the service's prefix, from every page, by name", async () => {
    aws.autoscaling.on(DescribeScheduledActionsCommand, { ...scope, ResourceId: resourceId }).callsFake((input: { NextToken?: string }) =>
      input.NextToken === undefined
        ? { ScheduledActions: [{ ScheduledActionName: 'web-night' }], NextToken: 'n' }
        : { ScheduledActions: [{ ScheduledActionName: 'someone-elses' }] },
    )
    expect(await readScheduledActions(clients, resourceId, 'web-')).toEqual({ 'web-night': { ScheduledActionName: 'web-night' } })
    expect(aws.autoscaling.commandCalls(DescribeScheduledActionsCommand)).toHaveLength(2)
  })
})

describe('readAlarms', () => {
  const alarmArn = (name: string) => `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:${name}`

  it('reads every page of alarms with the prefix, each with its tags, by name', async () => {
    aws.cloudwatch.on(DescribeAlarmsCommand, { AlarmNamePrefix: 'ecsctl-prod-web-' }).callsFake((input: { NextToken?: string }) =>
      input.NextToken === undefined
        ? { MetricAlarms: [{ AlarmName: 'ecsctl-prod-web-slow', AlarmArn: alarmArn('ecsctl-prod-web-slow') }], NextToken: 'n' }
        : { MetricAlarms: [{ AlarmName: 'ecsctl-prod-web-api-slow', AlarmArn: alarmArn('ecsctl-prod-web-api-slow') }] },
    )
    aws.cloudwatch.on(ListAlarmTagsCommand).callsFake((input: { ResourceARN: string }) => ({
      Tags: [{ Key: 'ecsctl:service', Value: input.ResourceARN.includes('web-api') ? 'web-api' : 'web' }],
    }))
    expect(await readAlarms(clients, 'ecsctl-prod-web-')).toEqual({
      'ecsctl-prod-web-slow': { alarm: { AlarmName: 'ecsctl-prod-web-slow', AlarmArn: alarmArn('ecsctl-prod-web-slow') }, tags: [{ Key: 'ecsctl:service', Value: 'web' }] },
      // Another service's alarm shares the prefix; its tag tells the plan to leave it alone.
      'ecsctl-prod-web-api-slow': {
        alarm: { AlarmName: 'ecsctl-prod-web-api-slow', AlarmArn: alarmArn('ecsctl-prod-web-api-slow') },
        tags: [{ Key: 'ecsctl:service', Value: 'web-api' }],
      },
    })
  })

  it('drops an alarm deleted between the listing and the tags', async () => {
    aws.cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [{ AlarmName: 'ecsctl-prod-web-slow', AlarmArn: alarmArn('ecsctl-prod-web-slow') }] })
    aws.cloudwatch.on(ListAlarmTagsCommand).rejects(new AlarmNotFound({ message: 'gone', $metadata }))
    expect(await readAlarms(clients, 'ecsctl-prod-web-')).toEqual({})
  })

  it('maps throttling that outlived the retries', async () => {
    aws.cloudwatch.on(DescribeAlarmsCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'Throttling', $metadata: { attempts: 3 } }))
    const error = await failure(readAlarms(clients, 'ecsctl-prod-web-'))
    expect(error.message).toContain('cloudwatch:DescribeAlarms')
    expect(error.hint).toContain('AWS_MAX_ATTEMPTS')
  })
})

describe('readEventRules', () => {
  const prefix = 'ecsctl-prod-web-'
  const ruleArnOf = (name: string) => `arn:aws:events:us-east-1:${ACCOUNT}:rule/${name}`

  it('lists the rules by prefix, then describes each and reads all its targets and its tags', async () => {
    aws.eventbridge.on(ListRulesCommand, { NamePrefix: prefix }).callsFake((input: { NextToken?: string }) =>
      input.NextToken === undefined
        ? { Rules: [{ Name: `${prefix}report`, Arn: ruleArnOf(`${prefix}report`) }], NextToken: 'n' }
        : { Rules: [{ Name: `${prefix}ingest`, Arn: ruleArnOf(`${prefix}ingest`) }] },
    )
    aws.eventbridge.on(DescribeRuleCommand).callsFake((input: { Name: string }) => ({ $metadata: { requestId: 'r' }, Name: input.Name, State: 'ENABLED' }))
    aws.eventbridge.on(ListTargetsByRuleCommand, { Rule: `${prefix}report` }).callsFake((input: { NextToken?: string }) =>
      input.NextToken === undefined ? { Targets: [{ Id: 'a', Arn: 'arn:cluster' }], NextToken: 'n' } : { Targets: [{ Id: 'b', Arn: 'arn:cluster' }] },
    )
    aws.eventbridge.on(ListTargetsByRuleCommand, { Rule: `${prefix}ingest` }).resolves({ Targets: [] })
    aws.eventbridge.on(ListRuleTagsCommand, { ResourceARN: ruleArnOf(`${prefix}report`) }, true).resolves({ Tags: [{ Key: 'ecsctl:service', Value: 'web' }] })
    aws.eventbridge.on(ListRuleTagsCommand, { ResourceARN: ruleArnOf(`${prefix}ingest`) }, true).resolves({})
    expect(await readEventRules(clients, prefix)).toEqual({
      [`${prefix}report`]: {
        rule: { Name: `${prefix}report`, State: 'ENABLED' },
        targets: [
          { Id: 'a', Arn: 'arn:cluster' },
          { Id: 'b', Arn: 'arn:cluster' },
        ],
        tags: [{ Key: 'ecsctl:service', Value: 'web' }],
      },
      [`${prefix}ingest`]: { rule: { Name: `${prefix}ingest`, State: 'ENABLED' }, targets: [], tags: [] },
    })
  })

  it('drops a rule deleted between the listing and the description', async () => {
    aws.eventbridge.on(ListRulesCommand).resolves({ Rules: [{ Name: `${prefix}gone`, Arn: ruleArnOf(`${prefix}gone`) }] })
    const gone = new ResourceNotFoundException({ message: 'Rule does not exist', $metadata })
    aws.eventbridge.on(DescribeRuleCommand).rejects(gone)
    aws.eventbridge.on(ListTargetsByRuleCommand).rejects(gone)
    aws.eventbridge.on(ListRuleTagsCommand).rejects(gone)
    expect(await readEventRules(clients, prefix)).toEqual({})
  })

  it('sends nothing more when no rule has the prefix', async () => {
    aws.eventbridge.on(ListRulesCommand).resolves({ Rules: [] })
    expect(await readEventRules(clients, prefix)).toEqual({})
    expect(sentCommands()).toEqual(['ListRulesCommand'])
  })
})

describe('readLogGroup', () => {
  it('finds the exact name among the prefix matches and stops paging there', async () => {
    aws.logs.on(DescribeLogGroupsCommand, { logGroupNamePrefix: '/ecs/web' }).callsFake((input: { nextToken?: string }) =>
      input.nextToken === undefined
        ? { logGroups: [{ logGroupName: '/ecs/web-api' }], nextToken: 'n2' }
        : input.nextToken === 'n2'
          ? { logGroups: [{ logGroupName: '/ecs/web', retentionInDays: 30 }], nextToken: 'n3' }
          : { logGroups: [{ logGroupName: '/ecs/web-zzz' }] },
    )
    expect(await readLogGroup(clients, '/ecs/web')).toEqual({ logGroupName: '/ecs/web', retentionInDays: 30 })
    expect(aws.logs.commandCalls(DescribeLogGroupsCommand)).toHaveLength(2)
  })

  it('is absent when only longer names share the prefix', async () => {
    aws.logs.on(DescribeLogGroupsCommand).resolves({ logGroups: [{ logGroupName: '/ecs/web-api' }] })
    expect(await readLogGroup(clients, '/ecs/web')).toBeUndefined()
  })
})
