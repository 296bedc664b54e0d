// EventBridge: the rules ecsctl created for scheduled and event-driven tasks (default bus),
// found by name prefix, then for each rule its full description, all its targets and its tags,
// in parallel. As with alarms, the owner tag (not the prefix) tells whose rule it is.
import type { EventBridgeClient, Rule, Tag, Target } from '@aws-sdk/client-eventbridge'
import { callAws, callAwsOrAbsent } from '../call.js'
import type { AwsClients } from '../clients.js'
import { hasErrorCode } from '../errors.js'
import type { LiveEventRule } from '../live-state.js'
import { allPages } from '../pages.js'

// A rule deleted between ListRules and the next request is simply gone.
const isRuleGone = (error: unknown) => hasErrorCode(error, 'ResourceNotFoundException')

/** Rules whose names start with `prefix`, each with DescribeRule's answer, its targets and tags, by name. */
export async function readEventRules(clients: AwsClients, prefix: string): Promise<Record<string, LiveEventRule>> {
  const eventbridge = await clients.eventbridge()
  const { ListRulesCommand } = await import('@aws-sdk/client-eventbridge')
  const pages = await callAws(`events:ListRules (names starting with "${prefix}")`, () =>
    allPages(
      (token) => eventbridge.send(new ListRulesCommand({ NamePrefix: prefix, NextToken: token })),
      (page) => page.NextToken,
    ),
  )
  const listed = pages.flatMap((page) => page.Rules ?? []).flatMap((rule) => (rule.Name?.startsWith(prefix) ? [{ ...rule, Name: rule.Name }] : []))
  const live = await Promise.all(listed.map(async (rule) => ({ name: rule.Name, found: await readEventRule(eventbridge, rule) })))
  return Object.fromEntries(live.flatMap(({ name, found }) => (found ? [[name, found] as const] : [])))
}

async function readEventRule(eventbridge: EventBridgeClient, listed: Rule & { Name: string }): Promise<LiveEventRule | undefined> {
  const { DescribeRuleCommand } = await import('@aws-sdk/client-eventbridge')
  const name = listed.Name
  const [described, targets, tags] = await Promise.all([
    callAwsOrAbsent(`events:DescribeRule (rule "${name}")`, () => eventbridge.send(new DescribeRuleCommand({ Name: name })), isRuleGone),
    readRuleTargets(eventbridge, name),
    readRuleTags(eventbridge, listed),
  ])
  if (!described || !targets || !tags) return undefined
  const { $metadata: _metadata, ...rule } = described
  return { rule, targets, tags }
}

async function readRuleTargets(eventbridge: EventBridgeClient, name: string): Promise<Target[] | undefined> {
  const { ListTargetsByRuleCommand } = await import('@aws-sdk/client-eventbridge')
  const pages = await callAwsOrAbsent(
    `events:ListTargetsByRule (rule "${name}")`,
    () =>
      allPages(
        (token) => eventbridge.send(new ListTargetsByRuleCommand({ Rule: name, NextToken: token })),
        (page) => page.NextToken,
      ),
    isRuleGone,
  )
  return pages?.flatMap((page) => page.Targets ?? [])
}

async function readRuleTags(eventbridge: EventBridgeClient, listed: Rule & { Name: string }): Promise<Tag[] | undefined> {
  if (!listed.Arn) return []
  const { ListTagsForResourceCommand } = await import('@aws-sdk/client-eventbridge')
  const arn = listed.Arn
  const output = await callAwsOrAbsent(
    `events:ListTagsForResource (rule "${listed.Name}")`,
    () => eventbridge.send(new ListTagsForResourceCommand({ ResourceARN: arn })),
    isRuleGone,
  )
  return output === undefined ? undefined : (output.Tags ?? [])
}
