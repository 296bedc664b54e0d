// Application Auto Scaling: the scalable target, scaling policies and scheduled actions, and the
// CloudWatch alarms of step policies. Defaults come from the Application Auto Scaling and
// CloudWatch API references (PutScalingPolicy, TargetTrackingScalingPolicyConfiguration,
// StepScalingPolicyConfiguration, PutScheduledAction, PutMetricAlarm).
import type {
  CustomizedMetricSpecification,
  PutScalingPolicyCommandInput,
  PutScheduledActionCommandInput,
  RegisterScalableTargetCommandInput,
  ScalableTarget,
  ScalingPolicy,
  ScheduledAction,
  StepAdjustment,
  TargetTrackingMetricDataQuery,
} from '@aws-sdk/client-application-auto-scaling'
import type { Dimension, PutMetricAlarmCommandInput } from '@aws-sdk/client-cloudwatch'
import type { LiveAlarm } from '../../aws/live-state.js'
import { byField, pairs, type ListKeys } from '../diff.js'
import { compact, isoDate, sortedBy, sortedSet, userTags } from './common.js'

/** Scalable target, with the state of its suspended activities. */
export type ScalableTargetInput = Omit<RegisterScalableTargetCommandInput, 'Tags' | 'RoleARN'>

/**
 * Tags are not compared: DescribeScalableTargets does not return them. RoleARN is the
 * service-linked role Application Auto Scaling picks itself.
 */
export function scalableTargetFromLive(target: ScalableTarget): ScalableTargetInput {
  return compact({
    ServiceNamespace: target.ServiceNamespace,
    ResourceId: target.ResourceId,
    ScalableDimension: target.ScalableDimension,
    MinCapacity: target.MinCapacity,
    MaxCapacity: target.MaxCapacity,
    SuspendedState: target.SuspendedState,
  })
}

export function canonicalScalableTarget(input: RegisterScalableTargetCommandInput | ScalableTargetInput): ScalableTargetInput {
  const suspended = input.SuspendedState
  const anySuspended = Boolean(suspended?.DynamicScalingInSuspended || suspended?.DynamicScalingOutSuspended || suspended?.ScheduledScalingSuspended)
  return compact({
    ServiceNamespace: input.ServiceNamespace,
    ResourceId: input.ResourceId,
    ScalableDimension: input.ScalableDimension,
    MinCapacity: input.MinCapacity,
    MaxCapacity: input.MaxCapacity,
    // Reported as three false flags when nothing is suspended: the same as none.
    SuspendedState: anySuspended ? suspended : undefined,
  })
}

/** What a policy echoes of PutScalingPolicy; PolicyARN, Alarms and CreationTime only describe it. */
export function scalingPolicyFromLive(policy: ScalingPolicy): PutScalingPolicyCommandInput {
  return compact({
    PolicyName: policy.PolicyName ?? '',
    ServiceNamespace: policy.ServiceNamespace,
    ResourceId: policy.ResourceId ?? '',
    ScalableDimension: policy.ScalableDimension,
    PolicyType: policy.PolicyType,
    StepScalingPolicyConfiguration: policy.StepScalingPolicyConfiguration,
    TargetTrackingScalingPolicyConfiguration: policy.TargetTrackingScalingPolicyConfiguration,
    PredictiveScalingPolicyConfiguration: policy.PredictiveScalingPolicyConfiguration,
  })
}

const sortedDimensions = <D extends { Name?: string | undefined }>(dimensions: D[] | undefined) => sortedBy(dimensions, (dimension) => dimension.Name ?? '')

function canonicalMetricQuery(query: TargetTrackingMetricDataQuery): TargetTrackingMetricDataQuery {
  const metric = query.MetricStat?.Metric
  return {
    ...query,
    MetricStat: query.MetricStat && { ...query.MetricStat, Metric: metric && { ...metric, Dimensions: sortedDimensions(metric.Dimensions) } },
    // true unless set: the reference says to leave it unset for the one query that returns data.
    ReturnData: query.ReturnData ?? true,
  }
}

function canonicalCustomizedMetric(specification: CustomizedMetricSpecification | undefined): CustomizedMetricSpecification | undefined {
  if (!specification) return undefined
  return { ...specification, Dimensions: sortedDimensions(specification.Dimensions), Metrics: specification.Metrics?.map(canonicalMetricQuery) }
}

/** Step adjustments sorted by lower bound, the open one first. */
const lowerBoundOf = (step: StepAdjustment) => step.MetricIntervalLowerBound ?? Number.NEGATIVE_INFINITY
const sortedSteps = (steps: StepAdjustment[] | undefined) => (steps ? [...steps].sort((a, b) => lowerBoundOf(a) - lowerBoundOf(b)) : undefined)

/** ECS services get 300-second cooldowns when a target tracking policy sets none. */
const ECS_DEFAULT_COOLDOWN = 300

export function canonicalScalingPolicy(input: PutScalingPolicyCommandInput): PutScalingPolicyCommandInput {
  const step = input.StepScalingPolicyConfiguration
  const tracking = input.TargetTrackingScalingPolicyConfiguration
  const ecs = input.ServiceNamespace === 'ecs'
  return compact({
    PolicyName: input.PolicyName,
    ServiceNamespace: input.ServiceNamespace,
    ResourceId: input.ResourceId,
    ScalableDimension: input.ScalableDimension,
    // PutScalingPolicy's default type.
    PolicyType: input.PolicyType ?? 'StepScaling',
    StepScalingPolicyConfiguration: step && {
      ...step,
      StepAdjustments: sortedSteps(step.StepAdjustments),
      MetricAggregationType: step.MetricAggregationType ?? 'Average',
    },
    TargetTrackingScalingPolicyConfiguration: tracking && {
      ...tracking,
      CustomizedMetricSpecification: canonicalCustomizedMetric(tracking.CustomizedMetricSpecification),
      ScaleOutCooldown: tracking.ScaleOutCooldown ?? (ecs ? ECS_DEFAULT_COOLDOWN : undefined),
      ScaleInCooldown: tracking.ScaleInCooldown ?? (ecs ? ECS_DEFAULT_COOLDOWN : undefined),
      DisableScaleIn: tracking.DisableScaleIn ?? false,
    },
    PredictiveScalingPolicyConfiguration: input.PredictiveScalingPolicyConfiguration,
  })
}

const boundText = (bound: unknown, open: string) => (typeof bound === 'number' ? String(bound) : open)

export const scalingPolicyListKeys: ListKeys = {
  'StepScalingPolicyConfiguration.StepAdjustments': { key: (step) => boundText((step as StepAdjustment).MetricIntervalLowerBound, '-∞') },
  'TargetTrackingScalingPolicyConfiguration.CustomizedMetricSpecification.Metrics': { key: byField('Id') },
  'TargetTrackingScalingPolicyConfiguration.CustomizedMetricSpecification.Metrics[].MetricStat.Metric.Dimensions': pairs('Name', 'Value'),
  'TargetTrackingScalingPolicyConfiguration.CustomizedMetricSpecification.Dimensions': pairs('Name', 'Value'),
}

export function scheduledActionFromLive(action: ScheduledAction): PutScheduledActionCommandInput {
  return compact({
    ServiceNamespace: action.ServiceNamespace,
    ResourceId: action.ResourceId ?? '',
    ScalableDimension: action.ScalableDimension,
    ScheduledActionName: action.ScheduledActionName ?? '',
    Schedule: action.Schedule,
    Timezone: action.Timezone,
    StartTime: action.StartTime,
    EndTime: action.EndTime,
    ScalableTargetAction: action.ScalableTargetAction,
  })
}

/** A scheduled action with its times as ISO text; `at` and `cron` schedules run in UTC unless a time zone is given. */
export interface ScheduledActionComparable extends Omit<PutScheduledActionCommandInput, 'StartTime' | 'EndTime'> {
  StartTime?: string
  EndTime?: string
}

export function canonicalScheduledAction(input: PutScheduledActionCommandInput): ScheduledActionComparable {
  return compact({
    ServiceNamespace: input.ServiceNamespace,
    ResourceId: input.ResourceId,
    ScalableDimension: input.ScalableDimension,
    ScheduledActionName: input.ScheduledActionName,
    Schedule: input.Schedule,
    Timezone: input.Timezone ?? 'UTC',
    StartTime: isoDate(input.StartTime),
    EndTime: isoDate(input.EndTime),
    ScalableTargetAction: input.ScalableTargetAction,
  })
}

/** What an alarm echoes of PutMetricAlarm; state, ARN and timestamps only describe it. */
export function alarmFromLive(live: LiveAlarm): PutMetricAlarmCommandInput {
  const alarm = live.alarm
  return compact({
    AlarmName: alarm.AlarmName ?? '',
    AlarmDescription: alarm.AlarmDescription,
    ActionsEnabled: alarm.ActionsEnabled,
    OKActions: alarm.OKActions,
    AlarmActions: alarm.AlarmActions,
    InsufficientDataActions: alarm.InsufficientDataActions,
    MetricName: alarm.MetricName,
    Namespace: alarm.Namespace,
    Statistic: alarm.Statistic,
    ExtendedStatistic: alarm.ExtendedStatistic,
    Dimensions: alarm.Dimensions,
    Period: alarm.Period,
    Unit: alarm.Unit,
    EvaluationPeriods: alarm.EvaluationPeriods,
    DatapointsToAlarm: alarm.DatapointsToAlarm,
    Threshold: alarm.Threshold,
    ComparisonOperator: alarm.ComparisonOperator,
    TreatMissingData: alarm.TreatMissingData,
    EvaluateLowSampleCountPercentile: alarm.EvaluateLowSampleCountPercentile,
    Metrics: alarm.Metrics,
    ThresholdMetricId: alarm.ThresholdMetricId,
    Tags: live.tags,
  })
}

export function canonicalAlarm(input: PutMetricAlarmCommandInput): PutMetricAlarmCommandInput {
  return compact({
    ...input,
    // PutMetricAlarm's defaults: actions enabled, missing data treated as `missing`.
    ActionsEnabled: input.ActionsEnabled ?? true,
    TreatMissingData: input.TreatMissingData ?? 'missing',
    OKActions: sortedSet(input.OKActions),
    AlarmActions: sortedSet(input.AlarmActions),
    InsufficientDataActions: sortedSet(input.InsufficientDataActions),
    Dimensions: sortedBy(input.Dimensions, (dimension: Dimension) => dimension.Name ?? ''),
    Tags: userTags(input.Tags, 'Key', 'Value'),
  })
}

export const alarmListKeys: ListKeys = {
  Dimensions: pairs('Name', 'Value'),
  Tags: pairs('Key', 'Value'),
}
