// The updates and deletions ecsctl sends after a first deploy (changing rules and target groups,
// tags, teardown), and the refusals AWS gives when they come in the wrong order.
import {
  DeleteScheduledActionCommand,
  DeregisterScalableTargetCommand,
  DescribeScalingPoliciesCommand,
  DescribeScheduledActionsCommand,
  PutScalingPolicyCommand,
  PutScheduledActionCommand,
  RegisterScalableTargetCommand,
} from '@aws-sdk/client-application-auto-scaling'
import { DescribeAlarmsCommand, PutMetricAlarmCommand, TagResourceCommand as TagAlarmCommand, ListTagsForResourceCommand as ListAlarmTagsCommand } from '@aws-sdk/client-cloudwatch'
import {
  CreateServiceCommand,
  DeregisterTaskDefinitionCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ListTagsForResourceCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  StopTaskCommand,
  TagResourceCommand,
} from '@aws-sdk/client-ecs'
import { CreateAccessPointCommand, DeleteAccessPointCommand, DescribeAccessPointsCommand } from '@aws-sdk/client-efs'
import {
  AddTagsCommand,
  CreateRuleCommand,
  CreateTargetGroupCommand,
  DeleteRuleCommand,
  DeleteTargetGroupCommand,
  DescribeRulesCommand,
  DescribeTagsCommand,
  DescribeTargetGroupsCommand,
  ModifyRuleCommand,
  ModifyTargetGroupCommand,
  RemoveTagsCommand,
  SetRulePrioritiesCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2'
import { DeleteRuleCommand as DeleteEventRuleCommand, ListRulesCommand, PutRuleCommand, PutTargetsCommand, RemoveTargetsCommand } from '@aws-sdk/client-eventbridge'
import { describe, expect, it } from 'vitest'
import type { Endpoint } from './index.js'
import { ACCOUNT, type Clients, LISTENER, rejection, sharedEndpoint, VPC } from './support.js'

let endpoint: Endpoint
let aws: Clients
sharedEndpoint((started, clients) => {
  endpoint = started
  aws = clients
})

async function targetGroup(name: string): Promise<string> {
  const created = await aws.elbv2.send(new CreateTargetGroupCommand({ Name: name, Protocol: 'HTTP', Port: 80, VpcId: VPC, TargetType: 'ip' }))
  return created.TargetGroups?.[0]?.TargetGroupArn ?? ''
}

async function rule(priority: number, targetGroupArn: string, path: string): Promise<string> {
  const created = await aws.elbv2.send(
    new CreateRuleCommand({
      ListenerArn: LISTENER,
      Priority: priority,
      Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: [path] } }],
      Actions: [{ Type: 'forward', TargetGroupArn: targetGroupArn }],
      Tags: [{ Key: 'ecsctl:service', Value: 'web' }],
    }),
  )
  return created.Rules?.[0]?.RuleArn ?? ''
}

describe('ELBv2 changes', () => {
  it('modifies a rule and a target group, swaps priorities, and changes tags', async () => {
    const web = await targetGroup('web')
    const api = await targetGroup('api')
    const webRule = await rule(10, web, '/web/*')
    const apiRule = await rule(20, api, '/api/*')

    const modified = await aws.elbv2.send(new ModifyRuleCommand({ RuleArn: webRule, Conditions: [{ Field: 'host-header', Values: ['www.example.com'] }] }))
    expect(modified.Rules?.[0]?.Conditions).toEqual([{ Field: 'host-header', Values: ['www.example.com'], HostHeaderConfig: { Values: ['www.example.com'] } }])

    const swapped = await aws.elbv2.send(
      new SetRulePrioritiesCommand({
        RulePriorities: [
          { RuleArn: webRule, Priority: 20 },
          { RuleArn: apiRule, Priority: 10 },
        ],
      }),
    )
    expect(swapped.Rules?.map((r) => r.Priority)).toEqual(['20', '10'])
    const rules = await aws.elbv2.send(new DescribeRulesCommand({ ListenerArn: LISTENER }))
    expect(rules.Rules?.map((r) => r.RuleArn)).toEqual([apiRule, webRule, expect.any(String)])

    const group = await aws.elbv2.send(new ModifyTargetGroupCommand({ TargetGroupArn: web, HealthCheckPath: '/healthz', HealthCheckIntervalSeconds: 10 }))
    expect(group.TargetGroups?.[0]).toMatchObject({ HealthCheckPath: '/healthz', HealthCheckIntervalSeconds: 10 })

    await aws.elbv2.send(new AddTagsCommand({ ResourceArns: [web, webRule], Tags: [{ Key: 'team', Value: 'payments' }] }))
    await aws.elbv2.send(new RemoveTagsCommand({ ResourceArns: [webRule], TagKeys: ['ecsctl:service'] }))
    const tags = await aws.elbv2.send(new DescribeTagsCommand({ ResourceArns: [web, webRule] }))
    expect(tags.TagDescriptions?.map((d) => d.Tags)).toEqual([[{ Key: 'team', Value: 'payments' }], [{ Key: 'team', Value: 'payments' }]])
  })

  it('will not delete a target group a rule still forwards to, nor the default rule; in the right order both go', async () => {
    const web = await targetGroup('web')
    const webRule = await rule(10, web, '/*')
    const inUse = await rejection(aws.elbv2.send(new DeleteTargetGroupCommand({ TargetGroupArn: web })))
    expect(inUse.name).toBe('ResourceInUseException')

    const rules = await aws.elbv2.send(new DescribeRulesCommand({ ListenerArn: LISTENER }))
    const defaultRule = rules.Rules?.find((r) => r.IsDefault)?.RuleArn
    expect((await rejection(aws.elbv2.send(new DeleteRuleCommand({ RuleArn: defaultRule })))).name).toBe('OperationNotPermittedException')

    await aws.elbv2.send(new DeleteRuleCommand({ RuleArn: webRule }))
    await aws.elbv2.send(new DeleteTargetGroupCommand({ TargetGroupArn: web }))
    expect((await rejection(aws.elbv2.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [web] })))).name).toBe('TargetGroupNotFoundException')
    expect((await rejection(aws.elbv2.send(new DeleteRuleCommand({ RuleArn: webRule })))).name).toBe('RuleNotFoundException')
  })
})

describe('ECS changes', () => {
  it('tags a task definition and a service, deregisters a revision so the family resolves to the previous one', async () => {
    const input = { family: 'web', containerDefinitions: [{ name: 'app', image: 'nginx', memory: 128 }] }
    await aws.ecs.send(new RegisterTaskDefinitionCommand(input))
    const second = await aws.ecs.send(new RegisterTaskDefinitionCommand(input))
    const arn = second.taskDefinition?.taskDefinitionArn

    await aws.ecs.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: 'team', value: 'payments' }] }))
    expect((await aws.ecs.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags).toEqual([{ key: 'team', value: 'payments' }])

    const created = await aws.ecs.send(new CreateServiceCommand({ cluster: 'prod', serviceName: 'web', taskDefinition: 'web', desiredCount: 0 }))
    await aws.ecs.send(new TagResourceCommand({ resourceArn: created.service?.serviceArn, tags: [{ key: 'ecsctl:service', value: 'web' }] }))
    expect((await aws.ecs.send(new ListTagsForResourceCommand({ resourceArn: created.service?.serviceArn }))).tags).toEqual([{ key: 'ecsctl:service', value: 'web' }])

    const deregistered = await aws.ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'web:2' }))
    expect(deregistered.taskDefinition).toMatchObject({ status: 'INACTIVE' })
    expect(deregistered.taskDefinition?.deregisteredAt).toBeInstanceOf(Date)
    expect((await aws.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'web' }))).taskDefinition?.revision).toBe(1)
    // An inactive revision can still be described by its number.
    expect((await aws.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'web:2' }))).taskDefinition?.status).toBe('INACTIVE')
  })

  it('stops a standalone task with the reason given', async () => {
    await aws.ecs.send(new RegisterTaskDefinitionCommand({ family: 'job', containerDefinitions: [{ name: 'app', image: 'busybox', memory: 64 }] }))
    const run = await aws.ecs.send(new RunTaskCommand({ cluster: 'prod', taskDefinition: 'job' }))
    const taskArn = run.tasks?.[0]?.taskArn
    const stopped = await aws.ecs.send(new StopTaskCommand({ cluster: 'prod', task: taskArn, reason: 'Interrupted by ecsctl' }))
    expect(stopped.task).toMatchObject({ lastStatus: 'STOPPED', desiredStatus: 'STOPPED', stopCode: 'UserInitiated', stoppedReason: 'Interrupted by ecsctl' })
    const described = await aws.ecs.send(new DescribeTasksCommand({ cluster: 'prod', tasks: [taskArn ?? ''] }))
    expect(described.tasks?.[0]?.lastStatus).toBe('STOPPED')
  })
})

describe('teardown of the other resources', () => {
  it('deregistering a scalable target removes its policies, their alarms and its scheduled actions', async () => {
    await aws.ecs.send(new RegisterTaskDefinitionCommand({ family: 'web', containerDefinitions: [{ name: 'app', image: 'nginx', memory: 128 }] }))
    await aws.ecs.send(new CreateServiceCommand({ cluster: 'prod', serviceName: 'web', taskDefinition: 'web', desiredCount: 1 }))
    const scope = { ServiceNamespace: 'ecs' as const, ResourceId: 'service/prod/web', ScalableDimension: 'ecs:service:DesiredCount' as const }
    await aws.autoscaling.send(new RegisterScalableTargetCommand({ ...scope, MinCapacity: 1, MaxCapacity: 3 }))
    await aws.autoscaling.send(
      new PutScalingPolicyCommand({
        ...scope,
        PolicyName: 'web-cpu',
        PolicyType: 'TargetTrackingScaling',
        TargetTrackingScalingPolicyConfiguration: { TargetValue: 50, PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' } },
      }),
    )
    await aws.autoscaling.send(new PutScheduledActionCommand({ ...scope, ScheduledActionName: 'web-night', Schedule: 'cron(0 20 * * ? *)', ScalableTargetAction: { MinCapacity: 1, MaxCapacity: 1 } }))
    await aws.autoscaling.send(new PutScheduledActionCommand({ ...scope, ScheduledActionName: 'web-day', Schedule: 'cron(0 8 * * ? *)', ScalableTargetAction: { MinCapacity: 2, MaxCapacity: 3 } }))
    expect((await aws.cloudwatch.send(new DescribeAlarmsCommand({ AlarmNamePrefix: 'TargetTracking-service/prod/web-' }))).MetricAlarms).toHaveLength(2)

    await aws.autoscaling.send(new DeleteScheduledActionCommand({ ...scope, ScheduledActionName: 'web-day' }))
    expect((await aws.autoscaling.send(new DescribeScheduledActionsCommand({ ...scope }))).ScheduledActions?.map((a) => a.ScheduledActionName)).toEqual(['web-night'])

    await aws.autoscaling.send(new DeregisterScalableTargetCommand(scope))
    expect((await aws.autoscaling.send(new DescribeScalingPoliciesCommand({ ...scope }))).ScalingPolicies).toEqual([])
    expect((await aws.autoscaling.send(new DescribeScheduledActionsCommand({ ...scope }))).ScheduledActions).toEqual([])
    expect((await aws.cloudwatch.send(new DescribeAlarmsCommand({ AlarmNamePrefix: 'TargetTracking-' }))).MetricAlarms).toEqual([])
    expect((await rejection(aws.autoscaling.send(new DeregisterScalableTargetCommand(scope)))).name).toBe('ObjectNotFoundException')
  })

  it('an EventBridge rule goes only once its targets are removed', async () => {
    await aws.eventbridge.send(new PutRuleCommand({ Name: 'ecsctl-prod-web-nightly', ScheduleExpression: 'rate(1 day)' }))
    await aws.eventbridge.send(new PutTargetsCommand({ Rule: 'ecsctl-prod-web-nightly', Targets: [{ Id: 'nightly', Arn: `arn:aws:ecs:us-east-1:${ACCOUNT}:cluster/prod` }] }))
    const refused = await rejection(aws.eventbridge.send(new DeleteEventRuleCommand({ Name: 'ecsctl-prod-web-nightly' })))
    expect(refused.name).toBe('ValidationException')
    await aws.eventbridge.send(new RemoveTargetsCommand({ Rule: 'ecsctl-prod-web-nightly', Ids: ['nightly'] }))
    await aws.eventbridge.send(new DeleteEventRuleCommand({ Name: 'ecsctl-prod-web-nightly' }))
    expect((await aws.eventbridge.send(new ListRulesCommand({ NamePrefix: 'ecsctl-' }))).Rules).toEqual([])
  })

  it('an access point is deleted; an alarm keeps its tags when put again, as PutMetricAlarm ignores tags on update', async () => {
    endpoint.seed.fileSystem({ id: 'fs-1', name: 'data' })
    const accessPoint = await aws.efs.send(new CreateAccessPointCommand({ ClientToken: 't', FileSystemId: 'fs-1' }))
    await aws.efs.send(new DeleteAccessPointCommand({ AccessPointId: accessPoint.AccessPointId }))
    expect((await aws.efs.send(new DescribeAccessPointsCommand({ FileSystemId: 'fs-1' }))).AccessPoints).toEqual([])
    expect((await rejection(aws.efs.send(new DeleteAccessPointCommand({ AccessPointId: accessPoint.AccessPointId })))).name).toBe('AccessPointNotFound')

    const alarm = { AlarmName: 'a', MetricName: 'm', Namespace: 'n', EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: 'GreaterThanThreshold' as const }
    await aws.cloudwatch.send(new PutMetricAlarmCommand({ ...alarm, Tags: [{ Key: 'ecsctl:service', Value: 'web' }] }))
    await aws.cloudwatch.send(new PutMetricAlarmCommand({ ...alarm, Threshold: 2, Tags: [{ Key: 'other', Value: 'x' }] }))
    const [described] = (await aws.cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: ['a'] }))).MetricAlarms ?? []
    expect(described?.Threshold).toBe(2)
    await aws.cloudwatch.send(new TagAlarmCommand({ ResourceARN: described?.AlarmArn, Tags: [{ Key: 'team', Value: 'payments' }] }))
    expect((await aws.cloudwatch.send(new ListAlarmTagsCommand({ ResourceARN: described?.AlarmArn }))).Tags).toEqual([
      { Key: 'ecsctl:service', Value: 'web' },
      { Key: 'team', Value: 'payments' },
    ])
  })
})
