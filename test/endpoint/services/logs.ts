// CloudWatch Logs (awsJson1_1): log groups with retention and tags, and the log streams that the
// simulated awslogs driver writes for crashing containers. Logs counts time in epoch
// milliseconds (longs), not the timestamps of the other services.
import type {
  CreateLogGroupRequest,
  DescribeLogGroupsRequest,
  DescribeLogStreamsRequest,
  FilteredLogEvent,
  FilterLogEventsRequest,
  GetLogEventsRequest,
  ListTagsForResourceRequest,
  ListTagsLogGroupRequest,
  PutRetentionPolicyRequest,
  TagResourceRequest,
  UntagResourceRequest,
} from '@aws-sdk/client-cloudwatch-logs'
import { arn } from '../arns.js'
import { operation, type Operations } from '../context.js'
import { AwsError, check } from '../errors.js'
import { paginate } from '../pages.js'
import type { LogGroupRecord, LogsState } from '../state.js'

const RETENTION_DAYS = new Set([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653])

const invalidToken = () => new AwsError('InvalidParameterException', 'The specified nextToken is invalid.')
const groupNotFound = () => new AwsError('ResourceNotFoundException', 'The specified log group does not exist.')

export const logsOperations: Operations = {
  CreateLogGroup: operation<CreateLogGroupRequest>((input, { state, region, now }) => {
    const name = input.logGroupName ?? ''
    check(/^[\w\-/.#]{1,512}$/.test(name), 'InvalidParameterException', `1 validation error detected: Value '${name}' at 'logGroupName' failed to satisfy constraint`)
    if (state.logs.groups.has(name)) throw new AwsError('ResourceAlreadyExistsException', 'The specified log group already exists')
    createLogGroup(state.logs, name, region, state.accountId, now, input.tags ?? {})
  }),

  PutRetentionPolicy: operation<PutRetentionPolicyRequest>((input, { state }) => {
    const record = findGroup(state.logs, input.logGroupName)
    check(
      RETENTION_DAYS.has(input.retentionInDays ?? 0),
      'InvalidParameterException',
      `1 validation error detected: Value '${input.retentionInDays}' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: [${[...RETENTION_DAYS].join(', ')}]`,
    )
    record.group.retentionInDays = input.retentionInDays
  }),

  DescribeLogGroups: operation<DescribeLogGroupsRequest>((input, { state }) => {
    const prefix = input.logGroupNamePrefix ?? ''
    const pattern = input.logGroupNamePattern?.toLowerCase()
    const groups = [...state.logs.groups.values()]
      .map((record) => record.group)
      .filter((group) => (group.logGroupName ?? '').startsWith(prefix) && (!pattern || (group.logGroupName ?? '').toLowerCase().includes(pattern)))
      .sort((a, b) => (a.logGroupName ?? '').localeCompare(b.logGroupName ?? ''))
    const page = paginate(groups, input.nextToken, input.limit, 50, invalidToken)
    return { logGroups: page.items, nextToken: page.next }
  }),

  DescribeLogStreams: operation<DescribeLogStreamsRequest>((input, { state }) => {
    const record = findGroup(state.logs, input.logGroupName)
    const prefix = input.logStreamNamePrefix ?? ''
    let streams = [...record.streams.values()].map((s) => s.stream).filter((s) => (s.logStreamName ?? '').startsWith(prefix))
    streams =
      input.orderBy === 'LastEventTime'
        ? streams.sort((a, b) => (a.lastEventTimestamp ?? 0) - (b.lastEventTimestamp ?? 0))
        : streams.sort((a, b) => (a.logStreamName ?? '').localeCompare(b.logStreamName ?? ''))
    if (input.descending) streams.reverse()
    const page = paginate(streams, input.nextToken, input.limit, 50, invalidToken)
    return { logStreams: page.items, nextToken: page.next }
  }),

  GetLogEvents: operation<GetLogEventsRequest>((input, { state }) => {
    const group = findGroup(state.logs, input.logGroupName)
    const stream = group.streams.get(input.logStreamName ?? '')
    if (!stream) throw new AwsError('ResourceNotFoundException', 'The specified log stream does not exist.')
    const events = stream.events.filter((e) => inRange(e.timestamp, input.startTime, input.endTime))
    const { start, end } = logWindow(events.length, input.nextToken, input.startFromHead ?? false, input.limit ?? 10000)
    // At either end the token comes back unchanged: that is how a caller knows it has read everything.
    return { events: events.slice(start, end), nextForwardToken: `f/${end}`, nextBackwardToken: `b/${start}` }
  }),

  FilterLogEvents: operation<FilterLogEventsRequest>((input, { state }) => {
    const group = findGroup(state.logs, input.logGroupName ?? input.logGroupIdentifier)
    const terms = filterTerms(input.filterPattern)
    const events: FilteredLogEvent[] = []
    for (const [name, stream] of group.streams) {
      if (input.logStreamNames && !input.logStreamNames.includes(name)) continue
      if (input.logStreamNamePrefix && !name.startsWith(input.logStreamNamePrefix)) continue
      stream.events.forEach((event, index) => {
        if (!inRange(event.timestamp, input.startTime, input.endTime)) return
        if (!terms.every((term) => (event.message ?? '').includes(term))) return
        events.push({ logStreamName: name, timestamp: event.timestamp, message: event.message, ingestionTime: event.ingestionTime, eventId: `${event.timestamp}${index}` })
      })
    }
    events.sort((a, b) => (a.timestamp ?? 0) - (b.timestamp ?? 0))
    const page = paginate(events, input.nextToken, input.limit, 10000, invalidToken)
    return { events: page.items, searchedLogStreams: [], nextToken: page.next }
  }),

  TagResource: operation<TagResourceRequest>((input, { state }) => {
    const record = groupByArn(state.logs, input.resourceArn)
    Object.assign(record.tags, input.tags)
  }),

  UntagResource: operation<UntagResourceRequest>((input, { state }) => {
    const record = groupByArn(state.logs, input.resourceArn)
    for (const key of input.tagKeys ?? []) delete record.tags[key]
  }),

  ListTagsForResource: operation<ListTagsForResourceRequest>((input, { state }) => ({ tags: { ...groupByArn(state.logs, input.resourceArn).tags } })),

  ListTagsLogGroup: operation<ListTagsLogGroupRequest>((input, { state }) => ({ tags: { ...findGroup(state.logs, input.logGroupName).tags } })),
}

export function createLogGroup(logs: LogsState, name: string, region: string, account: string, now: Date, tags: Record<string, string>): LogGroupRecord {
  const groupArn = arn('logs', region, account, `log-group:${name}`)
  const record: LogGroupRecord = {
    group: {
      logGroupName: name,
      creationTime: now.getTime(),
      metricFilterCount: 0,
      arn: `${groupArn}:*`,
      storedBytes: 0,
      logGroupClass: 'STANDARD',
      logGroupArn: groupArn,
    },
    tags: { ...tags },
    streams: new Map(),
  }
  logs.groups.set(name, record)
  return record
}

/** Appends lines to a stream as a log driver would, creating the stream. The group must exist. */
export function appendLogLines(logs: LogsState, groupName: string, streamName: string, lines: string[], now: Date): boolean {
  const group = logs.groups.get(groupName)
  if (!group) return false
  let stream = group.streams.get(streamName)
  if (!stream) {
    stream = {
      stream: {
        logStreamName: streamName,
        creationTime: now.getTime(),
        arn: `${group.group.logGroupArn}:log-stream:${streamName}`,
        storedBytes: 0,
      },
      events: [],
    }
    group.streams.set(streamName, stream)
  }
  const start = now.getTime()
  lines.forEach((message, index) => {
    stream.events.push({ timestamp: start + index, message, ingestionTime: start + index + 150 })
  })
  stream.stream.firstEventTimestamp ??= start
  stream.stream.lastEventTimestamp = start + lines.length - 1
  stream.stream.lastIngestionTime = start + lines.length + 149
  return true
}

function findGroup(logs: LogsState, name: string | undefined): LogGroupRecord {
  const record = logs.groups.get(name ?? '')
  if (!record) throw groupNotFound()
  return record
}

/** TagResource takes the group's ARN without the trailing `:*` that DescribeLogGroups' `arn` has. */
function groupByArn(logs: LogsState, resourceArn: string | undefined): LogGroupRecord {
  const wanted = (resourceArn ?? '').replace(/:\*$/, '')
  for (const record of logs.groups.values()) if (record.group.logGroupArn === wanted) return record
  throw new AwsError('ResourceNotFoundException', `The specified resource does not exist: ${resourceArn}`)
}

/**
 * Which events a GetLogEvents call returns: after a forward token the next ones, before a backward
 * token the previous ones, else the first (startFromHead) or, by default, the last `limit`.
 */
function logWindow(count: number, token: string | undefined, startFromHead: boolean, limit: number): { start: number; end: number } {
  if (token) {
    const match = /^([fb])\/(\d+)$/.exec(token)
    const position = Number(match?.[2] ?? NaN)
    if (!match || position > count) throw invalidToken()
    return match[1] === 'f' ? { start: position, end: Math.min(count, position + limit) } : { start: Math.max(0, position - limit), end: position }
  }
  return startFromHead ? { start: 0, end: Math.min(count, limit) } : { start: Math.max(0, count - limit), end: count }
}

function inRange(timestamp: number | undefined, start: number | undefined, end: number | undefined): boolean {
  const t = timestamp ?? 0
  return (start === undefined || t >= start) && (end === undefined || t < end)
}

/** The plain-term part of a filter pattern: every quoted or bare term must appear in the message. */
function filterTerms(pattern: string | undefined): string[] {
  if (!pattern?.trim()) return []
  return [...pattern.matchAll(/"([^"]*)"|(\S+)/g)].map((match) => match[1] ?? match[2] ?? '').filter(Boolean)
}
