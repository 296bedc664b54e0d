// EventBridge (awsJson1_1): rules on event buses (the default one unless named), their targets
// and tags.
import type {
  DeleteRuleRequest,
  DescribeRuleRequest,
  ListRulesRequest,
  ListTagsForResourceRequest,
  ListTargetsByRuleRequest,
  PutRuleRequest,
  PutTargetsRequest,
  RemoveTargetsRequest,
  Tag,
  TagResourceRequest,
  UntagResourceRequest,
} from '@aws-sdk/client-eventbridge'
import { arn } from '../arns.js'
import { operation, type Operations } from '../context.js'
import { AwsError, check } from '../errors.js'
import { paginate } from '../pages.js'
import type { EventBridgeState, EventRuleRecord } from '../state.js'
import { pascalKey, removeTags, upsertTags } from '../tags.js'

const DEFAULT_BUS = 'default'
const invalidToken = () => new AwsError('ValidationException', 'The nextToken provided is invalid.')

export const eventbridgeOperations: Operations = {
  PutRule: operation<PutRuleRequest>((input, { state, region }) => {
    const name = input.Name ?? ''
    check(/^[.\-_A-Za-z0-9]{1,64}$/.test(name), 'ValidationException', `1 validation error detected: Value '${name}' at 'name' failed to satisfy constraint`)
    check(input.ScheduleExpression || input.EventPattern, 'ValidationException', 'Parameter(s) EventPattern or ScheduleExpression must be specified.')
    if (input.EventPattern) {
      try {
        JSON.parse(input.EventPattern)
      } catch {
        throw new AwsError('InvalidEventPatternException', 'Event pattern is not valid. Reason: the pattern is not valid JSON')
      }
    }
    const bus = input.EventBusName ?? DEFAULT_BUS
    const ruleArn = arn('events', region, state.accountId, bus === DEFAULT_BUS ? `rule/${name}` : `rule/${bus}/${name}`)
    const key = ruleKey(bus, name)
    const existing = state.eventbridge.rules.get(key)
    state.eventbridge.rules.set(key, {
      rule: {
        Name: name,
        Arn: ruleArn,
        EventPattern: input.EventPattern,
        ScheduleExpression: input.ScheduleExpression,
        State: input.State ?? 'ENABLED',
        Description: input.Description,
        RoleArn: input.RoleArn,
        EventBusName: bus,
        CreatedBy: state.accountId,
      },
      targets: existing?.targets ?? [],
    })
    // Tags only apply when the rule is created; PutRule on an existing rule leaves them alone.
    if (!existing) state.eventbridge.tags.set(ruleArn, [...(input.Tags ?? [])])
    return { RuleArn: ruleArn }
  }),

  DescribeRule: operation<DescribeRuleRequest>((input, { state }) => ({ ...findRule(state.eventbridge, input.Name, input.EventBusName).rule })),

  ListRules: operation<ListRulesRequest>((input, { state }) => {
    const bus = input.EventBusName ?? DEFAULT_BUS
    const rules = [...state.eventbridge.rules.values()]
      .map((record) => record.rule)
      .filter((rule) => rule.EventBusName === bus && (rule.Name ?? '').startsWith(input.NamePrefix ?? ''))
      .sort((a, b) => (a.Name ?? '').localeCompare(b.Name ?? ''))
      .map(({ CreatedBy: _createdBy, ...rule }) => rule)
    const page = paginate(rules, input.NextToken, input.Limit, 100, invalidToken)
    return { Rules: page.items, NextToken: page.next }
  }),

  PutTargets: operation<PutTargetsRequest>((input, { state }) => {
    const record = findRule(state.eventbridge, input.Rule, input.EventBusName)
    for (const target of input.Targets ?? []) {
      check(target.Id && target.Arn, 'ValidationException', 'Every target needs an Id and an Arn.')
      const index = record.targets.findIndex((existing) => existing.Id === target.Id)
      if (index >= 0) record.targets[index] = target
      else record.targets.push(target)
    }
    check(record.targets.length <= 5, 'LimitExceededException', 'The requested resource exceeds the maximum number allowed.')
    return { FailedEntryCount: 0, FailedEntries: [] }
  }),

  ListTargetsByRule: operation<ListTargetsByRuleRequest>((input, { state }) => {
    const record = findRule(state.eventbridge, input.Rule, input.EventBusName)
    const page = paginate(record.targets, input.NextToken, input.Limit, 100, invalidToken)
    return { Targets: page.items, NextToken: page.next }
  }),

  RemoveTargets: operation<RemoveTargetsRequest>((input, { state }) => {
    const record = findRule(state.eventbridge, input.Rule, input.EventBusName)
    const ids = new Set(input.Ids ?? [])
    record.targets = record.targets.filter((target) => !ids.has(target.Id ?? ''))
    return { FailedEntryCount: 0, FailedEntries: [] }
  }),

  DeleteRule: operation<DeleteRuleRequest>((input, { state }) => {
    const key = ruleKey(input.EventBusName ?? DEFAULT_BUS, input.Name ?? '')
    const record = state.eventbridge.rules.get(key)
    // Deleting a rule that does not exist succeeds.
    if (!record) return
    check(record.targets.length === 0, 'ValidationException', 'Rule can\'t be deleted since it has targets.')
    state.eventbridge.rules.delete(key)
    state.eventbridge.tags.delete(record.rule.Arn ?? '')
  }),

  ListTagsForResource: operation<ListTagsForResourceRequest>((input, { state }) => ({ Tags: [...findTags(state.eventbridge, input.ResourceARN)] })),

  TagResource: operation<TagResourceRequest>((input, { state }) => {
    const tags = findTags(state.eventbridge, input.ResourceARN)
    state.eventbridge.tags.set(input.ResourceARN ?? '', upsertTags<Tag>(tags, input.Tags, pascalKey))
  }),

  UntagResource: operation<UntagResourceRequest>((input, { state }) => {
    const tags = findTags(state.eventbridge, input.ResourceARN)
    state.eventbridge.tags.set(input.ResourceARN ?? '', removeTags<Tag>(tags, input.TagKeys, pascalKey))
  }),
}

const ruleKey = (bus: string, name: string) => `${bus}/${name}`

function findRule(eventbridge: EventBridgeState, name: string | undefined, bus: string | undefined): EventRuleRecord {
  const record = eventbridge.rules.get(ruleKey(bus ?? DEFAULT_BUS, name ?? ''))
  if (!record) throw new AwsError('ResourceNotFoundException', `Rule ${name} does not exist on EventBus ${bus ?? DEFAULT_BUS}.`)
  return record
}

function findTags(eventbridge: EventBridgeState, resourceArn: string | undefined): Tag[] {
  const tags = eventbridge.tags.get(resourceArn ?? '')
  if (!tags) throw new AwsError('ResourceNotFoundException', `Rule ${resourceArn?.split('/').pop()} does not exist on EventBus ${DEFAULT_BUS}.`)
  return tags
}
