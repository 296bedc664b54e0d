// `ecsctl run -- COMMAND…`: a one-off task (a database migration in CI) from what the service runs
// now: its current task definition revision, network and launch settings, with the command
// overriding one container's. It follows the task to the end, streams that container's logs, and
// hands back the container's exit code, so that a CI step fails exactly when the command fails.
import type { ContainerDefinition, RunTaskCommandInput, Service, Task, TaskDefinition } from '@aws-sdk/client-ecs'
import { callAws, callAwsOrAbsent } from '../aws/call.js'
import type { AwsClients } from '../aws/clients.js'
import { hasErrorCode, toEcsctlError } from '../aws/errors.js'
import { awslogsSource, formatDuration, shortTaskDefinition, type LogSource } from '../deploy/explain.js'
import { EcsctlError, invalid } from '../errors.js'
import { requireService, type ServiceRef } from './service.js'
import { type Waiting } from './terminal.js'

/** RunTask's startedBy: tells these tasks apart from the service's own in the console and in ListTasks. */
export const RUN_STARTED_BY = 'ecsctl-run'

/** Poll every 2 s while something happens (a status, log lines), up to every 5 s when quiet. */
export const RUN_POLL = { initialMs: 2000, factor: 1.5, maxMs: 5000 } as const

/** A chatty task must not keep one poll reading logs for ever: at most this many pages per poll. */
const LOG_PAGES_PER_POLL = 20

export interface PreparedRun {
  input: RunTaskCommandInput
  container: ContainerDefinition & { name: string }
  taskDefinitionArn: string
}

/** The container that receives the command: the one named, else the first essential one. */
export function chooseContainer(taskDefinition: Pick<TaskDefinition, 'containerDefinitions' | 'family' | 'revision'>, requested: string | undefined): ContainerDefinition & { name: string } {
  const containers = (taskDefinition.containerDefinitions ?? []).flatMap((c) => (c.name ? [{ ...c, name: c.name }] : []))
  const names = containers.map((c) => c.name).join(', ')
  const revision = `${taskDefinition.family ?? '?'}:${taskDefinition.revision ?? '?'}`
  if (requested !== undefined) {
    const found = containers.find((c) => c.name === requested)
    if (!found) throw invalid(`Task definition ${revision} has no container "${requested}"; it has: ${names}.`, { hint: 'Pass one of them with --container.' })
    return found
  }
  // ECS treats a container without `essential` as essential.
  const essential = containers.find((c) => c.essential !== false)
  if (!essential) throw invalid(`Task definition ${revision} has no essential container to run the command in.`, { hint: `Name one with --container (${names}).` })
  return essential
}

/**
 * RunTask's input: the service's revision, network (its awsvpc subnets, security groups and
 * public IP setting), launch type or capacity provider strategy, platform version and placement,
 * with the command as the one container's override. Neither launch type nor strategy means the
 * cluster's default strategy, as for the service.
 */
export function runTaskInput(cluster: string, service: Service, container: string, command: string[]): RunTaskCommandInput {
  const input: RunTaskCommandInput = {
    cluster,
    taskDefinition: service.taskDefinition,
    count: 1,
    startedBy: RUN_STARTED_BY,
    overrides: { containerOverrides: [{ name: container, command }] },
  }
  if (service.networkConfiguration) input.networkConfiguration = service.networkConfiguration
  if (service.capacityProviderStrategy?.length) input.capacityProviderStrategy = service.capacityProviderStrategy
  else if (service.launchType) input.launchType = service.launchType
  if (service.platformVersion) input.platformVersion = service.platformVersion
  if (service.placementConstraints?.length) input.placementConstraints = service.placementConstraints
  if (service.placementStrategy?.length) input.placementStrategy = service.placementStrategy
  return input
}

/** Reads the service and its current revision and builds the RunTask input. */
export async function prepareRun(clients: AwsClients, ref: ServiceRef, command: string[], requestedContainer?: string): Promise<PreparedRun> {
  const service = await requireService(clients, ref)
  const taskDefinitionArn = service.taskDefinition
  if (!taskDefinitionArn) throw new EcsctlError('aws', `Service ${ref.service} in cluster ${ref.cluster} has no task definition.`)
  const ecs = await clients.ecs()
  const { DescribeTaskDefinitionCommand } = await import('@aws-sdk/client-ecs')
  const described = await callAws(`ecs:DescribeTaskDefinition (${shortTaskDefinition(taskDefinitionArn)})`, () =>
    ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: taskDefinitionArn })),
  )
  const container = chooseContainer(described.taskDefinition ?? {}, requestedContainer)
  return { input: runTaskInput(ref.cluster, service, container.name, command), container, taskDefinitionArn }
}

/** Starts the task; RunTask's `failures` (no capacity, a bad subnet...) are AWS refusing: exit 4. */
export async function startTask(clients: AwsClients, input: RunTaskCommandInput): Promise<string> {
  const ecs = await clients.ecs()
  const { RunTaskCommand } = await import('@aws-sdk/client-ecs')
  const where = `cluster "${input.cluster ?? '?'}"`
  const output = await callAws(`ecs:RunTask (${shortTaskDefinition(input.taskDefinition ?? '?')} in ${where})`, () => ecs.send(new RunTaskCommand(input)))
  const taskArn = output.tasks?.[0]?.taskArn
  const failures = output.failures ?? []
  if (failures.length > 0 || !taskArn) {
    const reasons = failures.map((f) => `${f.reason ?? 'no reason given'}${f.detail ? ` (${f.detail})` : ''}${f.arn ? ` [${f.arn}]` : ''}`)
    throw new EcsctlError('aws', `ECS did not start the task in ${where}: ${reasons.length > 0 ? reasons.join('; ') : 'RunTask returned no task'}.`, {
      hint: 'Check the cluster\'s capacity (capacity providers or container instances) and the service\'s subnets and security groups.',
      details: { failures: failures.map((f) => ({ arn: f.arn, reason: f.reason, detail: f.detail })) },
    })
  }
  return taskArn
}

export const taskIdOf = (taskArn: string): string => taskArn.slice(taskArn.lastIndexOf('/') + 1)

/** Where the log tail is and how far it has been read. */
export interface LogCursor {
  source: LogSource
  /** GetLogEvents' nextForwardToken of the last page read. */
  token?: string
}

/**
 * The lines written since the last read. A stream that does not exist yet (the container has not
 * started) has none. Pages follow their forward token until a page comes back empty.
 */
export async function readNewLogLines(clients: AwsClients, cursor: LogCursor): Promise<string[]> {
  const logs = await clients.logs()
  const { GetLogEventsCommand } = await import('@aws-sdk/client-cloudwatch-logs')
  const lines: string[] = []
  for (let page = 0; page < LOG_PAGES_PER_POLL; page += 1) {
    const token = cursor.token
    const output = await callAwsOrAbsent(
      `logs:GetLogEvents (log group "${cursor.source.group}", stream "${cursor.source.stream}")`,
      () =>
        logs.send(
          new GetLogEventsCommand({ logGroupName: cursor.source.group, logStreamName: cursor.source.stream, startFromHead: true, ...(token ? { nextToken: token } : {}) }),
        ),
      (error) => hasErrorCode(error, 'ResourceNotFoundException'),
    )
    if (!output) return lines
    const events = output.events ?? []
    if (output.nextForwardToken) cursor.token = output.nextForwardToken
    for (const event of events) lines.push((event.message ?? '').replace(/\r?\n$/, ''))
    // No events, or the same token back: the end of the stream for now.
    if (events.length === 0 || !output.nextForwardToken || output.nextForwardToken === token) return lines
  }
  return lines
}

export interface FollowInput {
  clients: AwsClients
  cluster: string
  taskArn: string
  container: string
  /** Undefined when the container does not log with awslogs and a stream prefix: nothing to stream. */
  logSource?: LogSource
  timeoutMs: number
  waiting: Waiting
  /** One line the container logged. */
  onLog: (line: string) => void
  /** Something a person should know that is not the container's output (logs not readable). */
  onNote: (text: string) => void
}

export interface StoppedOutcome {
  task: Task
  /** The exit code of the container that ran the command; undefined when it never ran. */
  exitCode?: number
}

/**
 * Polls DescribeTasks until the task is STOPPED (the `tasksStopped` waiter's success; a MISSING
 * task is its failure), reading new log lines after each poll and once more when it has stopped.
 */
export async function followTask(input: FollowInput): Promise<StoppedOutcome> {
  const { waiting } = input
  const started = waiting.now()
  const taskId = taskIdOf(input.taskArn)
  const cursor = input.logSource ? { source: input.logSource } : undefined
  let logsReadable = cursor !== undefined
  let lastStatus: string | undefined
  let delay: number = RUN_POLL.initialMs

  const readLogs = async (): Promise<number> => {
    if (!cursor || !logsReadable) return 0
    try {
      const lines = await readNewLogLines(input.clients, cursor)
      for (const line of lines) input.onLog(line)
      return lines.length
    } catch (error) {
      // The task matters more than its logs: say why they stop, and keep following it.
      logsReadable = false
      input.onNote(`Cannot read the logs of ${input.container} any more (${cursor.source.group} ${cursor.source.stream}): ${error instanceof Error ? error.message : String(error)}`)
      return 0
    }
  }

  for (;;) {
    throwIfInterrupted(input, lastStatus)
    const task = await describeTask(input)
    const status = task.lastStatus ?? 'UNKNOWN'
    const statusChanged = status !== lastStatus
    if (statusChanged) waiting.progress.event(`task ${taskId} ${status}`)
    lastStatus = status
    const lineCount = await readLogs()
    if (status === 'STOPPED') {
      // The log driver flushes as the container exits: a last read picks up the final lines.
      await readLogs()
      const container = task.containers?.find((c) => c.name === input.container)
      return { task, exitCode: container?.exitCode }
    }
    const left = started + input.timeoutMs - waiting.now()
    if (left <= 0) {
      throw new EcsctlError('timeout', `Timed out after ${formatDuration(input.timeoutMs)} waiting for task ${taskId} to stop; it keeps running (last seen ${status}).`, {
        hint: `${stopTaskHint(input)}. Wait longer with --timeout.`,
        details: { taskArn: input.taskArn, lastStatus: status },
      })
    }
    delay = statusChanged || lineCount > 0 ? RUN_POLL.initialMs : Math.min(RUN_POLL.maxMs, delay * RUN_POLL.factor)
    try {
      await waiting.sleep(Math.min(delay, left), waiting.signal)
    } catch (error) {
      throwIfInterrupted(input, lastStatus)
      throw error
    }
  }
}

async function describeTask(input: FollowInput): Promise<Task> {
  const ecs = await input.clients.ecs()
  const { DescribeTasksCommand } = await import('@aws-sdk/client-ecs')
  let output
  try {
    output = await ecs.send(new DescribeTasksCommand({ cluster: input.cluster, tasks: [input.taskArn] }), { abortSignal: input.waiting.signal })
  } catch (error) {
    // An aborted request is the user's Ctrl-C, not an AWS failure.
    throwIfInterrupted(input, undefined)
    throw toEcsctlError(error, `ecs:DescribeTasks (task ${taskIdOf(input.taskArn)} in cluster "${input.cluster}")`)
  }
  const task = output.tasks?.find((t) => t.taskArn === input.taskArn)
  if (!task) {
    const reason = output.failures?.[0]?.reason ?? 'MISSING'
    throw new EcsctlError('aws', `ecs:DescribeTasks: task ${taskIdOf(input.taskArn)} in cluster "${input.cluster}" is ${reason}.`, {
      hint: 'ECS forgets stopped tasks after about an hour; check the task in the console or with `aws ecs describe-tasks`.',
      details: { taskArn: input.taskArn, reason },
    })
  }
  return task
}

const stopTaskHint = (input: { cluster: string; taskArn: string }) =>
  `Stop it with \`aws ecs stop-task --cluster ${input.cluster} --task ${taskIdOf(input.taskArn)}\``

function throwIfInterrupted(input: FollowInput, lastStatus: string | undefined): void {
  if (!input.waiting.signal?.aborted) return
  throw new EcsctlError('interrupted', `Stopped waiting for task ${taskIdOf(input.taskArn)} (last seen ${lastStatus ?? 'not yet described'}); the task keeps running.`, {
    hint: stopTaskHint(input),
    details: { taskArn: input.taskArn, cluster: input.cluster, lastStatus },
  })
}

export interface RunResult {
  taskArn: string
  taskId: string
  cluster: string
  service: string
  taskDefinition: string
  container: string
  /** Undefined under --no-wait. */
  exitCode?: number
  stoppedReason?: string
  stopCode?: string
  /** Where the container's logs are, when it logs with awslogs. */
  logs?: { group: string; stream: string }
}

export interface RunInput {
  clients: AwsClients
  ref: ServiceRef
  command: string[]
  container?: string
  /** false for --no-wait: start the task and return its ARN. */
  wait: boolean
  timeoutMs: number
  waiting: Waiting
  onLog: (line: string) => void
  onNote: (text: string) => void
  /** Called once the task is started, with its ARN: a person sees it before the logs. */
  onStarted?: (taskArn: string) => void
}

/**
 * The whole of `ecsctl run`. Resolves with the container's exit code (0 or not); rejects with
 * exit 5 when the container never ran (the image could not be pulled, a secret could not be read).
 */
export async function runOneOffTask(input: RunInput): Promise<RunResult> {
  if (input.command.length === 0) throw invalid('Pass the command to run after `--`, e.g. `ecsctl run -- npm run migrate`.')
  const prepared = await prepareRun(input.clients, input.ref, input.command, input.container)
  const taskArn = await startTask(input.clients, prepared.input)
  input.onStarted?.(taskArn)
  const taskId = taskIdOf(taskArn)
  const source = awslogsSource(prepared.container, taskId)
  const result: RunResult = {
    taskArn,
    taskId,
    cluster: input.ref.cluster,
    service: input.ref.service,
    taskDefinition: prepared.taskDefinitionArn,
    container: prepared.container.name,
    ...(source ? { logs: { group: source.group, stream: source.stream } } : {}),
  }
  if (!input.wait) return result

  const readable = await readableLogSource(input.clients, source, prepared.container.name, input.onNote)
  const { task, exitCode } = await followTask({
    clients: input.clients,
    cluster: input.ref.cluster,
    taskArn,
    container: prepared.container.name,
    logSource: readable,
    timeoutMs: input.timeoutMs,
    waiting: input.waiting,
    onLog: input.onLog,
    onNote: input.onNote,
  })
  const stopped = { stoppedReason: task.stoppedReason, stopCode: task.stopCode }
  if (exitCode === undefined) throw failedToStart(task, result)
  input.waiting.progress.done(`task ${taskId} stopped: ${prepared.container.name} exited with code ${exitCode}`)
  return { ...result, exitCode, ...withoutUndefined(stopped) }
}

/** The log source, or undefined with a note saying why the logs will not be streamed. */
async function readableLogSource(clients: AwsClients, source: LogSource | undefined, container: string, onNote: (text: string) => void): Promise<LogSource | undefined> {
  if (!source) {
    onNote(`The logs of ${container} are not streamed: it does not log with the awslogs driver and a stream prefix.`)
    return undefined
  }
  const region = await clients.region()
  if (source.region && source.region !== region) {
    onNote(`The logs of ${container} are in ${source.region} (${source.group} ${source.stream}); ecsctl reads ${region}, so they are not streamed.`)
    return undefined
  }
  return source
}

/** The container never ran: every container's reason and the task's, exit 5. */
function failedToStart(task: Task, result: RunResult): EcsctlError {
  const reasons = (task.containers ?? []).flatMap((c) => (c.reason ? [`${c.name ?? '?'}: ${c.reason}`] : []))
  const why = [task.stoppedReason, ...reasons].filter(Boolean).join('; ') || 'no reason given'
  return new EcsctlError('rollout', `Task ${result.taskId} stopped before ${result.container} ran: ${why}.`, {
    hint: 'Check the image name and tag, the execution role (image pull, secrets, logs), and that the subnets can reach ECR and CloudWatch Logs.',
    details: { ...result, stoppedReason: task.stoppedReason, stopCode: task.stopCode, containers: (task.containers ?? []).map((c) => ({ name: c.name, reason: c.reason, exitCode: c.exitCode })) },
  })
}

function withoutUndefined<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>
}
