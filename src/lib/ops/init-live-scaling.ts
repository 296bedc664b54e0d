// Autoscaling and scheduled tasks back into manifest sections. ecsctl finds what it manages by
// name (policies and scheduled actions prefixed with the service name, alarms and EventBridge
// rules with `ecsctl.<cluster>.<service>.`): what exists under other names is carried over in
// substance, and a note says that ecsctl will create its own beside it.
import type { CustomizedMetricSpecification, PutScalingPolicyCommandInput, ScalingPolicy, ScheduledAction } from '@aws-sdk/client-application-auto-scaling'
import type { MetricAlarm } from '@aws-sdk/client-cloudwatch'
import type { z } from 'zod'
import type { LiveEventRule, LiveState } from '../aws/live-state.js'
import { autoscalingSchema, taskSchema, type Manifest } from '../manifest/schema.js'
import { deepEqual } from '../plan/diff.js'
import { parsedJson } from '../plan/normalize/common.js'
import { canonicalScalingPolicy, scalingPolicyFromLive } from '../plan/normalize/scaling.js'
import { placeholderValuesFrom, resolvePlaceholders } from '../plan/placeholders.js'
import { compareText, withoutUndefined } from '../render/common.js'
import { renderTaskRule } from '../render/events.js'
import { defaultAlarmDimensions, queueBacklogMetrics, requestCountResourceLabel } from '../render/scaling.js'
import {
  OWNER_TAG,
  accountWidePrefix,
  policyPrefix,
  scalableResourceId,
  scheduledActionName,
  stepAlarmName,
  stepPolicyName,
  targetTrackingPolicyName,
  taskRuleName,
} from '../render/names.js'
import type { Notes } from './init-live.js'

export type AutoscalingInput = z.input<typeof autoscalingSchema>
type StepInput = NonNullable<AutoscalingInput['steps']>[number]
type ScheduleInput = NonNullable<AutoscalingInput['schedules']>[number]
type TaskInput = z.input<typeof taskSchema>
type TrackedMetric = 'cpu' | 'memory' | 'requests' | 'queue'

const stepSchema = autoscalingSchema.shape.steps.unwrap().element
const scheduleSchema = autoscalingSchema.shape.schedules.unwrap().element

/** Application Auto Scaling's cooldown for ECS when a target tracking policy sets none. */
const DEFAULT_COOLDOWN = 300

export function autoscalingFromLive(m: Manifest, live: LiveState, region: string, notes: Notes): AutoscalingInput | undefined {
  const resourceId = scalableResourceId(m)
  const target = live.scalableTarget?.ResourceId === resourceId ? live.scalableTarget : undefined
  const policies = Object.values(live.scalingPolicies).filter((policy) => policy.ResourceId === resourceId)
  const actions = Object.values(live.scheduledActions).filter((action) => action.ResourceId === resourceId)
  if (!target || target.MinCapacity === undefined || target.MaxCapacity === undefined) {
    if (policies.length > 0 || actions.length > 0) notes.push('The service has scaling policies or scheduled actions but no scalable target; they are left out.')
    return undefined
  }
  const suspended = target.SuspendedState
  if (suspended?.DynamicScalingInSuspended || suspended?.DynamicScalingOutSuspended || suspended?.ScheduledScalingSuspended) {
    notes.push('Some scaling activities of the service are suspended; the manifest cannot express that, and a deploy would resume them.')
  }
  // Placeholders (target group ids, the account) resolved from the live state, as the plan resolves them.
  const values = placeholderValuesFrom(m, live, { region, accountId: live.accountId ?? '' })
  const tracking = targetTrackingFromLive(m, policies, values, notes)
  const steps = policies.flatMap((policy) => stepFromLive(m, policy, live, values, notes))
  const schedules = actions.flatMap((action) => scheduleFromLive(m, action, notes))
  return withoutUndefined({
    min: target.MinCapacity,
    max: target.MaxCapacity,
    ...tracking,
    steps: steps.length > 0 ? uniquelyNamed(steps) : undefined,
    schedules: schedules.length > 0 ? uniquelyNamed(schedules) : undefined,
  })
}

// --- target tracking -----------------------------------------------------------------------

interface TrackedPolicy {
  metric: TrackedMetric
  policy: ScalingPolicy
  fields: Pick<AutoscalingInput, 'cpu' | 'memory' | 'requestsPerTarget' | 'queue'>
}

type TrackingFields = Pick<AutoscalingInput, 'cpu' | 'memory' | 'requestsPerTarget' | 'queue' | 'scaleInCooldown' | 'scaleOutCooldown'>

function targetTrackingFromLive(m: Manifest, policies: ScalingPolicy[], values: ReadonlyMap<string, string>, notes: Notes): TrackingFields {
  const tracked: TrackedPolicy[] = []
  for (const policy of policies) {
    if (policy.PolicyType !== 'TargetTrackingScaling') {
      if (policy.PolicyType !== 'StepScaling') notes.push(`Scaling policy ${policy.PolicyName} (${policy.PolicyType}) has no manifest equivalent; it is left out, and ecsctl leaves it as it is.`)
      continue
    }
    const found = trackedMetricOf(m, policy, values)
    if (!found) {
      notes.push(`Scaling policy ${policy.PolicyName} tracks a metric the manifest cannot express; it is left out, and ecsctl leaves it as it is.`)
      continue
    }
    if (tracked.some((other) => other.metric === found.metric)) {
      notes.push(`Scaling policy ${policy.PolicyName} tracks the same metric as another one; only the first is carried over.`)
      continue
    }
    tracked.push({ ...found, policy })
    if (policy.TargetTrackingScalingPolicyConfiguration?.DisableScaleIn) {
      notes.push(`Scaling policy ${policy.PolicyName} has scale-in disabled, which the manifest cannot express.`)
    }
    const expected = targetTrackingPolicyName(m, found.metric)
    if (policy.PolicyName !== expected) notes.push(ecsctlWillCreate('scaling policy', expected, policy.PolicyName ?? ''))
  }
  if (tracked.length === 0) return {}
  // The manifest has one pair of cooldowns for every target tracking policy.
  const cooldowns = tracked.map(({ policy }) => {
    const configuration = canonicalScalingPolicy(scalingPolicyFromLive(policy)).TargetTrackingScalingPolicyConfiguration
    return { in: configuration?.ScaleInCooldown ?? DEFAULT_COOLDOWN, out: configuration?.ScaleOutCooldown ?? DEFAULT_COOLDOWN }
  })
  const [first] = cooldowns as [{ in: number; out: number }]
  if (cooldowns.some((cooldown) => cooldown.in !== first.in || cooldown.out !== first.out)) {
    notes.push(`The target tracking policies have different cooldowns; the manifest has one pair, so the first policy's (in ${first.in}s, out ${first.out}s) is used for all.`)
  }
  return Object.assign(
    {},
    ...tracked.map((entry) => entry.fields),
    withoutUndefined({
      scaleInCooldown: first.in === DEFAULT_COOLDOWN ? undefined : first.in,
      scaleOutCooldown: first.out === DEFAULT_COOLDOWN ? undefined : first.out,
    }),
  ) as TrackingFields
}

/**
 * Which of the manifest's four targets a policy is: the predefined CPU, memory and request
 * metrics (the request label must name this service's first ALB target group), or the queue
 * backlog metric math exactly as render writes it.
 */
function trackedMetricOf(m: Manifest, policy: ScalingPolicy, values: ReadonlyMap<string, string>): Omit<TrackedPolicy, 'policy'> | undefined {
  const configuration = policy.TargetTrackingScalingPolicyConfiguration
  const target = configuration?.TargetValue
  if (!configuration || target === undefined) return undefined
  const predefined = configuration.PredefinedMetricSpecification
  if (predefined?.PredefinedMetricType === 'ECSServiceAverageCPUUtilization') return { metric: 'cpu', fields: { cpu: target } }
  if (predefined?.PredefinedMetricType === 'ECSServiceAverageMemoryUtilization') return { metric: 'memory', fields: { memory: target } }
  if (predefined?.PredefinedMetricType === 'ALBRequestCountPerTarget') {
    const label = requestCountResourceLabel(m)
    const ownLabel = label === undefined ? undefined : resolvePlaceholders(label, values)
    if (predefined.ResourceLabel !== ownLabel || !Number.isInteger(target)) return undefined
    return { metric: 'requests', fields: { requestsPerTarget: target } }
  }
  const queue = configuration.CustomizedMetricSpecification?.Metrics?.flatMap((query) => query.MetricStat?.Metric?.Dimensions ?? []).find(
    (dimension) => dimension.Name === 'QueueName',
  )?.Value
  if (queue === undefined) return undefined
  // Compared as whole policies that differ only in their metric, the way the plan compares them.
  const comparable = (specification: CustomizedMetricSpecification | undefined) =>
    canonicalScalingPolicy({ ...scopeOf(policy), TargetTrackingScalingPolicyConfiguration: { TargetValue: target, CustomizedMetricSpecification: specification } })
  const asRendered = comparable({ Metrics: queueBacklogMetrics(m, queue) })
  const asLive = comparable(configuration.CustomizedMetricSpecification)
  if (!deepEqual(asRendered, asLive) || !Number.isInteger(target)) return undefined
  return { metric: 'queue', fields: { queue: { name: queue, backlogPerTask: target } } }
}

const scopeOf = (policy: ScalingPolicy): PutScalingPolicyCommandInput => ({
  PolicyName: policy.PolicyName ?? '',
  ServiceNamespace: policy.ServiceNamespace ?? 'ecs',
  ResourceId: policy.ResourceId ?? '',
  ScalableDimension: policy.ScalableDimension ?? 'ecs:service:DesiredCount',
})

// --- step scaling --------------------------------------------------------------------------

function stepFromLive(m: Manifest, policy: ScalingPolicy, live: LiveState, values: ReadonlyMap<string, string>, notes: Notes): StepInput[] {
  const configuration = policy.StepScalingPolicyConfiguration
  if (policy.PolicyType !== 'StepScaling' || !configuration) return []
  const policyName = policy.PolicyName ?? ''
  const stepPrefix = stepPolicyName(m, '')
  const name = policyName.startsWith(stepPrefix) ? policyName.slice(stepPrefix.length) : manifestName(policyName, 100)
  // The policy lists the alarms that invoke it; failing that, an alarm whose action is the policy.
  const listed = (policy.Alarms ?? []).flatMap((alarm) => (alarm.AlarmName ? [alarm.AlarmName] : []))
  const invoking = Object.values(live.alarms).flatMap(({ alarm }) => (policy.PolicyARN && alarm.AlarmActions?.includes(policy.PolicyARN) && alarm.AlarmName ? [alarm.AlarmName] : []))
  const alarmNames = listed.length > 0 ? listed : invoking
  const alarm = alarmNames.map((alarmName) => live.alarms[alarmName]?.alarm).find((found) => found !== undefined)
  if (!alarm) {
    notes.push(`Step scaling policy ${policyName} has no alarm that could be read; it is left out, and ecsctl leaves it as it is.`)
    return []
  }
  if (alarmNames.length > 1) notes.push(`Step scaling policy ${policyName} is invoked by ${alarmNames.length} alarms; only ${alarm.AlarmName} is carried over.`)
  const extra = alarmSettingsWithoutManifestField(alarm)
  if (extra.length > 0) notes.push(`Alarm ${alarm.AlarmName} sets ${extra.join(', ')}, which the manifest cannot express.`)
  if (configuration.MinAdjustmentMagnitude !== undefined) notes.push(`Step scaling policy ${policyName} sets MinAdjustmentMagnitude, which the manifest cannot express.`)

  const step = withoutUndefined({
    name,
    alarm: {
      namespace: alarm.Namespace,
      metric: alarm.MetricName,
      statistic: alarm.Statistic,
      dimensions: dimensionsFromLive(m, alarm, values),
      threshold: alarm.Threshold,
      comparison: alarm.ComparisonOperator,
      periods: alarm.EvaluationPeriods,
      period: alarm.Period,
    },
    adjustments: (configuration.StepAdjustments ?? []).map((adjustment) =>
      withoutUndefined({ lower: adjustment.MetricIntervalLowerBound, upper: adjustment.MetricIntervalUpperBound, change: adjustment.ScalingAdjustment }),
    ),
    adjustmentType: configuration.AdjustmentType === 'ChangeInCapacity' ? undefined : configuration.AdjustmentType,
    cooldown: configuration.Cooldown,
  })
  const parsed = stepSchema.safeParse(step)
  if (!parsed.success) {
    notes.push(`Step scaling policy ${policyName} with alarm ${alarm.AlarmName} cannot be expressed in a manifest (${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}); it is left out, and ecsctl leaves it as it is.`)
    return []
  }
  if (policyName !== stepPolicyName(m, name)) notes.push(ecsctlWillCreate('step scaling policy', stepPolicyName(m, name), policyName))
  if (alarm.AlarmName !== stepAlarmName(m, name)) notes.push(ecsctlWillCreate('alarm', stepAlarmName(m, name), alarm.AlarmName ?? ''))
  return [step as StepInput]
}

function alarmSettingsWithoutManifestField(alarm: MetricAlarm): string[] {
  const extra: string[] = []
  if (alarm.ExtendedStatistic) extra.push('ExtendedStatistic')
  if (alarm.Metrics?.length) extra.push('metric math (Metrics)')
  if (alarm.DatapointsToAlarm !== undefined && alarm.DatapointsToAlarm !== alarm.EvaluationPeriods) extra.push('DatapointsToAlarm')
  if (alarm.TreatMissingData && alarm.TreatMissingData !== 'missing') extra.push(`TreatMissingData ${alarm.TreatMissingData}`)
  if (alarm.Unit) extra.push('Unit')
  if (alarm.OKActions?.length || alarm.InsufficientDataActions?.length) extra.push('OK or insufficient-data actions')
  return extra
}

/** Dimensions as a map, or none when they are the ones render gives an alarm that declares none. */
function dimensionsFromLive(m: Manifest, alarm: MetricAlarm, values: ReadonlyMap<string, string>): Record<string, string> | undefined {
  const live = [...(alarm.Dimensions ?? [])].sort((a, b) => compareText(a.Name ?? '', b.Name ?? ''))
  const defaults = resolvePlaceholders(defaultAlarmDimensions(m, alarm.Namespace ?? ''), values).sort((a, b) => compareText(a.Name ?? '', b.Name ?? ''))
  if (deepEqual(live, defaults)) return undefined
  return Object.fromEntries(live.map((dimension) => [dimension.Name ?? '', dimension.Value ?? '']))
}

// --- scheduled actions ---------------------------------------------------------------------

function scheduleFromLive(m: Manifest, action: ScheduledAction, notes: Notes): ScheduleInput[] {
  const actionName = action.ScheduledActionName ?? ''
  const prefix = policyPrefix(m)
  const name = actionName.startsWith(prefix) ? actionName.slice(prefix.length) : manifestName(actionName, 200)
  const schedule = withoutUndefined({
    name,
    schedule: action.Schedule,
    // Scheduled actions run in UTC unless a time zone is given.
    timezone: action.Timezone && action.Timezone !== 'UTC' ? action.Timezone : undefined,
    min: action.ScalableTargetAction?.MinCapacity,
    max: action.ScalableTargetAction?.MaxCapacity,
    start: isoText(action.StartTime),
    end: isoText(action.EndTime),
  })
  const parsed = scheduleSchema.safeParse(schedule)
  if (!parsed.success) {
    notes.push(`Scheduled action ${actionName} cannot be expressed in a manifest; it is left out, and ecsctl leaves it as it is.`)
    return []
  }
  if (actionName !== scheduledActionName(m, name)) notes.push(ecsctlWillCreate('scheduled action', scheduledActionName(m, name), actionName))
  return [schedule as ScheduleInput]
}

const isoText = (date: Date | string | undefined) => (date === undefined ? undefined : new Date(date).toISOString())

// --- scheduled tasks -----------------------------------------------------------------------

export interface TasksFromLive {
  tasks?: Record<string, TaskInput>
  /** The role EventBridge starts the tasks with (roles.events), as an ARN. */
  eventsRole?: string
}

/**
 * EventBridge rules ecsctl created for the service (name prefix and owner tag) back into
 * `tasks`; rules of other tools cannot be told apart from anything else in the account.
 */
export function scheduledTasksFromLive(m: Manifest, live: LiveState, notes: Notes): TasksFromLive {
  const prefix = accountWidePrefix(m)
  const owned = Object.entries(live.eventRules)
    .filter(([name, rule]) => name.startsWith(prefix) && rule.tags.some((tag) => tag.Key === OWNER_TAG && tag.Value === m.name))
    .sort(([a], [b]) => compareText(a, b))
  const tasks: Record<string, TaskInput> = {}
  let eventsRole: string | undefined
  for (const [ruleName, rule] of owned) {
    const task = taskFromLive(m, ruleName, rule, notes)
    if (!task) continue
    tasks[task.name] = task.task
    eventsRole ??= task.roleArn
  }
  return { tasks: Object.keys(tasks).length > 0 ? tasks : undefined, eventsRole }
}

function taskFromLive(m: Manifest, ruleName: string, live: LiveEventRule, notes: Notes): { name: string; task: TaskInput; roleArn?: string } | undefined {
  const target = live.targets[0]
  // render names each rule's one target after the task.
  const name = target?.Id
  if (!target || !name || live.targets.length > 1 || taskRuleName(m, name) !== ruleName) {
    notes.push(`EventBridge rule ${ruleName} does not look like a task ecsctl created (one ECS target named after the task); it is left out.`)
    return undefined
  }
  const override = overrideOf(target.Input)
  const pattern = parsedJson(live.rule.EventPattern)
  const task = withoutUndefined({
    schedule: live.rule.ScheduleExpression,
    eventPattern: pattern !== undefined && typeof pattern === 'object' ? (pattern as Record<string, unknown>) : undefined,
    container: override?.name,
    command: override?.command,
    count: target.EcsParameters?.TaskCount === 1 ? undefined : target.EcsParameters?.TaskCount,
    description: undefined as string | undefined,
    enabled: live.rule.State === 'DISABLED' ? false : undefined,
  })
  const parsed = taskSchema.safeParse(task)
  if (!parsed.success) {
    notes.push(`EventBridge rule ${ruleName} cannot be expressed as a task; it is left out.`)
    return undefined
  }
  // The description render writes unless one is given: written only when it is another one.
  const defaultDescription = renderTaskRule(m, name, parsed.data).Description
  const description = live.rule.Description && live.rule.Description !== defaultDescription ? live.rule.Description : undefined
  return { name, task: withoutUndefined({ ...task, description }), roleArn: target.RoleArn }
}

/** The container and command of a RunTask override as render writes it. */
function overrideOf(input: string | undefined): { name?: string; command?: string[] } | undefined {
  const parsed = parsedJson(input) as { containerOverrides?: { name?: string; command?: string[] }[] } | undefined
  const [override] = parsed?.containerOverrides ?? []
  return override
}

// --- names ---------------------------------------------------------------------------------

const ecsctlWillCreate = (kind: string, name: string, existing: string) =>
  `${capitalized(kind)} ${existing} is not named the ecsctl way: ecsctl will create its own, ${name}, and ${existing} stays until you delete it by hand (the diff shows the create).`

const capitalized = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}`

/** A live name in the manifest's alphabet (letters, digits, "-" and "_"), shortened to `max`. */
function manifestName(name: string, max: number): string {
  const cleaned = name.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '')
  return (cleaned || 'unnamed').slice(0, max)
}

/** Two live names may clean up to the same one: later ones get a number. */
function uniquelyNamed<T extends { name: string }>(items: T[]): T[] {
  const seen = new Set<string>()
  return items.map((item) => {
    let name = item.name
    for (let n = 2; seen.has(name); n += 1) name = `${item.name}-${n}`
    seen.add(name)
    return name === item.name ? item : { ...item, name }
  })
}
