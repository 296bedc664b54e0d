// `ecsctl status`: what a service runs now, read from AWS only. The service and its autoscaling
// are read at once; the task definitions of its deployments and the health of its target groups
// depend on the service and are read together after it: two round trips whatever the size.
import type { ScalableTarget, ScalingPolicy, ScheduledAction } from '@aws-sdk/client-application-auto-scaling'
import type { ContainerDefinition, Deployment, Service } from '@aws-sdk/client-ecs'
import { callAws } from '../aws/call.js'
import type { AwsClients } from '../aws/clients.js'
import { readScalableTarget, readScalingPolicies, readScheduledActions } from '../aws/readers/autoscaling.js'
import { countsOf, isoSeconds, shortTaskDefinition, targetGroupNameOf } from '../deploy/explain.js'
import type { Colors } from '../output/terminal.js'
import { requireService, type ServiceRef } from './service.js'

/** `prod` from a cluster name or ARN: Application Auto Scaling ids use the name. */
export function clusterName(cluster: string): string {
  return cluster.startsWith('arn:') ? cluster.slice(cluster.lastIndexOf('/') + 1) : cluster
}

/** `web` from `arn:aws:ecs:…:task-definition/web:42` (or `web:42`). */
export function familyOf(taskDefinition: string): string {
  const revision = shortTaskDefinition(taskDefinition)
  const colon = revision.lastIndexOf(':')
  return colon > 0 ? revision.slice(0, colon) : revision
}

export interface ContainerImage {
  container: string
  image: string
}

export const imagesOf = (definitions: readonly ContainerDefinition[]): ContainerImage[] =>
  definitions.map((d) => ({ container: d.name ?? '?', image: d.image ?? '?' }))

/** Task definitions by ARN, read in parallel. */
export async function readTaskDefinitions(clients: AwsClients, arns: readonly string[]): Promise<Map<string, ContainerDefinition[]>> {
  const unique = [...new Set(arns)]
  if (unique.length === 0) return new Map()
  const ecs = await clients.ecs()
  const { DescribeTaskDefinitionCommand } = await import('@aws-sdk/client-ecs')
  const outputs = await Promise.all(
    unique.map((arn) =>
      callAws(`ecs:DescribeTaskDefinition (${shortTaskDefinition(arn)})`, () => ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: arn }))),
    ),
  )
  return new Map(unique.map((arn, i) => [arn, outputs[i]?.taskDefinition?.containerDefinitions ?? []]))
}

// ---------------------------------------------------------------------------------------------
// The report.

export interface DeploymentStatus {
  id: string
  /** PRIMARY (the newest), ACTIVE (being replaced) or INACTIVE. */
  status: string
  rolloutState?: string
  rolloutStateReason?: string
  running: number
  desired: number
  pending: number
  failed: number
  taskDefinition: string
  /** `web:42` */
  revision: string
  images: ContainerImage[]
  createdAt?: string
  updatedAt?: string
}

export interface TargetProblem {
  id: string
  port?: number
  state: string
  reason?: string
  description?: string
}

export interface TargetGroupHealth {
  targetGroupArn: string
  targetGroupName: string
  container?: string
  containerPort?: number
  healthy: number
  unhealthy: number
  /** Count per state as the load balancer reports it: healthy, unhealthy, initial, draining… */
  states: Record<string, number>
  /** Targets that are not healthy, with the load balancer's reason. */
  problems: TargetProblem[]
}

export interface PolicyStatus {
  name: string
  /** TargetTrackingScaling, StepScaling or PredictiveScaling. */
  type: string
  /** For target tracking: the metric and the value it keeps. */
  metric?: string
  targetValue?: number
}

export interface ScheduledActionStatus {
  name: string
  schedule: string
  timezone: string
  min?: number
  max?: number
  /** When it runs next (ISO, UTC); null when it will not run again or cannot be computed. */
  nextRun: string | null
  /** The same moment in the action's time zone, `2026-11-23 20:00`. */
  nextRunLocal: string | null
  /** Why there is no next run: `ended`, or what could not be computed. */
  note?: string
}

export interface AutoscalingStatus {
  resourceId: string
  min?: number
  max?: number
  suspended: string[]
  policies: PolicyStatus[]
  scheduledActions: ScheduledActionStatus[]
  /** The scheduled action that runs first from now, if any. */
  nextScheduledAction: ScheduledActionStatus | null
}

export interface EventStatus {
  id?: string
  at?: string
  message: string
}

export interface StatusReport {
  service: {
    name: string
    cluster: string
    clusterArn?: string
    status?: string
    launchType?: string
    capacityProviders?: string[]
    desired: number
    running: number
    pending: number
    taskDefinition?: string
    revision?: string
    createdAt?: string
  }
  deployments: DeploymentStatus[]
  targetGroups: TargetGroupHealth[]
  /** null when the service has no scalable target. */
  autoscaling: AutoscalingStatus | null
  /** The last events, oldest first. */
  events: EventStatus[]
  /** What could not be read (permissions, throttling), and why; the rest is still shown. */
  gaps: string[]
}

export interface StatusOptions {
  /** How many of the newest service events to show. */
  events: number
  now: Date
}

export async function readStatus(clients: AwsClients, ref: ServiceRef, options: StatusOptions): Promise<StatusReport> {
  const gaps: string[] = []
  // The service is what the command is about: its failure is the command's. The rest is context,
  // and a role that may not read it still gets the service's state.
  const attempt = async <T>(what: string, read: () => Promise<T>, fallback: T): Promise<T> => {
    try {
      return await read()
    } catch (error) {
      gaps.push(`${what}: ${error instanceof Error ? error.message : String(error)}`)
      return fallback
    }
  }
  const resourceId = `service/${clusterName(ref.cluster)}/${ref.service}`
  const [service, scaling] = await Promise.all([requireService(clients, ref), attempt('autoscaling', () => readAutoscaling(clients, resourceId), undefined)])

  const deployments = service.deployments ?? []
  const taskDefinitionArns = deployments.flatMap((d) => (d.taskDefinition ? [d.taskDefinition] : []))
  const [definitions, targetGroups] = await Promise.all([
    attempt('task definitions', () => readTaskDefinitions(clients, taskDefinitionArns), new Map<string, ContainerDefinition[]>()),
    attempt('target health', () => readTargetHealth(clients, service), [] as TargetGroupHealth[]),
  ])

  return {
    service: serviceSummary(service, ref),
    deployments: deployments.map((d) => deploymentStatus(d, definitions.get(d.taskDefinition ?? '') ?? [])),
    targetGroups,
    autoscaling: scaling ? autoscalingStatus(scaling, options.now) : null,
    events: lastEvents(service, options.events),
    gaps,
  }
}

function serviceSummary(service: Service, ref: ServiceRef): StatusReport['service'] {
  const providers = (service.capacityProviderStrategy ?? []).flatMap((p) => (p.capacityProvider ? [p.capacityProvider] : []))
  return {
    name: service.serviceName ?? ref.service,
    cluster: clusterName(service.clusterArn ?? ref.cluster),
    clusterArn: service.clusterArn,
    status: service.status,
    launchType: service.launchType,
    ...(providers.length > 0 ? { capacityProviders: providers } : {}),
    desired: service.desiredCount ?? 0,
    running: service.runningCount ?? 0,
    pending: service.pendingCount ?? 0,
    taskDefinition: service.taskDefinition,
    revision: service.taskDefinition ? shortTaskDefinition(service.taskDefinition) : undefined,
    createdAt: iso(service.createdAt),
  }
}

export function deploymentStatus(deployment: Deployment, definitions: readonly ContainerDefinition[]): DeploymentStatus {
  const counts = countsOf(deployment)
  const taskDefinition = deployment.taskDefinition ?? ''
  return {
    id: deployment.id ?? '?',
    status: deployment.status ?? '?',
    rolloutState: deployment.rolloutState,
    rolloutStateReason: deployment.rolloutStateReason,
    ...counts,
    taskDefinition,
    revision: shortTaskDefinition(taskDefinition),
    images: imagesOf(definitions),
    createdAt: iso(deployment.createdAt),
    updatedAt: iso(deployment.updatedAt),
  }
}

/** The newest `count` events, oldest first (ECS lists them newest first). */
function lastEvents(service: Service, count: number): EventStatus[] {
  return (service.events ?? [])
    .slice(0, Math.max(0, count))
    .reverse()
    .map((event) => ({ id: event.id, at: iso(event.createdAt), message: event.message ?? '' }))
}

const HEALTHY_STATES = new Set(['healthy'])
const UNHEALTHY_STATES = new Set(['unhealthy', 'unhealthy.draining', 'unavailable'])

/** Every target group of the service, each with its targets counted by state. */
async function readTargetHealth(clients: AwsClients, service: Service): Promise<TargetGroupHealth[]> {
  const attachments = (service.loadBalancers ?? []).filter((lb) => lb.targetGroupArn)
  const unique = [...new Map(attachments.map((lb) => [lb.targetGroupArn as string, lb])).values()]
  if (unique.length === 0) return []
  const elbv2 = await clients.elbv2()
  const { DescribeTargetHealthCommand } = await import('@aws-sdk/client-elastic-load-balancing-v2')
  return Promise.all(
    unique.map(async (lb) => {
      const targetGroupArn = lb.targetGroupArn as string
      const targetGroupName = targetGroupNameOf(targetGroupArn)
      const output = await callAws(`elasticloadbalancing:DescribeTargetHealth (target group "${targetGroupName}")`, () =>
        elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn })),
      )
      const states: Record<string, number> = {}
      const problems: TargetProblem[] = []
      for (const description of output.TargetHealthDescriptions ?? []) {
        const state = description.TargetHealth?.State ?? 'unknown'
        states[state] = (states[state] ?? 0) + 1
        if (!HEALTHY_STATES.has(state)) {
          problems.push({
            id: description.Target?.Id ?? '?',
            port: description.Target?.Port,
            state,
            reason: description.TargetHealth?.Reason,
            description: description.TargetHealth?.Description,
          })
        }
      }
      const count = (set: Set<string>) => Object.entries(states).reduce((sum, [state, n]) => sum + (set.has(state) ? n : 0), 0)
      return {
        targetGroupArn,
        targetGroupName,
        container: lb.containerName,
        containerPort: lb.containerPort,
        healthy: count(HEALTHY_STATES),
        unhealthy: count(UNHEALTHY_STATES),
        states,
        problems,
      }
    }),
  )
}

interface LiveScaling {
  target: ScalableTarget
  policies: ScalingPolicy[]
  actions: ScheduledAction[]
}

/** The scalable target with all its policies and scheduled actions (whoever made them), read at once. */
async function readAutoscaling(clients: AwsClients, resourceId: string): Promise<LiveScaling | undefined> {
  const [target, policies, actions] = await Promise.all([
    readScalableTarget(clients, resourceId),
    readScalingPolicies(clients, resourceId, ''),
    readScheduledActions(clients, resourceId, ''),
  ])
  if (!target) return undefined
  return { target, policies: Object.values(policies), actions: Object.values(actions) }
}

export function autoscalingStatus(scaling: LiveScaling, now: Date): AutoscalingStatus {
  const suspendedState = scaling.target.SuspendedState ?? {}
  const suspended = [
    suspendedState.DynamicScalingInSuspended ? 'dynamic scale-in' : '',
    suspendedState.DynamicScalingOutSuspended ? 'dynamic scale-out' : '',
    suspendedState.ScheduledScalingSuspended ? 'scheduled scaling' : '',
  ].filter(Boolean)
  const scheduledActions = scaling.actions.map((action) => scheduledActionStatus(action, now)).sort((a, b) => a.name.localeCompare(b.name))
  const upcoming = scheduledActions.filter((a) => a.nextRun !== null).sort((a, b) => (a.nextRun as string).localeCompare(b.nextRun as string))
  return {
    resourceId: scaling.target.ResourceId ?? '',
    min: scaling.target.MinCapacity,
    max: scaling.target.MaxCapacity,
    suspended,
    policies: scaling.policies.map(policyStatus).sort((a, b) => a.name.localeCompare(b.name)),
    scheduledActions,
    nextScheduledAction: upcoming[0] ?? null,
  }
}

function policyStatus(policy: ScalingPolicy): PolicyStatus {
  const tracking = policy.TargetTrackingScalingPolicyConfiguration
  const metric = tracking?.PredefinedMetricSpecification?.PredefinedMetricType ?? tracking?.CustomizedMetricSpecification?.MetricName
  return {
    name: policy.PolicyName ?? '?',
    type: policy.PolicyType ?? '?',
    ...(metric ? { metric } : {}),
    ...(tracking?.TargetValue !== undefined ? { targetValue: tracking.TargetValue } : {}),
  }
}

function scheduledActionStatus(action: ScheduledAction, now: Date): ScheduledActionStatus {
  const timezone = action.Timezone ?? 'UTC'
  const schedule = action.Schedule ?? ''
  const next = nextScheduledRun({ schedule, timezone, startTime: action.StartTime, endTime: action.EndTime, createdAt: action.CreationTime }, now)
  return {
    name: action.ScheduledActionName ?? '?',
    schedule,
    timezone,
    min: action.ScalableTargetAction?.MinCapacity,
    max: action.ScalableTargetAction?.MaxCapacity,
    nextRun: next.kind === 'next' ? next.at.toISOString() : null,
    nextRunLocal: next.kind === 'next' ? localMinute(next.at, timezone) : null,
    ...(next.kind === 'ended' ? { note: 'ended: it will not run again' } : next.kind === 'unknown' ? { note: next.reason } : {}),
  }
}

// ---------------------------------------------------------------------------------------------
// The next run of a schedule expression, in its time zone. Application Auto Scaling takes
//   cron(minutes hours day-of-month month day-of-week year)   day-of-week 1-7 is SUN-SAT
//   rate(N minute|minutes|hour|hours|day|days)                counted from the start (or creation) time
//   at(yyyy-mm-ddThh:mm:ss)                                   once, wall time in the time zone
// Cron forms computed: *, ?, numbers and names, a-b, lists, steps (*/n, a/n, a-b/n), L and nL
// and n#k in the days. Not computed (answered `unknown`): W (nearest weekday). A local time that
// a daylight-saving change skips moves forward by the length of the gap.

export type NextRun = { kind: 'next'; at: Date } | { kind: 'ended' } | { kind: 'unknown'; reason: string }

export interface ScheduleSpec {
  schedule: string
  /** IANA name; AWS's default is UTC. */
  timezone?: string
  startTime?: Date
  endTime?: Date
  /** For rate(): AWS counts from the start time, else from when the action was created. */
  createdAt?: Date
}

/** How far ahead to look for a cron match: far enough for 29 February, and finite. */
const CRON_HORIZON_DAYS = 366 * 8 + 2

export function nextScheduledRun(spec: ScheduleSpec, now: Date): NextRun {
  const zone = spec.timezone ?? 'UTC'
  if (!isUsableZone(zone)) return { kind: 'unknown', reason: `unknown time zone "${zone}"` }
  const match = /^(cron|rate|at)\((.*)\)$/s.exec(spec.schedule.trim())
  if (!match) return { kind: 'unknown', reason: `not a schedule expression: ${spec.schedule}` }
  const [, kind, body = ''] = match
  // The first moment that counts: after now, and not before the start time.
  const earliest = Math.max(now.getTime() + 1, spec.startTime?.getTime() ?? 0)
  const result = kind === 'cron' ? nextCron(body, zone, earliest) : kind === 'rate' ? nextRate(body, spec, earliest) : nextAt(body, zone, earliest)
  if (result.kind === 'next' && spec.endTime && result.at.getTime() > spec.endTime.getTime()) return { kind: 'ended' }
  return result
}

function nextAt(body: string, zone: string, earliest: number): NextRun {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/.exec(body.trim())
  if (!m) return { kind: 'unknown', reason: `cannot read at(${body})` }
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [number, number, number, number, number, number]
  const at = wallTimeToInstant({ year, month, day, hour, minute, second }, zone)
  return at >= earliest ? { kind: 'next', at: new Date(at) } : { kind: 'ended' }
}

const RATE_UNITS: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 }

function nextRate(body: string, spec: ScheduleSpec, earliest: number): NextRun {
  const m = /^(\d+)\s+(minute|hour|day)s?$/.exec(body.trim())
  if (!m || Number(m[1]) < 1) return { kind: 'unknown', reason: `cannot read rate(${body})` }
  const period = Number(m[1]) * (RATE_UNITS[m[2] as string] as number)
  const anchor = spec.startTime ?? spec.createdAt
  if (!anchor) return { kind: 'unknown', reason: 'a rate counts from the start or creation time, and AWS gave neither' }
  const from = anchor.getTime()
  if (earliest <= from) return { kind: 'next', at: new Date(from) }
  const periods = Math.ceil((earliest - from) / period)
  return { kind: 'next', at: new Date(from + periods * period) }
}

const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC']
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT']

/** A calendar day: day of week 1-7 is SUN-SAT, as AWS cron counts. */
interface Day {
  year: number
  month: number
  day: number
  weekday: number
  daysInMonth: number
}

type DayTest = (day: Day) => boolean

function nextCron(body: string, zone: string, earliest: number): NextRun {
  const fields = body.trim().split(/\s+/)
  if (fields.length !== 6) return { kind: 'unknown', reason: `cron(${body}) does not have 6 fields` }
  const [minuteField, hourField, domField, monthField, dowField, yearField] = fields as [string, string, string, string, string, string]
  const minutes = numberSet(minuteField, 0, 59)
  const hours = numberSet(hourField, 0, 23)
  const months = numberSet(monthField, 1, 12, MONTH_NAMES)
  const years = yearField === '*' ? undefined : numberSet(yearField, 1970, 2199)
  const dayTest = dayOfMonthTest(domField, dowField)
  if (!minutes || !hours || !months || (yearField !== '*' && !years) || !dayTest) {
    return { kind: 'unknown', reason: `cannot compute the next run of cron(${body})` }
  }
  const sortedHours = [...hours].sort((a, b) => a - b)
  const sortedMinutes = [...minutes].sort((a, b) => a - b)
  const start = zonedParts(earliest, zone)
  for (let offset = 0; offset <= CRON_HORIZON_DAYS; offset++) {
    const day = calendarDay(start.year, start.month, start.day + offset)
    if (years && !years.has(day.year)) {
      if (day.year > Math.max(...years)) return { kind: 'ended' }
      continue
    }
    if (!months.has(day.month) || !dayTest(day)) continue
    for (const hour of sortedHours) {
      for (const minute of sortedMinutes) {
        const at = wallTimeToInstant({ year: day.year, month: day.month, day: day.day, hour, minute, second: 0 }, zone)
        if (at >= earliest) return { kind: 'next', at: new Date(at) }
      }
    }
  }
  return { kind: 'ended' }
}

/** The values a cron field allows, or undefined for a form this does not compute. */
function numberSet(field: string, min: number, max: number, names?: readonly string[]): Set<number> | undefined {
  const values = new Set<number>()
  const value = (text: string): number | undefined => {
    const named = names?.indexOf(text.toUpperCase()) ?? -1
    if (named >= 0) return named + min
    if (!/^\d+$/.test(text)) return undefined
    const n = Number(text)
    return n >= min && n <= max ? n : undefined
  }
  for (const item of field.split(',')) {
    const [range = '', stepText, extra] = item.split('/')
    if (extra !== undefined) return undefined
    const step = stepText === undefined ? 1 : Number(stepText)
    if (!Number.isInteger(step) || step < 1) return undefined
    let from: number | undefined
    let to: number | undefined
    if (range === '*') {
      from = min
      to = max
    } else if (range.includes('-')) {
      const [a = '', b = ''] = range.split('-')
      from = value(a)
      to = value(b)
    } else {
      from = value(range)
      // `a/n` runs from a to the end of the range.
      to = stepText === undefined ? from : max
    }
    if (from === undefined || to === undefined || from > to) return undefined
    for (let n = from; n <= to; n += step) values.add(n)
  }
  return values
}

/** AWS wants `?` in one of the two day fields; the other says which days run. */
function dayOfMonthTest(dom: string, dow: string): DayTest | undefined {
  if (dom === '?' && dow === '?') return undefined
  if (dom !== '?' && dow !== '?') return undefined
  if (dow === '?') {
    if (dom.toUpperCase() === 'L') return (d) => d.day === d.daysInMonth
    const days = numberSet(dom, 1, 31)
    return days ? (d) => days.has(d.day) : undefined
  }
  const upper = dow.toUpperCase()
  const weekday = (text: string) => {
    const named = DAY_NAMES.indexOf(text)
    if (named >= 0) return named + 1
    return /^[1-7]$/.test(text) ? Number(text) : undefined
  }
  // `L` alone is the last day of the week, Saturday.
  if (upper === 'L') return (d) => d.weekday === 7
  const last = /^([1-7]|[A-Z]{3})L$/.exec(upper)
  if (last) {
    const w = weekday(last[1] as string)
    return w === undefined ? undefined : (d) => d.weekday === w && d.day + 7 > d.daysInMonth
  }
  const nth = /^([1-7]|[A-Z]{3})#([1-5])$/.exec(upper)
  if (nth) {
    const w = weekday(nth[1] as string)
    const n = Number(nth[2])
    return w === undefined ? undefined : (d) => d.weekday === w && Math.ceil(d.day / 7) === n
  }
  const days = numberSet(upper, 1, 7, DAY_NAMES)
  return days ? (d) => days.has(d.weekday) : undefined
}

function calendarDay(year: number, month: number, day: number): Day {
  const date = new Date(Date.UTC(year, month - 1, day))
  const y = date.getUTCFullYear()
  const m = date.getUTCMonth() + 1
  return { year: y, month: m, day: date.getUTCDate(), weekday: date.getUTCDay() + 1, daysInMonth: new Date(Date.UTC(y, m, 0)).getUTCDate() }
}

interface WallTime {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
}

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone)
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
    formatters.set(zone, formatter)
  }
  return formatter
}

function isUsableZone(zone: string): boolean {
  try {
    formatterFor(zone)
    return true
  } catch {
    return false
  }
}

/** The wall-clock time in `zone` at an instant. */
function zonedParts(instant: number, zone: string): WallTime {
  const parts: Record<string, number> = {}
  for (const part of formatterFor(zone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value)
  }
  return { year: parts.year ?? 0, month: parts.month ?? 1, day: parts.day ?? 1, hour: parts.hour ?? 0, minute: parts.minute ?? 0, second: parts.second ?? 0 }
}

const asUtc = (t: WallTime) => Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second)

/** How far `zone` is ahead of UTC at an instant, in ms. */
function zoneOffset(instant: number, zone: string): number {
  const whole = Math.floor(instant / 1000) * 1000
  return asUtc(zonedParts(whole, zone)) - whole
}

/**
 * The instant a wall-clock time in `zone` names. The offset is taken at the first guess and
 * checked at the result, which settles both sides of a daylight-saving change.
 */
export function wallTimeToInstant(wall: WallTime, zone: string): number {
  const guess = asUtc(wall)
  const first = guess - zoneOffset(guess, zone)
  const second = guess - zoneOffset(first, zone)
  return second === first ? first : Math.max(first, second)
}

/** `2026-11-23 20:00` in `zone`. */
export function localMinute(date: Date, zone: string): string {
  const t = zonedParts(date.getTime(), zone)
  const two = (n: number) => String(n).padStart(2, '0')
  return `${t.year}-${two(t.month)}-${two(t.day)} ${two(t.hour)}:${two(t.minute)}`
}

// ---------------------------------------------------------------------------------------------
// Text for a person.

export function formatStatus(report: StatusReport, color: Colors): string {
  const { bold, dim } = color
  const s = report.service
  const how = [s.status, s.launchType ?? s.capacityProviders?.join('+')].filter(Boolean).join(', ')
  const sections: string[] = []
  sections.push(
    [
      `${bold(`Service ${s.name}`)} in cluster ${s.cluster}${how ? ` (${how})` : ''}`,
      `  desired ${s.desired}, running ${s.running}, pending ${s.pending}${s.revision ? `; task definition ${s.revision}` : ''}`,
    ].join('\n'),
  )

  const deploymentLines = [bold('Deployments')]
  for (const d of report.deployments) {
    const counts = `running ${d.running}/${d.desired}${d.pending ? `, pending ${d.pending}` : ''}${d.failed ? `, failed tasks ${d.failed}` : ''}`
    deploymentLines.push(`  ${d.status.padEnd(7)} ${d.id}  ${rolloutText(d.rolloutState, color)}  ${counts}  ${d.revision}${d.updatedAt ? dim(`  updated ${d.updatedAt.replace(/\.\d{3}Z$/, 'Z')}`) : ''}`)
    for (const image of d.images) deploymentLines.push(`          ${image.container}: ${image.image}`)
    if (d.rolloutStateReason) deploymentLines.push(dim(`          ${d.rolloutStateReason}`))
  }
  if (report.deployments.length === 0) deploymentLines.push('  none')
  sections.push(deploymentLines.join('\n'))

  if (report.targetGroups.length > 0) sections.push(targetHealthText(report.targetGroups, color))
  sections.push(autoscalingText(report.autoscaling, color))

  const eventLines = [bold(`Events (last ${report.events.length})`)]
  for (const event of report.events) eventLines.push(`  ${event.at ? dim(event.at.replace(/\.\d{3}Z$/, 'Z')) + ' ' : ''}${event.message}`)
  if (report.events.length > 0) sections.push(eventLines.join('\n'))

  if (report.gaps.length > 0) sections.push([color.yellow('Could not read:'), ...report.gaps.map((gap) => `  ${gap}`)].join('\n'))
  return sections.join('\n\n')
}

function rolloutText(state: string | undefined, color: Colors): string {
  if (state === 'COMPLETED') return color.green(state)
  if (state === 'FAILED') return color.red(state)
  if (state === 'IN_PROGRESS') return color.yellow(state)
  return state ?? '-'
}

function targetHealthText(groups: readonly TargetGroupHealth[], color: Colors): string {
  const lines = [color.bold('Target health')]
  for (const group of groups) {
    const others = Object.entries(group.states)
      .filter(([state]) => !HEALTHY_STATES.has(state) && !UNHEALTHY_STATES.has(state))
      .map(([state, n]) => `, ${n} ${state}`)
      .join('')
    const unhealthy = group.unhealthy > 0 ? color.red(`${group.unhealthy} unhealthy`) : '0 unhealthy'
    const where = group.container ? ` (${group.container}:${group.containerPort ?? '?'})` : ''
    lines.push(`  ${group.targetGroupName}${where}: ${group.healthy} healthy, ${unhealthy}${others}`)
    for (const target of group.problems) {
      const address = target.port === undefined ? target.id : `${target.id}:${target.port}`
      const why = [target.reason, target.description].filter(Boolean).join(': ')
      lines.push(`    ${address} ${target.state}${why ? `: ${why}` : ''}`)
    }
  }
  return lines.join('\n')
}

function autoscalingText(scaling: AutoscalingStatus | null, color: Colors): string {
  const { bold, dim } = color
  if (!scaling) return `${bold('Autoscaling')}  none (the desired count is fixed)`
  const lines = [`${bold('Autoscaling')}  min ${scaling.min ?? '?'}, max ${scaling.max ?? '?'}`]
  if (scaling.suspended.length > 0) lines.push(color.yellow(`  suspended: ${scaling.suspended.join(', ')}`))
  for (const policy of scaling.policies) {
    const detail = policy.metric ? `: ${policy.metric}${policy.targetValue !== undefined ? ` at ${policy.targetValue}` : ''}` : ''
    lines.push(`  policy ${policy.name} (${policy.type}${detail})`)
  }
  for (const action of scaling.scheduledActions) {
    const range = `min ${action.min ?? '-'}, max ${action.max ?? '-'}`
    const when = action.nextRunLocal ? `next ${action.nextRunLocal} ${action.timezone}` : (action.note ?? 'next run unknown')
    lines.push(`  schedule ${action.name} ${action.schedule} ${dim(`(${action.timezone})`)}: ${range}; ${when}`)
  }
  const next = scaling.nextScheduledAction
  if (next) lines.push(`  next scheduled action: ${next.name} at ${next.nextRunLocal} ${next.timezone} (${isoSeconds(new Date(next.nextRun as string))}): min ${next.min ?? '-'}, max ${next.max ?? '-'}`)
  return lines.join('\n')
}

const iso = (date: Date | undefined): string | undefined => date?.toISOString()
