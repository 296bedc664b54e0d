// Why a rollout failed, told by the things that failed: the tasks ECS stopped (and their
// containers' exit codes), the last lines those containers logged, and the load balancer's view of
// the targets. The waiter uses these when a deployment fails or times out; `ecsctl status` can
// use them on their own.
import type { ContainerDefinition, Deployment, Service, ServiceEvent, Task } from '@aws-sdk/client-ecs'
import { callAws, callAwsOrAbsent } from '../aws/call.js'
import type { AwsClients } from '../aws/clients.js'
import { hasErrorCode } from '../aws/errors.js'

/** How much of each kind of evidence a report shows: enough to see the pattern, not a wall of text. */
export const EXPLAIN_LIMITS = {
  stoppedTasks: 3,
  logLines: 20,
  logContainers: 3,
  unhealthyTargets: 10,
  events: 5,
  logLineLength: 300,
} as const

export interface StoppedContainer {
  name: string
  exitCode?: number
  reason?: string
}

export interface StoppedTask {
  taskId: string
  taskArn: string
  taskDefinitionArn?: string
  startedBy?: string
  stoppedAt?: Date
  stopCode?: string
  stoppedReason?: string
  containers: StoppedContainer[]
}

export interface StoppedTaskQuery {
  cluster: string
  service: string
  /** Keep the tasks this deployment started (ECS sets a service task's `startedBy` to the deployment id). */
  deploymentId?: string
  /** Keep the tasks of this revision; used for tasks without `startedBy`. */
  taskDefinitionArn?: string
  /** At most this many, newest first. */
  limit?: number
}

/**
 * The newest stopped tasks of one deployment of a service, with their containers' exit codes and
 * reasons. ListTasks cannot combine `startedBy` with a status filter, so this lists the service's
 * stopped tasks (ECS keeps them for about an hour) and keeps the deployment's own.
 */
export async function describeStoppedTasks(clients: AwsClients, query: StoppedTaskQuery): Promise<StoppedTask[]> {
  const ecs = await clients.ecs()
  const { ListTasksCommand, DescribeTasksCommand } = await import('@aws-sdk/client-ecs')
  const where = `service "${query.service}" in cluster "${query.cluster}"`
  // One page is enough: in a crash loop the failing deployment's tasks are most of the list.
  const listed = await callAws(`ecs:ListTasks (stopped tasks of ${where})`, () =>
    ecs.send(new ListTasksCommand({ cluster: query.cluster, serviceName: query.service, desiredStatus: 'STOPPED', maxResults: 100 })),
  )
  const taskArns = listed.taskArns ?? []
  if (taskArns.length === 0) return []
  const described = await callAws(`ecs:DescribeTasks (stopped tasks of ${where})`, () =>
    ecs.send(new DescribeTasksCommand({ cluster: query.cluster, tasks: taskArns })),
  )
  return (described.tasks ?? [])
    .filter((task) => belongsToQuery(task, query))
    .map(toStoppedTask)
    .sort((a, b) => (b.stoppedAt?.getTime() ?? 0) - (a.stoppedAt?.getTime() ?? 0))
    .slice(0, query.limit ?? EXPLAIN_LIMITS.stoppedTasks)
}

function belongsToQuery(task: Task, query: StoppedTaskQuery): boolean {
  if (query.deploymentId && task.startedBy) return task.startedBy === query.deploymentId
  if (query.taskDefinitionArn) return task.taskDefinitionArn === query.taskDefinitionArn
  return true
}

function toStoppedTask(task: Task): StoppedTask {
  const taskArn = task.taskArn ?? ''
  return {
    taskId: lastSegment(taskArn),
    taskArn,
    taskDefinitionArn: task.taskDefinitionArn,
    startedBy: task.startedBy,
    stoppedAt: task.stoppedAt,
    stopCode: task.stopCode,
    stoppedReason: task.stoppedReason,
    containers: (task.containers ?? []).map((container) => ({
      name: container.name ?? '?',
      exitCode: container.exitCode,
      reason: container.reason,
    })),
  }
}

export interface LogSource {
  group: string
  stream: string
  /** `awslogs-region`, when the task definition sets one. */
  region?: string
}

/**
 * Where the awslogs driver writes a container's output in one task: `prefix/container/taskId`.
 * Without a stream prefix the stream is named after the Docker container id, which ECS does not
 * report, so there is nothing to read.
 */
export function awslogsSource(container: Pick<ContainerDefinition, 'name' | 'logConfiguration'>, taskId: string): LogSource | undefined {
  const config = container.logConfiguration
  if (config?.logDriver !== 'awslogs' || !container.name) return undefined
  const group = config.options?.['awslogs-group']
  const prefix = config.options?.['awslogs-stream-prefix']
  if (!group || !prefix) return undefined
  const region = config.options?.['awslogs-region']
  return { group, stream: `${prefix}/${container.name}/${taskId}`, ...(region ? { region } : {}) }
}

/**
 * The last `limit` lines of one log stream, oldest first, or undefined when the stream does not
 * exist (a container that never started writes nothing, so its stream is never created).
 */
export async function lastLogLines(clients: AwsClients, source: LogSource, limit: number = EXPLAIN_LIMITS.logLines): Promise<string[] | undefined> {
  const logs = await clients.logs()
  const { GetLogEventsCommand } = await import('@aws-sdk/client-cloudwatch-logs')
  const output = await callAwsOrAbsent(
    `logs:GetLogEvents (log group "${source.group}", stream "${source.stream}")`,
    () => logs.send(new GetLogEventsCommand({ logGroupName: source.group, logStreamName: source.stream, limit, startFromHead: false })),
    (error) => hasErrorCode(error, 'ResourceNotFoundException'),
  )
  if (!output) return undefined
  return (output.events ?? []).map((event) => shorten((event.message ?? '').trimEnd(), EXPLAIN_LIMITS.logLineLength))
}

export interface ContainerLog extends LogSource {
  taskId: string
  container: string
  /** Undefined when the stream does not exist. */
  lines?: string[]
}

/**
 * The containers of a stopped task worth reading: those that failed (a non-zero exit code or a
 * reason such as CannotPullContainerError). When none did, e.g. a task stopped for failing load
 * balancer health checks, every container that ran, since its output says what it listened on.
 */
export function failedContainers(task: StoppedTask): StoppedContainer[] {
  const failed = task.containers.filter((c) => (c.exitCode !== undefined && c.exitCode !== 0) || c.reason)
  return failed.length > 0 ? failed : task.containers.filter((c) => c.exitCode !== undefined)
}

/**
 * The last log lines of the failed containers of one stopped task. Problems reading one stream are
 * returned as `gaps` rather than thrown: the failure being explained matters more than its logs.
 */
export async function failedContainerLogs(
  clients: AwsClients,
  task: StoppedTask,
  limit: number = EXPLAIN_LIMITS.logLines,
): Promise<{ logs: ContainerLog[]; gaps: string[] }> {
  const containers = failedContainers(task).slice(0, EXPLAIN_LIMITS.logContainers)
  if (containers.length === 0 || !task.taskDefinitionArn) return { logs: [], gaps: [] }
  const definitions = await containerDefinitions(clients, task.taskDefinitionArn)
  const region = await clients.region()
  const logs: ContainerLog[] = []
  const gaps: string[] = []
  await Promise.all(
    containers.map(async (container) => {
      const definition = definitions.find((d) => d.name === container.name)
      const source = definition ? awslogsSource(definition, task.taskId) : undefined
      if (!source) {
        gaps.push(`logs of ${container.name}: it does not log with the awslogs driver and a stream prefix`)
      } else if (source.region && source.region !== region) {
        gaps.push(`logs of ${container.name}: they are in ${source.region} (${source.group} ${source.stream}), ecsctl reads ${region}`)
      } else {
        try {
          logs.push({ ...source, taskId: task.taskId, container: container.name, lines: await lastLogLines(clients, source, limit) })
        } catch (error) {
          gaps.push(`logs of ${container.name}: ${messageOf(error)}`)
        }
      }
    }),
  )
  // Promise.all finishes in any order; keep the task's container order.
  const order = containers.map((c) => c.name)
  logs.sort((a, b) => order.indexOf(a.container) - order.indexOf(b.container))
  return { logs, gaps }
}

async function containerDefinitions(clients: AwsClients, taskDefinitionArn: string): Promise<ContainerDefinition[]> {
  const ecs = await clients.ecs()
  const { DescribeTaskDefinitionCommand } = await import('@aws-sdk/client-ecs')
  const output = await callAws(`ecs:DescribeTaskDefinition (${shortTaskDefinition(taskDefinitionArn)})`, () =>
    ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: taskDefinitionArn })),
  )
  return output.taskDefinition?.containerDefinitions ?? []
}

export interface UnhealthyTarget {
  targetGroupArn: string
  targetGroupName: string
  id: string
  port?: number
  state: string
  reason?: string
  description?: string
}

// `initial` and `draining` are normal during a rollout, `healthy` and `unused` are fine.
const UNHEALTHY_STATES = new Set(['unhealthy', 'unhealthy.draining', 'unavailable'])

/** The targets the load balancer considers unhealthy in these target groups, with its reasons. */
export async function unhealthyTargets(clients: AwsClients, targetGroupArns: readonly string[]): Promise<UnhealthyTarget[]> {
  const unique = [...new Set(targetGroupArns)]
  if (unique.length === 0) return []
  const elbv2 = await clients.elbv2()
  const { DescribeTargetHealthCommand } = await import('@aws-sdk/client-elastic-load-balancing-v2')
  const perGroup = await Promise.all(
    unique.map(async (targetGroupArn) => {
      const targetGroupName = targetGroupNameOf(targetGroupArn)
      const output = await callAws(`elasticloadbalancing:DescribeTargetHealth (target group "${targetGroupName}")`, () =>
        elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn })),
      )
      return (output.TargetHealthDescriptions ?? [])
        .filter((d) => UNHEALTHY_STATES.has(d.TargetHealth?.State ?? ''))
        .map(
          (d): UnhealthyTarget => ({
            targetGroupArn,
            targetGroupName,
            id: d.Target?.Id ?? '?',
            port: d.Target?.Port,
            state: d.TargetHealth?.State ?? '?',
            reason: d.TargetHealth?.Reason,
            description: d.TargetHealth?.Description,
          }),
        )
    }),
  )
  return perGroup.flat().slice(0, EXPLAIN_LIMITS.unhealthyTargets)
}

/** How the wait ended for a deployment that did not complete. */
/** `failing`: tasks keep failing and the service has no circuit breaker to end the deployment. */
export type FailureVerdict = 'failed' | 'failing' | 'rolled back' | 'replaced' | 'timed out'

export interface FailureReport {
  verdict: FailureVerdict
  cluster: string
  service: string
  deploymentId: string
  taskDefinition?: string
  rolloutState?: string
  rolloutStateReason?: string
  /** The deployment ECS made PRIMARY instead: the rollback, or whoever replaced ours. */
  replacement?: { deploymentId?: string; taskDefinition?: string; rolloutState?: string }
  counts?: { running: number; desired: number; pending: number; failed: number }
  /** For a timeout: how long ecsctl waited. */
  waitedMs?: number
  stoppedTasks: StoppedTask[]
  logs: ContainerLog[]
  unhealthyTargets: UnhealthyTarget[]
  /** The newest service events since the deployment started, oldest first. */
  events: { at?: Date; message: string }[]
  /** Evidence ecsctl could not read, and why. */
  gaps: string[]
}

export interface ExplainInput {
  verdict: FailureVerdict
  cluster: string
  service: string
  deploymentId: string
  /** The last description of the service, as DescribeServices returned it. */
  snapshot: Service
  /** The last view of the deployment, which may no longer be listed in `snapshot`. */
  deployment?: Deployment
  replacement?: Deployment
  /** Service events to show (the waiter passes those since the deployment started). */
  events?: ServiceEvent[]
  waitedMs?: number
  /** Read stopped tasks and logs (skipped for a timeout in which no task failed). */
  readTasks?: boolean
}

/**
 * Gathers everything that says why a deployment did not complete. Each kind of evidence is read
 * independently and a failure to read one is recorded in `gaps`, never thrown.
 */
export async function explainFailure(clients: AwsClients, input: ExplainInput): Promise<FailureReport> {
  const gaps: string[] = []
  const attempt = async <T>(what: string, read: () => Promise<T>, fallback: T): Promise<T> => {
    try {
      return await read()
    } catch (error) {
      gaps.push(`${what}: ${messageOf(error)}`)
      return fallback
    }
  }
  const taskDefinition = input.deployment?.taskDefinition
  const targetGroupArns = (input.snapshot.loadBalancers ?? []).flatMap((lb) => (lb.targetGroupArn ? [lb.targetGroupArn] : []))
  const [tasksAndLogs, targets] = await Promise.all([
    input.readTasks === false
      ? { stoppedTasks: [], logs: [] }
      : attempt('stopped tasks', () => readTasksAndLogs(clients, input, taskDefinition, gaps), { stoppedTasks: [] as StoppedTask[], logs: [] as ContainerLog[] }),
    attempt('target health', () => unhealthyTargets(clients, targetGroupArns), [] as UnhealthyTarget[]),
  ])
  const deployment = input.deployment
  return {
    verdict: input.verdict,
    cluster: input.cluster,
    service: input.service,
    deploymentId: input.deploymentId,
    taskDefinition,
    rolloutState: deployment?.rolloutState,
    rolloutStateReason: deployment?.rolloutStateReason,
    replacement: input.replacement
      ? { deploymentId: input.replacement.id, taskDefinition: input.replacement.taskDefinition, rolloutState: input.replacement.rolloutState }
      : undefined,
    counts: deployment ? countsOf(deployment) : undefined,
    waitedMs: input.waitedMs,
    stoppedTasks: tasksAndLogs.stoppedTasks,
    logs: tasksAndLogs.logs,
    unhealthyTargets: targets,
    events: (input.events ?? []).map((event) => ({ at: event.createdAt, message: event.message ?? '' })),
    gaps,
  }
}

async function readTasksAndLogs(
  clients: AwsClients,
  input: ExplainInput,
  taskDefinitionArn: string | undefined,
  gaps: string[],
): Promise<{ stoppedTasks: StoppedTask[]; logs: ContainerLog[] }> {
  const stoppedTasks = await describeStoppedTasks(clients, {
    cluster: input.cluster,
    service: input.service,
    deploymentId: input.deploymentId,
    taskDefinitionArn,
  })
  // The newest task that failed tells the story; the others usually repeat it.
  const newestFailed = stoppedTasks.find((task) => failedContainers(task).length > 0)
  if (!newestFailed) return { stoppedTasks, logs: [] }
  try {
    const { logs, gaps: logGaps } = await failedContainerLogs(clients, newestFailed)
    gaps.push(...logGaps)
    return { stoppedTasks, logs }
  } catch (error) {
    gaps.push(`logs: ${messageOf(error)}`)
    return { stoppedTasks, logs: [] }
  }
}

export function countsOf(deployment: Deployment): { running: number; desired: number; pending: number; failed: number } {
  return {
    running: deployment.runningCount ?? 0,
    desired: deployment.desiredCount ?? 0,
    pending: deployment.pendingCount ?? 0,
    failed: deployment.failedTasks ?? 0,
  }
}

/** The report as text for a person: a headline, then each kind of evidence that was found. */
export function formatFailure(report: FailureReport): string {
  const sections = [
    headline(report),
    stoppedTasksSection(report),
    ...report.logs.map(logSection),
    targetsSection(report),
    eventsSection(report),
    report.gaps.length > 0 ? ['Could not read:', ...report.gaps.map((gap) => `  ${gap}`)].join('\n') : '',
  ]
  return sections.filter((section) => section !== '').join('\n\n')
}

function headline(report: FailureReport): string {
  const subject = `Deployment ${report.deploymentId} of service "${report.service}" in cluster "${report.cluster}"`
  const revision = report.taskDefinition ? ` (${shortTaskDefinition(report.taskDefinition)})` : ''
  const replacement = report.replacement
  const replacementRevision = replacement?.taskDefinition ? shortTaskDefinition(replacement.taskDefinition) : undefined
  const lines: string[] = []
  switch (report.verdict) {
    case 'failed':
      lines.push(
        replacementRevision
          ? `${subject}${revision} failed; ECS is rolling the service back to ${replacementRevision}.`
          : `${subject}${revision} failed.`,
      )
      break
    case 'failing':
      lines.push(
        `${subject}${revision} is failing: ${report.counts?.failed ?? 'several'} tasks stopped without the deployment completing. The service has no circuit breaker, so ECS will not end the deployment; ecsctl stopped waiting where the breaker would have.`,
      )
      break
    case 'rolled back':
      lines.push(`${subject}${revision} failed and ECS rolled the service back to ${replacementRevision ?? 'the previous deployment'}.`)
      break
    case 'replaced':
      lines.push(
        `${subject}${revision} was replaced by deployment ${replacement?.deploymentId ?? '?'}${replacementRevision ? ` (${replacementRevision})` : ''} before it completed, so it cannot count as a success.`,
      )
      break
    case 'timed out':
      lines.push(`Timed out after ${formatDuration(report.waitedMs ?? 0)} waiting for ${lowerFirst(subject)}${revision}.`)
      break
  }
  if (report.counts) lines.push(`Last seen: ${stateSummary(report.rolloutState, report.counts)}.`)
  if (report.rolloutStateReason) lines.push(`ECS said: ${report.rolloutStateReason}`)
  return lines.join('\n')
}

function stateSummary(rolloutState: string | undefined, counts: NonNullable<FailureReport['counts']>): string {
  const parts = [`${rolloutState ?? 'state unknown'}`, `running ${counts.running}/${counts.desired}`]
  if (counts.pending > 0) parts.push(`pending ${counts.pending}`)
  if (counts.failed > 0) parts.push(`failed tasks ${counts.failed}`)
  return parts.join(', ')
}

function stoppedTasksSection(report: FailureReport): string {
  if (report.stoppedTasks.length === 0) return ''
  const lines = ['Stopped tasks (newest first):']
  for (const task of report.stoppedTasks) {
    const when = task.stoppedAt ? ` at ${isoSeconds(task.stoppedAt)}` : ''
    const code = task.stopCode ? ` [${task.stopCode}]` : ''
    lines.push(`  task ${task.taskId} stopped${when}: ${task.stoppedReason ?? 'no reason given'}${code}`)
    for (const container of task.containers) lines.push(`    ${container.name}: ${containerOutcome(container)}`)
  }
  return lines.join('\n')
}

function containerOutcome(container: StoppedContainer): string {
  const parts: string[] = []
  if (container.exitCode !== undefined) parts.push(`exit code ${container.exitCode}`)
  if (container.reason) parts.push(container.reason)
  return parts.length > 0 ? parts.join(', ') : 'no exit code (it did not run)'
}

function logSection(log: ContainerLog): string {
  const where = `${log.group} ${log.stream}`
  if (log.lines === undefined) return `No log stream for ${log.container} in task ${log.taskId} (${where}): the container did not start.`
  if (log.lines.length === 0) return `No log lines from ${log.container} in task ${log.taskId} (${where}).`
  return [`Last log lines of ${log.container} in task ${log.taskId} (${where}):`, ...log.lines.map((line) => `  | ${line}`)].join('\n')
}

function targetsSection(report: FailureReport): string {
  if (report.unhealthyTargets.length === 0) return ''
  const lines = ['Unhealthy targets:']
  for (const target of report.unhealthyTargets) {
    const address = target.port === undefined ? target.id : `${target.id}:${target.port}`
    const why = [target.reason, target.description].filter(Boolean).join(': ')
    lines.push(`  ${address} in target group ${target.targetGroupName}: ${target.state}${why ? `, ${why}` : ''}`)
  }
  return lines.join('\n')
}

function eventsSection(report: FailureReport): string {
  if (report.events.length === 0) return ''
  return ['Recent service events:', ...report.events.map((event) => `  ${event.at ? `${isoSeconds(event.at)} ` : ''}${event.message}`)].join('\n')
}

/** The report for --json: the same facts, dates as ISO strings. */
export function failureDetails(report: FailureReport): Record<string, unknown> {
  return JSON.parse(JSON.stringify(report)) as Record<string, unknown>
}

/** `web:42` from `arn:aws:ecs:us-east-1:123456789012:task-definition/web:42`. */
export function shortTaskDefinition(arn: string): string {
  return arn.includes(':task-definition/') ? lastSegment(arn) : arn
}

/** `web-8080` from `arn:aws:elasticloadbalancing:...:targetgroup/web-8080/0123456789abcdef`. */
export function targetGroupNameOf(arn: string): string {
  return /:targetgroup\/([^/]+)\//.exec(arn)?.[1] ?? arn
}

/** `2026-11-23T16:40:01Z`: UTC to the second, the same in every log. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** `45s`, `2m 05s`, `1h 02m`. */
export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000)
  if (seconds < 60) return `${seconds}s`
  const minutes = Math.floor(seconds / 60)
  if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, '0')}s`
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`
}

function lastSegment(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1)
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1)
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
