// CloudWatch: the metric alarms ecsctl created for step scaling, found by their name prefix,
// each with its tags. The prefix alone cannot prove ownership (service "web" has the prefix
// "ecsctl-prod-web-", which also begins the alarms of a service "web-api"); the owner tag can.
import type { CloudWatchClient, MetricAlarm, Tag } from '@aws-sdk/client-cloudwatch'
import { callAws, callAwsOrAbsent } from '../call.js'
import type { AwsClients } from '../clients.js'
import { hasErrorCode } from '../errors.js'
import type { LiveAlarm } from '../live-state.js'
import { allPages, byName } from '../pages.js'

/** Metric alarms whose names start with `prefix` (all pages), each with its tags, by name. */
export async function readAlarms(clients: AwsClients, prefix: string): Promise<Record<string, LiveAlarm>> {
  const cloudwatch = await clients.cloudwatch()
  const { DescribeAlarmsCommand } = await import('@aws-sdk/client-cloudwatch')
  const pages = await callAws(`cloudwatch:DescribeAlarms (names starting with "${prefix}")`, () =>
    allPages(
      (token) => cloudwatch.send(new DescribeAlarmsCommand({ AlarmNamePrefix: prefix, NextToken: token })),
      (page) => page.NextToken,
    ),
  )
  const alarms = pages.flatMap((page) => page.MetricAlarms ?? []).filter((alarm) => alarm.AlarmName?.startsWith(prefix))
  const live = await Promise.all(
    alarms.map(async (alarm) => {
      const tags = await readAlarmTags(cloudwatch, alarm)
      // An alarm deleted since the listing is gone.
      return tags === undefined ? [] : [{ alarm, tags }]
    }),
  )
  return byName(live.flat(), (found) => found.alarm.AlarmName)
}

async function readAlarmTags(cloudwatch: CloudWatchClient, alarm: MetricAlarm): Promise<Tag[] | undefined> {
  if (!alarm.AlarmArn) return []
  const { ListTagsForResourceCommand } = await import('@aws-sdk/client-cloudwatch')
  const arn = alarm.AlarmArn
  const output = await callAwsOrAbsent(
    `cloudwatch:ListTagsForResource (alarm "${alarm.AlarmName ?? arn}")`,
    () => cloudwatch.send(new ListTagsForResourceCommand({ ResourceARN: arn })),
    (error) => hasErrorCode(error, 'ResourceNotFoundException', 'ResourceNotFound'),
  )
  return output === undefined ? undefined : (output.Tags ?? [])
}
