// `ecsctl logs`: the service's container output from CloudWatch Logs. Where each container logs
// is read from the task definitions the service runs (their awslogs options), never guessed from
// the manifest: what AWS runs is what wrote the logs. One FilterLogEvents query per container,
// all at once; --follow repeats them, starting a little before the newest event seen and
// dropping events already printed (by eventId), because CloudWatch may ingest an event after
// later ones were already readable.
import type { CloudWatchLogsClient, FilteredLogEvent } from '@aws-sdk/client-cloudwatch-logs'
import type { ContainerDefinition } from '@aws-sdk/client-ecs'
import { callAwsOrAbsent } from '../aws/call.js'
import type { AwsClients } from '../aws/clients.js'
import { hasErrorCode } from '../aws/errors.js'
import { invalid } from '../errors.js'
import type { Colors } from '../output/terminal.js'
import { readTaskDefinitions } from './status.js'
import { requireService, type ServiceRef } from './service.js'

/** Where one container's output goes: its streams are `prefix/container/taskId`. */
export interface ContainerLogSource {
  container: string
  group: string
  /** `prefix/container/`: what every stream of this container starts with. */
  streamPrefix: string
  /** `awslogs-region`, when the task definition sets one. */
  region?: string
}

export interface SkippedContainer {
  container: string
  reason: string
}

export interface LogSources {
  sources: ContainerLogSource[]
  skipped: SkippedContainer[]
}

/** The awslogs sources of some container definitions; those without one are skipped, with why. */
export function logSourcesOf(definitions: readonly ContainerDefinition[]): LogSources {
  const sources: ContainerLogSource[] = []
  const skipped: SkippedContainer[] = []
  for (const definition of definitions) {
    const container = definition.name ?? '?'
    const config = definition.logConfiguration
    const group = config?.options?.['awslogs-group']
    const prefix = config?.options?.['awslogs-stream-prefix']
    if (config?.logDriver !== 'awslogs' || !group) {
      skipped.push({ container, reason: config?.logDriver ? `it logs with the ${config.logDriver} driver, not awslogs` : 'it has no log configuration' })
    } else if (!prefix) {
      // Without a prefix the stream is named after the Docker container id: nothing ties it to a container.
      skipped.push({ container, reason: `its awslogs configuration has no awslogs-stream-prefix, so its streams in ${group} cannot be told apart` })
    } else {
      const region = config.options?.['awslogs-region']
      sources.push({ container, group, streamPrefix: `${prefix}/${container}/`, ...(region ? { region } : {}) })
    }
  }
  return { sources, skipped }
}

/**
 * The log sources of the containers the service runs: those of every task definition its
 * deployments list (during a rollout, old and new tasks both write), without repeats.
 */
export async function readServiceLogSources(clients: AwsClients, ref: ServiceRef): Promise<LogSources> {
  const service = await requireService(clients, ref)
  const arns = (service.deployments ?? []).flatMap((d) => (d.taskDefinition ? [d.taskDefinition] : []))
  if (arns.length === 0 && service.taskDefinition) arns.push(service.taskDefinition)
  const definitions = await readTaskDefinitions(clients, arns)
  const sources = new Map<string, ContainerLogSource>()
  const skipped = new Map<string, SkippedContainer>()
  for (const containerDefinitions of definitions.values()) {
    const found = logSourcesOf(containerDefinitions)
    for (const source of found.sources) sources.set(`${source.region ?? ''}|${source.group}|${source.streamPrefix}`, source)
    for (const skip of found.skipped) skipped.set(skip.container, skip)
  }
  // A container that logs in one revision and not in another is not "skipped".
  for (const source of sources.values()) skipped.delete(source.container)
  return { sources: [...sources.values()], skipped: [...skipped.values()] }
}

/** The sources of one container, or all of them; an unknown name is a usage error that lists the names. */
export function selectContainer(found: LogSources, container: string | undefined): LogSources {
  if (container === undefined) return found
  const sources = found.sources.filter((s) => s.container === container)
  const skipped = found.skipped.filter((s) => s.container === container)
  if (sources.length === 0 && skipped.length === 0) {
    const names = [...new Set([...found.sources, ...found.skipped].map((s) => s.container))].sort()
    throw invalid(`The service has no container "${container}".`, { hint: `Its containers: ${names.join(', ') || 'none'}.` })
  }
  return { sources, skipped }
}

const UNITS_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }

/** `10m`, `1h30m`, `2d` before `now`, or an ISO 8601 date and time. */
export function parseSince(text: string, now: Date): Date {
  const trimmed = text.trim()
  if (/^(\d+[smhdw])+$/.test(trimmed)) {
    let ms = 0
    for (const [, amount, unit] of trimmed.matchAll(/(\d+)([smhdw])/g)) ms += Number(amount) * (UNITS_MS[unit as string] as number)
    return new Date(now.getTime() - ms)
  }
  // An ISO date or date-time; Date.parse alone also takes things like "1" or "May 5".
  if (/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(trimmed)) {
    const parsed = Date.parse(trimmed)
    if (!Number.isNaN(parsed)) return new Date(parsed)
  }
  throw invalid(`--since "${text}" is neither a duration nor a date.`, { hint: 'Write a duration such as 30s, 10m, 1h or 2d, or a time such as 2026-11-23T16:40:00Z.' })
}

export interface LogEvent {
  timestamp: Date
  container: string
  taskId: string
  group: string
  stream: string
  message: string
  eventId: string
}

export interface FollowDeps {
  /** Resolves after `ms`; may reject or resolve early when `signal` aborts. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>
  /** Milliseconds, as Date.now(). */
  now: () => number
}

export interface ReadLogsInput {
  sources: readonly ContainerLogSource[]
  since: Date
  follow: boolean
  /** Aborted on Ctrl-C: following stops, and that is a normal end. */
  signal?: AbortSignal
  /** The CloudWatch Logs client of a region (undefined: the service's region). */
  logsClient: (region: string | undefined) => Promise<CloudWatchLogsClient>
  pollIntervalMs?: number
}

export interface ReadLogsHandlers {
  event: (event: LogEvent) => void
  /** Something worth knowing that is not a log line: a log group that does not exist yet. */
  note: (text: string) => void
}

export const FOLLOW = {
  pollIntervalMs: 2000,
  /** How far before the newest event seen each poll reads again, for events ingested late. */
  lateArrivalMs: 5000,
} as const

/** Where reading one source has got to: where the next query starts, and what was printed since. */
export interface Cursor {
  startTime: number
  /** eventId -> timestamp of events already printed at or after `startTime`. */
  seen: Map<string, number>
  missingNoted: boolean
}

/**
 * Reads the sources from `since` and hands each event over once, oldest first within each poll.
 * Without `follow` that is one poll; with it, polls until `signal` aborts, which ends it normally.
 * Returns how many events were handed over.
 */
export async function readLogs(input: ReadLogsInput, deps: FollowDeps, handlers: ReadLogsHandlers): Promise<number> {
  const cursors = input.sources.map((): Cursor => ({ startTime: input.since.getTime(), seen: new Map(), missingNoted: false }))
  let count = 0
  for (;;) {
    if (input.signal?.aborted) return count
    let fresh: LogEvent[][]
    try {
      fresh = await Promise.all(input.sources.map((source, i) => pollSource(input, source, cursors[i] as Cursor, handlers)))
    } catch (error) {
      // A request cut short by Ctrl-C is the end of following, not a failure.
      if (input.signal?.aborted) return count
      throw error
    }
    const events = fresh.flat().sort((a, b) => a.timestamp.getTime() - b.timestamp.getTime())
    for (const event of events) handlers.event(event)
    count += events.length
    if (!input.follow) return count
    try {
      await deps.sleep(input.pollIntervalMs ?? FOLLOW.pollIntervalMs, input.signal)
    } catch (error) {
      if (input.signal?.aborted) return count
      throw error
    }
  }
}

const isMissingGroup = (error: unknown) => hasErrorCode(error, 'ResourceNotFoundException')

/** One query of one source, every page; returns the events not handed over before. */
async function pollSource(input: ReadLogsInput, source: ContainerLogSource, cursor: Cursor, handlers: ReadLogsHandlers): Promise<LogEvent[]> {
  const logs = await input.logsClient(source.region)
  const { FilterLogEventsCommand } = await import('@aws-sdk/client-cloudwatch-logs')
  const context = `logs:FilterLogEvents (log group "${source.group}", streams ${source.streamPrefix}*)`
  const raw: FilteredLogEvent[] = []
  let token: string | undefined
  const tokens = new Set<string>()
  do {
    const page = await callAwsOrAbsent(
      context,
      () =>
        logs.send(
          new FilterLogEventsCommand({ logGroupName: source.group, logStreamNamePrefix: source.streamPrefix, startTime: cursor.startTime, nextToken: token }),
          { abortSignal: input.signal },
        ),
      isMissingGroup,
    )
    if (!page) {
      // The group appears with the first task that logs; following waits for it.
      if (!cursor.missingNoted) handlers.note(`Log group ${source.group} (container ${source.container}) does not exist${input.follow ? ' yet; waiting for it' : ''}.`)
      cursor.missingNoted = true
      return []
    }
    raw.push(...(page.events ?? []))
    token = page.nextToken || undefined
    // A token seen twice would loop for ever.
    if (token !== undefined && tokens.has(token)) break
    if (token !== undefined) tokens.add(token)
  } while (token !== undefined)
  return takeUnseen(raw, source, cursor)
}

/**
 * The events of a poll not handed over before, and the cursor moved on: the next poll starts
 * FOLLOW.lateArrivalMs before the newest event, and only ids from there on are remembered.
 */
export function takeUnseen(raw: readonly FilteredLogEvent[], source: ContainerLogSource, cursor: Cursor): LogEvent[] {
  const fresh: LogEvent[] = []
  let newest = cursor.startTime
  for (const event of raw) {
    const timestamp = event.timestamp ?? 0
    const id = event.eventId ?? `${event.logStreamName}:${timestamp}:${event.message}`
    newest = Math.max(newest, timestamp)
    if (cursor.seen.has(id)) continue
    cursor.seen.set(id, timestamp)
    fresh.push(toLogEvent(event, id, source))
  }
  cursor.startTime = Math.max(cursor.startTime, newest - FOLLOW.lateArrivalMs)
  for (const [id, timestamp] of cursor.seen) if (timestamp < cursor.startTime) cursor.seen.delete(id)
  return fresh
}

function toLogEvent(event: FilteredLogEvent, eventId: string, source: ContainerLogSource): LogEvent {
  const stream = event.logStreamName ?? ''
  return {
    timestamp: new Date(event.timestamp ?? 0),
    container: source.container,
    taskId: stream.startsWith(source.streamPrefix) ? stream.slice(source.streamPrefix.length) : stream,
    group: source.group,
    stream,
    message: (event.message ?? '').replace(/\s+$/, ''),
    eventId,
  }
}

/** `2026-11-23T16:40:01Z app/1a2b3c4d message`: the task id shortened as the ECS console does. */
export function formatLogLine(event: LogEvent, color: Colors): string {
  const at = event.timestamp.toISOString().replace(/\.\d{3}Z$/, 'Z')
  return `${color.dim(at)} ${color.cyan(`${event.container}/${event.taskId.slice(0, 8)}`)} ${event.message}`
}

/** One line of --json output: a JSON object per event (JSON Lines). */
export function logEventJson(event: LogEvent): string {
  return JSON.stringify({
    timestamp: event.timestamp.toISOString(),
    container: event.container,
    taskId: event.taskId,
    message: event.message,
    logGroup: event.group,
    logStream: event.stream,
    eventId: event.eventId,
  })
}
