// Service autoscaling: the scalable target, target tracking and step policies (each step with the
// CloudWatch alarm that drives it), and scheduled actions.
import type {
  PutScalingPolicyCommandInput,
  PutScheduledActionCommandInput,
  RegisterScalableTargetCommandInput,
  TargetTrackingMetricDataQuery,
  TargetTrackingScalingPolicyConfiguration,
} from '@aws-sdk/client-application-auto-scaling'
import type { Dimension, PutMetricAlarmCommandInput } from '@aws-sdk/client-cloudwatch'
import type { Autoscaling, Manifest } from '../manifest/schema.js'
import { compareText, keyValueTags, nonEmpty, tagMap, withoutUndefined } from './common.js'
import { loadBalancerIdOf, managedLoadBalancers, targetGroupDimensionOf } from './loadBalancing.js'
import { placeholder, scalableResourceId, scheduledActionName, stepAlarmName, stepPolicyName, targetTrackingPolicyName } from './names.js'

type Step = NonNullable<Autoscaling['steps']>[number]
type ScalingManifest = Pick<Manifest, 'name' | 'cluster' | 'tags' | 'loadBalancers'>

const SCALABLE_DIMENSION = 'ecs:service:DesiredCount'

/** The three fields that say which scalable target a policy or scheduled action belongs to. */
const scalableTarget = (m: Pick<Manifest, 'name' | 'cluster'>) =>
  ({ ServiceNamespace: 'ecs', ResourceId: scalableResourceId(m), ScalableDimension: SCALABLE_DIMENSION }) as const

export function renderScalableTarget(m: Pick<Manifest, 'name' | 'cluster' | 'tags'>, autoscaling: Autoscaling): RegisterScalableTargetCommandInput {
  return { ...scalableTarget(m), MinCapacity: autoscaling.min, MaxCapacity: autoscaling.max, Tags: tagMap(m) }
}

/**
 * ALBRequestCountPerTarget's resource label, `app/LB/ID/targetgroup/TG/ID`, for the first ALB
 * entry: the load balancer part comes from the listener ARN, the target group id is known only
 * once the target group exists.
 */
export function requestCountResourceLabel(m: Pick<Manifest, 'name' | 'cluster' | 'loadBalancers'>): string | undefined {
  const alb = managedLoadBalancers(m).find(({ lb }) => lb.alb)
  if (!alb) return undefined
  return `${loadBalancerIdOf(alb.spec.listener)}/${targetGroupDimensionOf(m, alb.lb)}`
}

/**
 * Backlog per task: visible messages divided by running tasks, as AWS documents for target
 * tracking with metric math. RunningTaskCount comes from Container Insights, which must be on
 * for the cluster; with no task running there is no value, so such a service keeps min >= 1.
 */
export function queueBacklogMetrics(m: Pick<Manifest, 'name' | 'cluster'>, queueName: string): TargetTrackingMetricDataQuery[] {
  return [
    {
      Id: 'messages',
      Label: `Visible messages in ${queueName}`,
      MetricStat: {
        Metric: { Namespace: 'AWS/SQS', MetricName: 'ApproximateNumberOfMessagesVisible', Dimensions: [{ Name: 'QueueName', Value: queueName }] },
        Stat: 'Sum',
      },
      ReturnData: false,
    },
    {
      Id: 'tasks',
      Label: `Running tasks of ${m.name}`,
      MetricStat: {
        Metric: {
          Namespace: 'ECS/ContainerInsights',
          MetricName: 'RunningTaskCount',
          Dimensions: [
            { Name: 'ClusterName', Value: m.cluster },
            { Name: 'ServiceName', Value: m.name },
          ],
        },
        Stat: 'Average',
      },
      ReturnData: false,
    },
    { Id: 'backlog_per_task', Label: 'Backlog per task', Expression: 'messages / tasks', ReturnData: true },
  ]
}

type TargetTrackingMetric = 'cpu' | 'memory' | 'requests' | 'queue'

function targetTrackingConfigurations(m: ScalingManifest, autoscaling: Autoscaling): [TargetTrackingMetric, TargetTrackingScalingPolicyConfiguration][] {
  const cooldowns = { ScaleOutCooldown: autoscaling.scaleOutCooldown, ScaleInCooldown: autoscaling.scaleInCooldown }
  const configurations: [TargetTrackingMetric, TargetTrackingScalingPolicyConfiguration][] = []
  if (autoscaling.cpu !== undefined) {
    configurations.push([
      'cpu',
      { TargetValue: autoscaling.cpu, PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' }, ...cooldowns },
    ])
  }
  if (autoscaling.memory !== undefined) {
    configurations.push([
      'memory',
      { TargetValue: autoscaling.memory, PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageMemoryUtilization' }, ...cooldowns },
    ])
  }
  const resourceLabel = requestCountResourceLabel(m)
  if (autoscaling.requestsPerTarget !== undefined && resourceLabel !== undefined) {
    configurations.push([
      'requests',
      {
        TargetValue: autoscaling.requestsPerTarget,
        PredefinedMetricSpecification: { PredefinedMetricType: 'ALBRequestCountPerTarget', ResourceLabel: resourceLabel },
        ...cooldowns,
      },
    ])
  }
  if (autoscaling.queue) {
    configurations.push([
      'queue',
      { TargetValue: autoscaling.queue.backlogPerTask, CustomizedMetricSpecification: { Metrics: queueBacklogMetrics(m, autoscaling.queue.name) }, ...cooldowns },
    ])
  }
  return configurations
}

/** One target tracking policy per declared target, in the order cpu, memory, requests, queue. */
export function renderTargetTrackingPolicies(m: ScalingManifest, autoscaling: Autoscaling): PutScalingPolicyCommandInput[] {
  return targetTrackingConfigurations(m, autoscaling).map(([metric, configuration]) =>
    withoutUndefined({
      PolicyName: targetTrackingPolicyName(m, metric),
      ...scalableTarget(m),
      PolicyType: 'TargetTrackingScaling',
      TargetTrackingScalingPolicyConfiguration: configuration,
    }),
  )
}

/**
 * Step bounds are written as the API takes them: relative to the alarm threshold (with threshold
 * 0.5, `{ lower: 0, upper: 0.5 }` is a metric between 0.5 and 1.0). An absent bound is open.
 * Sorted by lower bound, open first, as the API returns them.
 */
export function renderStepAdjustments(step: Step) {
  const lowerOf = (a: Step['adjustments'][number]) => a.lower ?? Number.NEGATIVE_INFINITY
  return [...step.adjustments]
    .sort((a, b) => lowerOf(a) - lowerOf(b))
    .map((a) => withoutUndefined({ MetricIntervalLowerBound: a.lower, MetricIntervalUpperBound: a.upper, ScalingAdjustment: a.change }))
}

/** How the policy aggregates the alarm's datapoints; the API knows only these three. */
const aggregationFor = (statistic: Step['alarm']['statistic']) => (statistic === 'Minimum' || statistic === 'Maximum' ? statistic : 'Average')

export function renderStepPolicy(m: Pick<Manifest, 'name' | 'cluster'>, step: Step): PutScalingPolicyCommandInput {
  return withoutUndefined({
    PolicyName: stepPolicyName(m, step.name),
    ...scalableTarget(m),
    PolicyType: 'StepScaling',
    StepScalingPolicyConfiguration: {
      AdjustmentType: step.adjustmentType,
      StepAdjustments: renderStepAdjustments(step),
      Cooldown: step.cooldown,
      MetricAggregationType: aggregationFor(step.alarm.statistic),
    },
  })
}

/**
 * Dimensions for an alarm that declares none, so that it watches this service's own metric
 * rather than a dimensionless series that has no data: the service for ECS metrics, its first
 * target group of the matching kind for load balancer metrics. Other namespaces get none.
 */
export function defaultAlarmDimensions(m: Pick<Manifest, 'name' | 'cluster' | 'loadBalancers'>, namespace: string): Dimension[] {
  if (namespace === 'AWS/ECS' || namespace === 'ECS/ContainerInsights') {
    return [
      { Name: 'ClusterName', Value: m.cluster },
      { Name: 'ServiceName', Value: m.name },
    ]
  }
  const kind = namespace === 'AWS/ApplicationELB' ? 'alb' : namespace === 'AWS/NetworkELB' ? 'nlb' : undefined
  const entry = kind && managedLoadBalancers(m).find(({ lb }) => lb[kind])
  if (!entry) return []
  return [
    { Name: 'LoadBalancer', Value: loadBalancerIdOf(entry.spec.listener) },
    { Name: 'TargetGroup', Value: targetGroupDimensionOf(m, entry.lb) },
  ]
}

function alarmDimensions(m: Pick<Manifest, 'name' | 'cluster' | 'loadBalancers'>, alarm: Step['alarm']): Dimension[] {
  if (!alarm.dimensions) return defaultAlarmDimensions(m, alarm.namespace)
  return Object.entries(alarm.dimensions)
    .sort(([a], [b]) => compareText(a, b))
    .map(([Name, Value]) => ({ Name, Value }))
}

export function renderStepAlarm(m: ScalingManifest, step: Step): PutMetricAlarmCommandInput {
  const { alarm } = step
  return withoutUndefined({
    AlarmName: stepAlarmName(m, step.name),
    AlarmDescription: `Step scaling "${step.name}" of ECS service ${m.name} in cluster ${m.cluster} (managed by ecsctl)`,
    ActionsEnabled: true,
    AlarmActions: [placeholder.stepPolicyArn(stepPolicyName(m, step.name))],
    Namespace: alarm.namespace,
    MetricName: alarm.metric,
    Statistic: alarm.statistic,
    Dimensions: nonEmpty(alarmDimensions(m, alarm)),
    Period: alarm.period,
    EvaluationPeriods: alarm.periods,
    Threshold: alarm.threshold,
    ComparisonOperator: alarm.comparison,
    Tags: keyValueTags(m),
  })
}

/** Each step policy and, after it (the alarm's action is the policy's ARN), its alarm. */
export function renderStepScaling(m: ScalingManifest, autoscaling: Autoscaling): { policy: PutScalingPolicyCommandInput; alarm: PutMetricAlarmCommandInput }[] {
  return (autoscaling.steps ?? []).map((step) => ({ policy: renderStepPolicy(m, step), alarm: renderStepAlarm(m, step) }))
}

export function renderScheduledActions(m: Pick<Manifest, 'name' | 'cluster'>, autoscaling: Autoscaling): PutScheduledActionCommandInput[] {
  return (autoscaling.schedules ?? []).map((schedule) =>
    withoutUndefined({
      ...scalableTarget(m),
      ScheduledActionName: scheduledActionName(m, schedule.name),
      Schedule: schedule.schedule,
      Timezone: schedule.timezone,
      StartTime: schedule.start === undefined ? undefined : new Date(schedule.start),
      EndTime: schedule.end === undefined ? undefined : new Date(schedule.end),
      ScalableTargetAction: withoutUndefined({ MinCapacity: schedule.min, MaxCapacity: schedule.max }),
    }),
  )
}

/** Everything autoscaling sends, in the order it is sent; undefined without `autoscaling`. */
export interface RenderedScaling {
  registerScalableTarget: RegisterScalableTargetCommandInput
  targetTrackingPolicies: PutScalingPolicyCommandInput[]
  stepScaling: { policy: PutScalingPolicyCommandInput; alarm: PutMetricAlarmCommandInput }[]
  scheduledActions: PutScheduledActionCommandInput[]
}

export function renderScaling(m: Manifest): RenderedScaling | undefined {
  const { autoscaling } = m
  if (!autoscaling) return undefined
  return {
    registerScalableTarget: renderScalableTarget(m, autoscaling),
    targetTrackingPolicies: renderTargetTrackingPolicies(m, autoscaling),
    stepScaling: renderStepScaling(m, autoscaling),
    scheduledActions: renderScheduledActions(m, autoscaling),
  }
}
