// The AWS the apply and deploy tests run against: a mock per SDK client (the wait tests' four plus
// the rest), reset before each test, where any request no test set up fails and is recorded.
// `serveReads` answers every read the live-state readers make from a LiveState, as AWS would; the
// write handlers each test installs record what was sent, in order across all clients.
import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling'
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch'
import { EFSClient } from '@aws-sdk/client-efs'
import { EventBridgeClient } from '@aws-sdk/client-eventbridge'
import { STSClient } from '@aws-sdk/client-sts'
import * as ecs from '@aws-sdk/client-ecs'
import * as elbv2 from '@aws-sdk/client-elastic-load-balancing-v2'
import * as efs from '@aws-sdk/client-efs'
import * as autoscaling from '@aws-sdk/client-application-auto-scaling'
import * as cloudwatch from '@aws-sdk/client-cloudwatch'
import * as eventbridge from '@aws-sdk/client-eventbridge'
import * as logs from '@aws-sdk/client-cloudwatch-logs'
import * as ecr from '@aws-sdk/client-ecr'
import * as sts from '@aws-sdk/client-sts'
import { mockClient } from 'aws-sdk-client-mock'
import { expect } from 'vitest'
import type { LiveState } from '../../src/lib/aws/live-state.js'
import { aws as waitMocks, awsError } from './support.js'

export const aws = {
  ...waitMocks,
  efs: mockClient(EFSClient),
  autoscaling: mockClient(ApplicationAutoScalingClient),
  cloudwatch: mockClient(CloudWatchClient),
  eventbridge: mockClient(EventBridgeClient),
  sts: mockClient(STSClient),
}
export type ClientName = keyof typeof aws

export interface SentRequest {
  client: ClientName
  /** The operation: `CreateTargetGroup`. */
  operation: string
  input: Record<string, unknown>
}

/** Every request a handler answered, in the order they were sent. */
export const sent: SentRequest[] = []
/** Requests no test set up: each also rejects. */
export const unexpected: string[] = []

/** A mock as this file uses it: the clients' stubs differ only in their SDK types. */
type AnyMock = (typeof aws)['efs']
type CommandClass = abstract new (...args: never[]) => unknown
type Handler = (input: Record<string, unknown>) => unknown

export function resetAws(): void {
  sent.length = 0
  unexpected.length = 0
  for (const [client, mock] of Object.entries(aws) as [ClientName, AnyMock][]) {
    mock.reset()
    mock.onAnyCommand().callsFake((input: unknown) => {
      const call = `unexpected ${client} call: ${JSON.stringify(input)}`
      unexpected.push(call)
      return Promise.reject(new Error(call))
    })
  }
}

export const expectNothingUnexpected = (): void => expect(unexpected).toEqual([])

/** Answers `command` on `client` with `handler` (its value, or its rejection), recording the request. */
export function answer(client: ClientName, command: CommandClass, handler: Handler): void {
  const operation = command.name.replace(/Command$/, '')
  ;(aws[client] as AnyMock).on(command as never).callsFake(async (input: Record<string, unknown>) => {
    sent.push({ client, operation, input })
    return handler(input)
  })
}

const READ = /^(Describe|List|Get)/

/** The write requests sent, as `Operation`, in order. */
export const writeOperations = (): string[] => sent.filter((request) => !READ.test(request.operation)).map((request) => request.operation)

/** The inputs of every `operation` sent, in order. */
export const inputsOf = <T = Record<string, unknown>>(operation: string): T[] =>
  sent.filter((request) => request.operation === operation).map((request) => request.input as T)

/** The one input of `operation`; fails the test when it was sent another number of times. */
export function onlyInputOf<T = Record<string, unknown>>(operation: string): T {
  const inputs = inputsOf<T>(operation)
  expect(inputs, `${operation} sent once`).toHaveLength(1)
  return inputs[0] as T
}

// --- reads ---------------------------------------------------------------------------------------

export interface ReadOptions {
  /** What DescribeServices without tags (the waiter's) answers, poll by poll; the last one repeats. */
  polls?: ecs.Service[]
  /** The account STS names. */
  accountId?: string
  /** Images that DescribeImages does not find, as `repository:tag`. */
  missingImages?: string[]
}

/**
 * Answers every read of the live-state readers (and STS, ECR, the waiter's DescribeServices) from
 * `live`, in the SDK's output shapes. `live` is read at each request, so a test may change it.
 */
export async function serveReads(live: LiveState, options: ReadOptions = {}): Promise<void> {

  const polls = [...(options.polls ?? [])]
  answer('ecs', ecs.DescribeServicesCommand, (input) => {
    const reading = Array.isArray(input.include) && input.include.includes('TAGS')
    if (!reading) {
      const poll = polls.length > 1 ? polls.shift() : polls[0]
      if (!poll) throw new Error('the test gave no DescribeServices answers for the waiter')
      return { services: [poll], failures: [] }
    }
    return live.service ? { services: [live.service], failures: [] } : { services: [], failures: [{ arn: String(input.services), reason: 'MISSING' }] }
  })
  answer('ecs', ecs.DescribeTaskDefinitionCommand, () => {
    if (!live.taskDefinition) throw awsError('ClientException', 'Unable to describe task definition.')
    return { taskDefinition: live.taskDefinition.taskDefinition, tags: live.taskDefinition.tags }
  })

  const targetGroups = () => [...Object.values(live.targetGroups).map((group) => group.targetGroup), ...Object.values(live.externalTargetGroups)]
  answer('elbv2', elbv2.DescribeTargetGroupsCommand, (input) => {
    const names = (input.Names as string[] | undefined) ?? []
    const arns = (input.TargetGroupArns as string[] | undefined) ?? []
    const found = targetGroups().filter((group) => names.includes(group.TargetGroupName ?? '') || arns.includes(group.TargetGroupArn ?? ''))
    if (found.length === 0) throw awsError('TargetGroupNotFoundException', 'One or more target groups not found')
    return { TargetGroups: found }
  })
  const managedGroup = (arn: unknown) => Object.values(live.targetGroups).find((group) => group.targetGroup.TargetGroupArn === arn)
  answer('elbv2', elbv2.DescribeTargetGroupAttributesCommand, (input) => ({ Attributes: managedGroup(input.TargetGroupArn)?.attributes ?? [] }))
  answer('elbv2', elbv2.DescribeTagsCommand, (input) => {
    const rules = Object.values(live.listenerRules).flat()
    return {
      TagDescriptions: (input.ResourceArns as string[]).map((arn) => ({
        ResourceArn: arn,
        Tags: managedGroup(arn)?.tags ?? rules.find((rule) => rule.rule.RuleArn === arn)?.tags ?? [],
      })),
    }
  })
  answer('elbv2', elbv2.DescribeRulesCommand, (input) => {
    const rules = live.listenerRules[String(input.ListenerArn)]
    if (!rules) throw awsError('ListenerNotFoundException', 'One or more listeners not found')
    return { Rules: rules.map((rule) => rule.rule) }
  })
  answer('elbv2', elbv2.DescribeListenersCommand, (input) => {
    const listener = live.listeners[String((input.ListenerArns as string[])[0])]
    if (!listener) throw awsError('ListenerNotFoundException', 'One or more listeners not found')
    return { Listeners: [listener] }
  })
  answer('elbv2', elbv2.DescribeLoadBalancersCommand, (input) => {
    const loadBalancer = live.loadBalancers[String((input.LoadBalancerArns as string[])[0])]
    if (!loadBalancer) throw awsError('LoadBalancerNotFoundException', 'One or more load balancers not found')
    return { LoadBalancers: [loadBalancer] }
  })

  answer('efs', efs.DescribeFileSystemsCommand, () => ({ FileSystems: Object.values(live.fileSystems) }))
  answer('efs', efs.DescribeAccessPointsCommand, (input) => ({ AccessPoints: live.accessPoints[String(input.FileSystemId)] ?? [] }))

  answer('autoscaling', autoscaling.DescribeScalableTargetsCommand, () => ({ ScalableTargets: live.scalableTarget ? [live.scalableTarget] : [] }))
  answer('autoscaling', autoscaling.DescribeScalingPoliciesCommand, () => ({ ScalingPolicies: Object.values(live.scalingPolicies) }))
  answer('autoscaling', autoscaling.DescribeScheduledActionsCommand, () => ({ ScheduledActions: Object.values(live.scheduledActions) }))

  answer('cloudwatch', cloudwatch.DescribeAlarmsCommand, () => ({ MetricAlarms: Object.values(live.alarms).map((alarm) => alarm.alarm) }))
  answer('cloudwatch', cloudwatch.ListTagsForResourceCommand, (input) => ({
    Tags: Object.values(live.alarms).find((alarm) => alarm.alarm.AlarmArn === input.ResourceARN)?.tags ?? [],
  }))

  answer('eventbridge', eventbridge.ListRulesCommand, () => ({ Rules: Object.values(live.eventRules).map(({ rule }) => ({ Name: rule.Name, Arn: rule.Arn })) }))
  answer('eventbridge', eventbridge.DescribeRuleCommand, (input) => {
    const rule = live.eventRules[String(input.Name)]
    if (!rule) throw awsError('ResourceNotFoundException', 'Rule does not exist')
    return rule.rule
  })
  answer('eventbridge', eventbridge.ListTargetsByRuleCommand, (input) => ({ Targets: live.eventRules[String(input.Rule)]?.targets ?? [] }))
  answer('eventbridge', eventbridge.ListTagsForResourceCommand, (input) => ({
    Tags: Object.values(live.eventRules).find((rule) => rule.rule.Arn === input.ResourceARN)?.tags ?? [],
  }))

  answer('logs', logs.DescribeLogGroupsCommand, (input) => ({
    logGroups: Object.values(live.logGroups).filter((group) => group.logGroupName?.startsWith(String(input.logGroupNamePrefix))),
  }))

  answer('sts', sts.GetCallerIdentityCommand, () => ({ Account: options.accountId ?? live.accountId ?? '123456789012', Arn: 'arn:aws:iam::123456789012:user/ci' }))

  answer('ecr', ecr.DescribeImagesCommand, (input) => {
    const ids = input.imageIds as { imageTag?: string }[]
    const missing = ids.filter((id) => options.missingImages?.includes(`${String(input.repositoryName)}:${id.imageTag ?? ''}`))
    if (missing.length > 0) throw awsError('ImageNotFoundException', 'The image requested does not exist in the specified repository.')
    return { imageDetails: ids.map((id) => ({ imageTags: [id.imageTag], imageDigest: `sha256:${'0'.repeat(64)}` })) }
  })
}

// --- writes --------------------------------------------------------------------------------------

export interface WriteOptions {
  /** Where created resources take their ids and ARNs from (the fixture's state after a deploy), so that a later read matches. */
  ids?: LiveState
  /** The revision RegisterTaskDefinition answers with. */
  revision?: number
  /** The id of the deployment CreateService and UpdateService start. */
  deploymentId?: string
  /** The PRIMARY deployment UpdateService reports when it starts none (a change of count or settings only). */
  keepsDeployment?: string
  region?: string
  accountId?: string
}

export const NEW_DEPLOYMENT = 'ecs-svc/5555555555555555555'
/** The id of the n-th access point the harness creates (without `ids` knowing one). */
export const newAccessPointId = (n: number): string => `fsap-0${String(n).padStart(16, '0')}`

/**
 * Answers every write apply may send, as AWS would: created resources get ids and ARNs (those of
 * `ids` where it has them), CreateService and UpdateService report their PRIMARY deployment.
 */
export async function answerWrites(options: WriteOptions = {}): Promise<void> {
  const region = options.region ?? 'us-east-1'
  const account = options.accountId ?? options.ids?.accountId ?? '123456789012'
  const ok = () => ({})

  for (const command of [logs.CreateLogGroupCommand, logs.PutRetentionPolicyCommand, logs.DeleteRetentionPolicyCommand]) answer('logs', command, ok)

  let accessPoints = 0
  answer('efs', efs.CreateAccessPointCommand, (input) => {
    const name = (input.Tags as { Key: string; Value: string }[]).find((tag) => tag.Key === 'Name')?.Value
    const known = Object.values(options.ids?.accessPoints ?? {})
      .flat()
      .find((accessPoint) => accessPoint.Name === name)
    accessPoints += 1
    const id = known?.AccessPointId ?? newAccessPointId(accessPoints)
    return { AccessPointId: id, AccessPointArn: `arn:aws:elasticfilesystem:${region}:${account}:access-point/${id}`, LifeCycleState: 'creating' }
  })
  for (const command of [efs.DeleteAccessPointCommand, efs.TagResourceCommand, efs.UntagResourceCommand]) answer('efs', command, ok)

  answer('ecs', ecs.RegisterTaskDefinitionCommand, (input) => {
    const revision = options.revision ?? 8
    const arn = `arn:aws:ecs:${region}:${account}:task-definition/${String(input.family)}:${revision}`
    return { taskDefinition: { ...input, taskDefinitionArn: arn, revision, status: 'ACTIVE' } }
  })
  const deploymentId = options.deploymentId ?? NEW_DEPLOYMENT
  answer('ecs', ecs.CreateServiceCommand, (input) => ({
    service: {
      serviceName: input.serviceName,
      serviceArn: `arn:aws:ecs:${region}:${account}:service/${String(input.cluster)}/${String(input.serviceName)}`,
      taskDefinition: input.taskDefinition,
      deployments: [{ id: deploymentId, status: 'PRIMARY', taskDefinition: input.taskDefinition, rolloutState: 'IN_PROGRESS' }],
    },
  }))
  answer('ecs', ecs.UpdateServiceCommand, (input) => ({
    service: {
      serviceName: input.service,
      deployments: [{ id: options.keepsDeployment ?? deploymentId, status: 'PRIMARY', taskDefinition: input.taskDefinition, rolloutState: 'IN_PROGRESS' }],
    },
  }))
  for (const command of [ecs.TagResourceCommand, ecs.UntagResourceCommand]) answer('ecs', command, ok)

  answer('elbv2', elbv2.CreateTargetGroupCommand, (input) => {
    const name = String(input.Name)
    const known = options.ids?.targetGroups[name]?.targetGroup
    return { TargetGroups: [known ?? { ...input, TargetGroupName: name, TargetGroupArn: `arn:aws:elasticloadbalancing:${region}:${account}:targetgroup/${name}/0123456789abcdef` }] }
  })
  answer('elbv2', elbv2.CreateRuleCommand, (input) => ({ Rules: [{ RuleArn: `${String(input.ListenerArn).replace(':listener/', ':listener-rule/')}/9f8e7d6c5b4a3f2e`, Priority: String(input.Priority) }] }))
  for (const command of [
    elbv2.ModifyTargetGroupCommand,
    elbv2.ModifyTargetGroupAttributesCommand,
    elbv2.AddTagsCommand,
    elbv2.RemoveTagsCommand,
    elbv2.ModifyRuleCommand,
    elbv2.SetRulePrioritiesCommand,
    elbv2.DeleteRuleCommand,
    elbv2.DeleteTargetGroupCommand,
    elbv2.ModifyListenerCommand,
  ]) {
    answer('elbv2', command, ok)
  }

  answer('autoscaling', autoscaling.PutScalingPolicyCommand, (input) => {
    const name = String(input.PolicyName)
    const known = options.ids?.scalingPolicies[name]?.PolicyARN
    return { PolicyARN: known ?? `arn:aws:autoscaling:${region}:${account}:scalingPolicy:0f0f:resource/ecs/${String(input.ResourceId)}:policyName/${name}`, Alarms: [] }
  })
  for (const command of [
    autoscaling.RegisterScalableTargetCommand,
    autoscaling.DeregisterScalableTargetCommand,
    autoscaling.DeleteScalingPolicyCommand,
    autoscaling.PutScheduledActionCommand,
    autoscaling.DeleteScheduledActionCommand,
  ]) {
    answer('autoscaling', command, ok)
  }

  for (const command of [cloudwatch.PutMetricAlarmCommand, cloudwatch.DeleteAlarmsCommand, cloudwatch.TagResourceCommand, cloudwatch.UntagResourceCommand]) answer('cloudwatch', command, ok)

  answer('eventbridge', eventbridge.PutRuleCommand, (input) => ({ RuleArn: `arn:aws:events:${region}:${account}:rule/${String(input.Name)}` }))
  answer('eventbridge', eventbridge.PutTargetsCommand, () => ({ FailedEntryCount: 0, FailedEntries: [] }))
  answer('eventbridge', eventbridge.RemoveTargetsCommand, () => ({ FailedEntryCount: 0, FailedEntries: [] }))
  for (const command of [eventbridge.DeleteRuleCommand, eventbridge.TagResourceCommand, eventbridge.UntagResourceCommand]) answer('eventbridge', command, ok)
}
