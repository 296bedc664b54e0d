// CloudWatch (awsJson1_0, query-compatible): metric alarms, found by name or prefix, and their
// tags. Error codes are the awsQuery ones (ResourceNotFound), which the protocol layer also
// sends in the x-amzn-query-error header.
import type {
  DeleteAlarmsInput,
  DescribeAlarmsInput,
  ListTagsForResourceInput,
  MetricAlarm,
  PutMetricAlarmInput,
  Tag,
  TagResourceInput,
  UntagResourceInput,
} from '@aws-sdk/client-cloudwatch'
import { arn } from '../arns.js'
import { operation, type Operations } from '../context.js'
import { AwsError, check } from '../errors.js'
import { paginate } from '../pages.js'
import type { CloudWatchState } from '../state.js'
import { pascalKey, removeTags, upsertTags } from '../tags.js'

export const cloudwatchOperations: Operations = {
  PutMetricAlarm: operation<PutMetricAlarmInput>((input, { state, region, now }) => {
    check(input.AlarmName, 'MissingParameter', 'The parameter AlarmName is required.')
    check(input.EvaluationPeriods, 'MissingParameter', 'The parameter EvaluationPeriods is required.')
    check(input.ComparisonOperator, 'MissingParameter', 'The parameter ComparisonOperator is required.')
    const existing = state.cloudwatch.alarms.get(input.AlarmName)
    const alarm = metricAlarm(input, arn('cloudwatch', region, state.accountId, `alarm:${input.AlarmName}`), now, existing)
    state.cloudwatch.alarms.set(input.AlarmName, alarm)
    // Tags given when updating an existing alarm are ignored, as documented for PutMetricAlarm.
    if (!existing) state.cloudwatch.tags.set(alarm.AlarmArn ?? '', [...(input.Tags ?? [])])
  }),

  DescribeAlarms: operation<DescribeAlarmsInput>((input, { state }) => {
    check(
      !(input.AlarmNames?.length && input.AlarmNamePrefix),
      'InvalidParameterCombination',
      'AlarmNames and AlarmNamePrefix cannot be specified together.',
    )
    const wantsMetricAlarms = !input.AlarmTypes?.length || input.AlarmTypes.includes('MetricAlarm')
    const alarms = [...state.cloudwatch.alarms.values()]
      .filter((alarm) => wantsMetricAlarms && matchesAlarmQuery(alarm, input))
      .sort((a, b) => (a.AlarmName ?? '').localeCompare(b.AlarmName ?? ''))
    const page = paginate(alarms, input.NextToken, input.MaxRecords, 50, () => new AwsError('InvalidNextToken', 'The service returned an invalid next token.'))
    return { MetricAlarms: page.items, CompositeAlarms: [], NextToken: page.next }
  }),

  DeleteAlarms: operation<DeleteAlarmsInput>((input, { state }) => {
    const missing = (input.AlarmNames ?? []).filter((name) => !state.cloudwatch.alarms.has(name))
    if (missing.length) throw new AwsError('ResourceNotFound', `${missing.length} of the alarms requested for deletion do not exist: ${missing.join(', ')}`, 404)
    for (const name of input.AlarmNames ?? []) deleteAlarm(state.cloudwatch, name)
  }),

  ListTagsForResource: operation<ListTagsForResourceInput>((input, { state }) => ({ Tags: [...findTags(state.cloudwatch, input.ResourceARN)] })),

  TagResource: operation<TagResourceInput>((input, { state }) => {
    const tags = findTags(state.cloudwatch, input.ResourceARN)
    state.cloudwatch.tags.set(input.ResourceARN ?? '', upsertTags<Tag>(tags, input.Tags, pascalKey))
  }),

  UntagResource: operation<UntagResourceInput>((input, { state }) => {
    const tags = findTags(state.cloudwatch, input.ResourceARN)
    state.cloudwatch.tags.set(input.ResourceARN ?? '', removeTags<Tag>(tags, input.TagKeys, pascalKey))
  }),
}

/** The alarm as DescribeAlarms shows it: AWS's defaults filled in, the state kept across updates. */
export function metricAlarm(input: PutMetricAlarmInput, alarmArn: string, now: Date, existing?: MetricAlarm): MetricAlarm {
  const { Tags: _tags, ...settings } = input
  return {
    ...settings,
    AlarmArn: alarmArn,
    AlarmConfigurationUpdatedTimestamp: now,
    ActionsEnabled: input.ActionsEnabled ?? true,
    OKActions: input.OKActions ?? [],
    AlarmActions: input.AlarmActions ?? [],
    InsufficientDataActions: input.InsufficientDataActions ?? [],
    Dimensions: input.Dimensions ?? [],
    StateValue: existing?.StateValue ?? 'INSUFFICIENT_DATA',
    StateReason: existing?.StateReason ?? 'Unchecked: Initial alarm creation',
    StateUpdatedTimestamp: existing?.StateUpdatedTimestamp ?? now,
    StateTransitionedTimestamp: existing?.StateTransitionedTimestamp ?? now,
  }
}

export function deleteAlarm(cloudwatch: CloudWatchState, name: string): void {
  const alarm = cloudwatch.alarms.get(name)
  if (!alarm) return
  cloudwatch.alarms.delete(name)
  cloudwatch.tags.delete(alarm.AlarmArn ?? '')
}

function matchesAlarmQuery(alarm: MetricAlarm, input: DescribeAlarmsInput): boolean {
  const name = alarm.AlarmName ?? ''
  if (input.AlarmNames?.length && !input.AlarmNames.includes(name)) return false
  if (input.AlarmNamePrefix && !name.startsWith(input.AlarmNamePrefix)) return false
  if (input.StateValue && alarm.StateValue !== input.StateValue) return false
  if (input.ActionPrefix && !(alarm.AlarmActions ?? []).some((action) => action.startsWith(input.ActionPrefix ?? ''))) return false
  return true
}

function findTags(cloudwatch: CloudWatchState, resourceArn: string | undefined): Tag[] {
  const tags = cloudwatch.tags.get(resourceArn ?? '')
  if (!tags) throw new AwsError('ResourceNotFoundException', `Resource ${resourceArn} not found.`, 404)
  return tags
}
