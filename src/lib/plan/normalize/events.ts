// EventBridge rules that start tasks, with their targets: PutRule's and PutTargets' inputs as one
// resource. Defaults come from the EventBridge API reference (PutRule, EcsParameters).
import type { EcsParameters, PutRuleCommandInput, PutTargetsCommandInput, Target } from '@aws-sdk/client-eventbridge'
import type { LiveEventRule } from '../../aws/live-state.js'
import { byField, pairs, type ListKeys } from '../diff.js'
import { compact, parsedJson, roleArnOf, sortedSet, userTags, type NormalizeContext } from './common.js'

/** A rule and its targets. EventPattern and each target's Input are JSON text in the API. */
export interface EventRuleInput extends PutRuleCommandInput {
  Targets?: Target[]
}

/** A rule in comparable form: the JSON texts parsed, so that key order and spacing are no difference. */
export interface EventRuleComparable extends Omit<PutRuleCommandInput, 'EventPattern'> {
  EventPattern?: unknown
  Targets?: (Omit<Target, 'Input'> & { Input?: unknown })[]
}

export function eventRuleFromRendered(putRule: PutRuleCommandInput, putTargets: PutTargetsCommandInput): EventRuleInput {
  return { ...putRule, Targets: putTargets.Targets }
}

/** DescribeRule's answer (Arn, CreatedBy and ManagedBy only describe it) with the rule's targets and tags. */
export function eventRuleFromLive(live: LiveEventRule): EventRuleInput {
  const rule = live.rule
  return compact({
    Name: rule.Name ?? '',
    ScheduleExpression: rule.ScheduleExpression,
    EventPattern: rule.EventPattern,
    State: rule.State,
    Description: rule.Description,
    RoleArn: rule.RoleArn,
    EventBusName: rule.EventBusName,
    Tags: live.tags,
    Targets: live.targets,
  })
}

function canonicalEcsParameters(parameters: EcsParameters | undefined): EcsParameters | undefined {
  if (!parameters) return undefined
  const awsvpc = parameters.NetworkConfiguration?.awsvpcConfiguration
  return {
    ...parameters,
    TaskCount: parameters.TaskCount ?? 1,
    CapacityProviderStrategy: parameters.CapacityProviderStrategy?.map((item) => ({ ...item, weight: item.weight ?? 0, base: item.base ?? 0 })),
    NetworkConfiguration: awsvpc && {
      awsvpcConfiguration: { ...awsvpc, Subnets: sortedSet(awsvpc.Subnets) ?? [], SecurityGroups: sortedSet(awsvpc.SecurityGroups), AssignPublicIp: awsvpc.AssignPublicIp ?? 'DISABLED' },
    },
    PlatformVersion: parameters.PlatformVersion === 'LATEST' ? undefined : parameters.PlatformVersion,
    // Both default to false and come back as false.
    EnableECSManagedTags: parameters.EnableECSManagedTags === true ? true : undefined,
    EnableExecuteCommand: parameters.EnableExecuteCommand === true ? true : undefined,
    Tags: userTags(parameters.Tags, 'Key', 'Value'),
  }
}

export function canonicalEventRule(input: EventRuleInput, context: NormalizeContext): EventRuleComparable {
  return compact({
    Name: input.Name,
    ScheduleExpression: input.ScheduleExpression,
    EventPattern: parsedJson(input.EventPattern),
    State: input.State ?? 'ENABLED',
    Description: input.Description,
    RoleArn: roleArnOf(input.RoleArn, context),
    // The default bus is what no bus name means.
    EventBusName: input.EventBusName === 'default' ? undefined : input.EventBusName,
    Tags: userTags(input.Tags, 'Key', 'Value'),
    Targets: input.Targets?.map((target) => ({
      ...target,
      RoleArn: roleArnOf(target.RoleArn, context),
      Input: parsedJson(target.Input),
      EcsParameters: canonicalEcsParameters(target.EcsParameters),
    })),
  })
}

export const eventRuleListKeys: ListKeys = {
  Tags: pairs('Key', 'Value'),
  Targets: { key: byField('Id') },
  'Targets[].EcsParameters.CapacityProviderStrategy': { key: byField('capacityProvider') },
  'Targets[].EcsParameters.Tags': pairs('Key', 'Value'),
}
