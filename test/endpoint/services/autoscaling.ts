// Application Auto Scaling (awsJson1_1): scalable targets (an ECS service must exist to be
// registered), scaling policies and scheduled actions on them, and tags on targets. A target
// tracking policy creates its two CloudWatch alarms, as the real service does, and deleting the
// policy or the target removes them.
import type {
  Alarm,
  DeleteScalingPolicyRequest,
  DeleteScheduledActionRequest,
  DeregisterScalableTargetRequest,
  DescribeScalableTargetsRequest,
  DescribeScalingPoliciesRequest,
  DescribeScheduledActionsRequest,
  ListTagsForResourceRequest,
  PutScalingPolicyRequest,
  PutScheduledActionRequest,
  RegisterScalableTargetRequest,
  ScalableTarget,
  TagResourceRequest,
  UntagResourceRequest,
} from '@aws-sdk/client-application-auto-scaling'
import { arn } from '../arns.js'
import { operation, type OperationContext, type Operations } from '../context.js'
import { AwsError, check } from '../errors.js'
import { hex, uuid } from '../ids.js'
import { paginate } from '../pages.js'
import type { AutoScalingState, EndpointState } from '../state.js'
import { deleteAlarm, metricAlarm } from './cloudwatch.js'

interface Scope {
  ServiceNamespace?: string
  ResourceId?: string
  ScalableDimension?: string
}

const invalidToken = () => new AwsError('InvalidNextTokenException', 'The next token is not valid.')
const scopeKey = (scope: Scope) => `${scope.ServiceNamespace}|${scope.ResourceId}|${scope.ScalableDimension}`
const describeScope = (scope: Scope) => `service namespace: ${scope.ServiceNamespace}, resource ID: ${scope.ResourceId}, scalable dimension: ${scope.ScalableDimension}`

export const autoscalingOperations: Operations = {
  RegisterScalableTarget: operation<RegisterScalableTargetRequest>((input, context) => {
    const { state, region, now } = context
    const key = scopeKey(input)
    const existing = state.autoscaling.targets.get(key)
    if (!existing) {
      check(input.MinCapacity !== undefined && input.MaxCapacity !== undefined, 'ValidationException', 'MinCapacity and MaxCapacity are required for registering a new scalable target')
      checkResourceExists(state, input)
    }
    const target: ScalableTarget = {
      ServiceNamespace: input.ServiceNamespace,
      ResourceId: input.ResourceId,
      ScalableDimension: input.ScalableDimension,
      MinCapacity: input.MinCapacity ?? existing?.MinCapacity,
      MaxCapacity: input.MaxCapacity ?? existing?.MaxCapacity,
      RoleARN:
        input.RoleARN ??
        existing?.RoleARN ??
        `arn:aws:iam::${state.accountId}:role/aws-service-role/ecs.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ECSService`,
      CreationTime: existing?.CreationTime ?? now,
      SuspendedState: {
        DynamicScalingInSuspended: false,
        DynamicScalingOutSuspended: false,
        ScheduledScalingSuspended: false,
        ...existing?.SuspendedState,
        ...input.SuspendedState,
      },
      ScalableTargetARN: existing?.ScalableTargetARN ?? arn('application-autoscaling', region, state.accountId, `scalable-target/0e${hex(30)}`),
    }
    check((target.MinCapacity ?? 0) <= (target.MaxCapacity ?? 0), 'ValidationException', 'Minimum capacity cannot be greater than maximum capacity')
    state.autoscaling.targets.set(key, target)
    if (!existing) state.autoscaling.tags.set(target.ScalableTargetARN ?? '', { ...input.Tags })
    return { ScalableTargetARN: target.ScalableTargetARN }
  }),

  DescribeScalableTargets: operation<DescribeScalableTargetsRequest>((input, { state }) => {
    check(input.ServiceNamespace, 'ValidationException', 'ServiceNamespace is required')
    const targets = [...state.autoscaling.targets.values()].filter(
      (target) =>
        target.ServiceNamespace === input.ServiceNamespace &&
        (!input.ResourceIds?.length || input.ResourceIds.includes(target.ResourceId ?? '')) &&
        (!input.ScalableDimension || target.ScalableDimension === input.ScalableDimension),
    )
    const page = paginate(targets, input.NextToken, input.MaxResults, 50, invalidToken)
    return { ScalableTargets: page.items, NextToken: page.next }
  }),

  DeregisterScalableTarget: operation<DeregisterScalableTargetRequest>((input, { state }) => {
    const key = scopeKey(input)
    const target = state.autoscaling.targets.get(key)
    if (!target) throw new AwsError('ObjectNotFoundException', `No scalable target registered for ${describeScope(input)}`)
    // Deregistering also deletes the target's policies (and their alarms) and scheduled actions.
    for (const [policyKey, policy] of state.autoscaling.policies) {
      if (scopeKey(policy) !== key) continue
      for (const alarm of policy.Alarms ?? []) deleteAlarm(state.cloudwatch, alarm.AlarmName ?? '')
      state.autoscaling.policies.delete(policyKey)
    }
    for (const [actionKey, action] of state.autoscaling.scheduledActions) if (scopeKey(action) === key) state.autoscaling.scheduledActions.delete(actionKey)
    state.autoscaling.targets.delete(key)
    state.autoscaling.tags.delete(target.ScalableTargetARN ?? '')
  }),

  PutScalingPolicy: operation<PutScalingPolicyRequest>((input, context) => {
    const { state, region, now } = context
    findTarget(state.autoscaling, input)
    const policyType = input.PolicyType ?? 'StepScaling'
    check(
      policyType !== 'TargetTrackingScaling' || input.TargetTrackingScalingPolicyConfiguration,
      'ValidationException',
      'TargetTrackingScalingPolicyConfiguration is required for a policy of type TargetTrackingScaling',
    )
    check(policyType !== 'StepScaling' || input.StepScalingPolicyConfiguration, 'ValidationException', 'StepScalingPolicyConfiguration is required for a policy of type StepScaling')
    const key = `${scopeKey(input)}|${input.PolicyName}`
    const existing = state.autoscaling.policies.get(key)
    const policyArn =
      existing?.PolicyARN ??
      arn('autoscaling', region, state.accountId, `scalingPolicy:${uuid()}:resource/${input.ServiceNamespace}/${input.ResourceId}:policyName/${input.PolicyName}`)
    for (const alarm of existing?.Alarms ?? []) deleteAlarm(state.cloudwatch, alarm.AlarmName ?? '')
    const alarms = policyType === 'TargetTrackingScaling' ? targetTrackingAlarms(input, policyArn, context) : []
    state.autoscaling.policies.set(key, {
      PolicyARN: policyArn,
      PolicyName: input.PolicyName,
      ServiceNamespace: input.ServiceNamespace,
      ResourceId: input.ResourceId,
      ScalableDimension: input.ScalableDimension,
      PolicyType: policyType,
      StepScalingPolicyConfiguration: input.StepScalingPolicyConfiguration,
      TargetTrackingScalingPolicyConfiguration: input.TargetTrackingScalingPolicyConfiguration,
      Alarms: alarms,
      CreationTime: existing?.CreationTime ?? now,
    })
    return { PolicyARN: policyArn, Alarms: alarms }
  }),

  DescribeScalingPolicies: operation<DescribeScalingPoliciesRequest>((input, { state }) => {
    const policies = [...state.autoscaling.policies.values()].filter(
      (policy) =>
        policy.ServiceNamespace === input.ServiceNamespace &&
        (!input.ResourceId || policy.ResourceId === input.ResourceId) &&
        (!input.ScalableDimension || policy.ScalableDimension === input.ScalableDimension) &&
        (!input.PolicyNames?.length || input.PolicyNames.includes(policy.PolicyName ?? '')),
    )
    const page = paginate(policies, input.NextToken, input.MaxResults, 50, invalidToken)
    return { ScalingPolicies: page.items, NextToken: page.next }
  }),

  DeleteScalingPolicy: operation<DeleteScalingPolicyRequest>((input, { state }) => {
    const key = `${scopeKey(input)}|${input.PolicyName}`
    const policy = state.autoscaling.policies.get(key)
    if (!policy) throw new AwsError('ObjectNotFoundException', `No scaling policy found for ${describeScope(input)}, policy name: ${input.PolicyName}`)
    for (const alarm of policy.Alarms ?? []) deleteAlarm(state.cloudwatch, alarm.AlarmName ?? '')
    state.autoscaling.policies.delete(key)
  }),

  PutScheduledAction: operation<PutScheduledActionRequest>((input, { state, region, now }) => {
    findTarget(state.autoscaling, input)
    const key = `${scopeKey(input)}|${input.ScheduledActionName}`
    const existing = state.autoscaling.scheduledActions.get(key)
    check(existing || input.Schedule, 'ValidationException', 'Schedule is required for a new scheduled action')
    state.autoscaling.scheduledActions.set(key, {
      ScheduledActionName: input.ScheduledActionName,
      ScheduledActionARN:
        existing?.ScheduledActionARN ??
        arn(
          'autoscaling',
          region,
          state.accountId,
          `scheduledAction:${uuid()}:resource/${input.ServiceNamespace}/${input.ResourceId}:scheduledActionName/${input.ScheduledActionName}`,
        ),
      ServiceNamespace: input.ServiceNamespace,
      Schedule: input.Schedule ?? existing?.Schedule,
      Timezone: input.Timezone ?? existing?.Timezone ?? 'UTC',
      ResourceId: input.ResourceId,
      ScalableDimension: input.ScalableDimension,
      StartTime: input.StartTime ?? existing?.StartTime,
      EndTime: input.EndTime ?? existing?.EndTime,
      ScalableTargetAction: input.ScalableTargetAction ?? existing?.ScalableTargetAction,
      CreationTime: existing?.CreationTime ?? now,
    })
  }),

  DescribeScheduledActions: operation<DescribeScheduledActionsRequest>((input, { state }) => {
    const actions = [...state.autoscaling.scheduledActions.values()].filter(
      (action) =>
        action.ServiceNamespace === input.ServiceNamespace &&
        (!input.ResourceId || action.ResourceId === input.ResourceId) &&
        (!input.ScalableDimension || action.ScalableDimension === input.ScalableDimension) &&
        (!input.ScheduledActionNames?.length || input.ScheduledActionNames.includes(action.ScheduledActionName ?? '')),
    )
    const page = paginate(actions, input.NextToken, input.MaxResults, 50, invalidToken)
    return { ScheduledActions: page.items, NextToken: page.next }
  }),

  DeleteScheduledAction: operation<DeleteScheduledActionRequest>((input, { state }) => {
    const key = `${scopeKey(input)}|${input.ScheduledActionName}`
    if (!state.autoscaling.scheduledActions.has(key)) {
      throw new AwsError('ObjectNotFoundException', `No scheduled action found for ${describeScope(input)}, scheduled action name: ${input.ScheduledActionName}`)
    }
    state.autoscaling.scheduledActions.delete(key)
  }),

  TagResource: operation<TagResourceRequest>((input, { state }) => {
    Object.assign(findTargetTags(state.autoscaling, input.ResourceARN), input.Tags)
  }),

  UntagResource: operation<UntagResourceRequest>((input, { state }) => {
    const tags = findTargetTags(state.autoscaling, input.ResourceARN)
    for (const key of input.TagKeys ?? []) delete tags[key]
  }),

  ListTagsForResource: operation<ListTagsForResourceRequest>((input, { state }) => ({ Tags: { ...findTargetTags(state.autoscaling, input.ResourceARN) } })),
}

/** Application Auto Scaling checks that an ECS service exists before it will scale it. */
function checkResourceExists(state: EndpointState, scope: Scope): void {
  if (scope.ServiceNamespace !== 'ecs') return
  const [, cluster = '', service = ''] = (scope.ResourceId ?? '').split('/')
  const record = state.ecs.services.get(`${cluster}/${service}`)
  if (!record || record.service.status !== 'ACTIVE') throw new AwsError('ValidationException', `ECS service doesn't exist: ${scope.ResourceId}`)
}

function findTarget(autoscaling: AutoScalingState, scope: Scope): ScalableTarget {
  const target = autoscaling.targets.get(scopeKey(scope))
  if (!target) throw new AwsError('ObjectNotFoundException', `No scalable target registered for ${describeScope(scope)}`)
  return target
}

function findTargetTags(autoscaling: AutoScalingState, resourceArn: string | undefined): Record<string, string> {
  const tags = autoscaling.tags.get(resourceArn ?? '')
  if (!tags) throw new AwsError('ResourceNotFoundException', `Resource not found: ${resourceArn}`)
  return tags
}

/** The high and low alarms Application Auto Scaling creates for a target tracking policy. */
function targetTrackingAlarms(input: PutScalingPolicyRequest, policyArn: string, context: OperationContext): Alarm[] {
  const { state, region, now } = context
  const configuration = input.TargetTrackingScalingPolicyConfiguration
  const target = configuration?.TargetValue ?? 0
  const metricName = configuration?.PredefinedMetricSpecification?.PredefinedMetricType?.replace(/^ECSService/, '') ?? 'CustomMetric'
  const [, cluster = '', service = ''] = (input.ResourceId ?? '').split('/')
  return (['AlarmHigh', 'AlarmLow'] as const).map((kind) => {
    const name = `TargetTracking-${input.ResourceId}-${kind}-${uuid()}`
    const alarmArn = arn('cloudwatch', region, state.accountId, `alarm:${name}`)
    const high = kind === 'AlarmHigh'
    const alarm = metricAlarm(
      {
        AlarmName: name,
        AlarmDescription: `DO NOT EDIT OR DELETE. For TargetTrackingScaling policy ${policyArn}.`,
        AlarmActions: [policyArn],
        MetricName: metricName,
        Namespace: 'AWS/ECS',
        Statistic: 'Average',
        Dimensions: [
          { Name: 'ClusterName', Value: cluster },
          { Name: 'ServiceName', Value: service },
        ],
        Period: 60,
        EvaluationPeriods: high ? 3 : 15,
        DatapointsToAlarm: high ? 3 : 15,
        Threshold: high ? target : target * 0.9,
        ComparisonOperator: high ? 'GreaterThanThreshold' : 'LessThanThreshold',
      },
      alarmArn,
      now,
    )
    state.cloudwatch.alarms.set(name, alarm)
    state.cloudwatch.tags.set(alarmArn, [])
    return { AlarmName: name, AlarmARN: alarmArn }
  })
}
