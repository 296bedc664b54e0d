// Target groups (with the attributes ecsctl sets), ALB listener rules and the NLB listener's
// default action. Defaults come from the ELBv2 API reference (CreateTargetGroup, Matcher, Action).
import type {
  Action,
  CreateRuleCommandInput,
  CreateTargetGroupCommandInput,
  ModifyListenerCommandInput,
  RuleCondition,
  TargetGroupAttribute,
} from '@aws-sdk/client-elastic-load-balancing-v2'
import type { LiveListenerRule, LiveTargetGroup } from '../../aws/live-state.js'
import { pairs, type ListKeys } from '../diff.js'
import { asNumber, compact, sortedBy, sortedSet, userTags } from './common.js'

/** CreateTargetGroup's input plus the attributes ModifyTargetGroupAttributes sets: one resource to compare. */
export type TargetGroupInput = CreateTargetGroupCommandInput & { Attributes?: TargetGroupAttribute[] }

/** Attributes ecsctl sets, with the value ELBv2 gives a new target group. */
const MANAGED_ATTRIBUTES: Readonly<Record<string, string>> = { 'deregistration_delay.timeout_seconds': '300' }

/** Fields CreateTargetGroup sets once: ModifyTargetGroup cannot change them. */
export const IMMUTABLE_TARGET_GROUP_FIELDS = ['Name', 'Protocol', 'ProtocolVersion', 'Port', 'VpcId', 'TargetType', 'IpAddressType'] as const

export function targetGroupFromLive(live: LiveTargetGroup): TargetGroupInput {
  const tg = live.targetGroup
  return compact({
    Name: tg.TargetGroupName ?? '',
    Protocol: tg.Protocol,
    ProtocolVersion: tg.ProtocolVersion,
    Port: tg.Port,
    VpcId: tg.VpcId,
    HealthCheckProtocol: tg.HealthCheckProtocol,
    HealthCheckPort: tg.HealthCheckPort,
    HealthCheckEnabled: tg.HealthCheckEnabled,
    HealthCheckPath: tg.HealthCheckPath,
    HealthCheckIntervalSeconds: tg.HealthCheckIntervalSeconds,
    HealthCheckTimeoutSeconds: tg.HealthCheckTimeoutSeconds,
    HealthyThresholdCount: tg.HealthyThresholdCount,
    UnhealthyThresholdCount: tg.UnhealthyThresholdCount,
    Matcher: tg.Matcher,
    TargetType: tg.TargetType,
    IpAddressType: tg.IpAddressType,
    Tags: live.tags,
    Attributes: live.attributes,
  })
}

const isApplicationProtocol = (protocol: string | undefined) => protocol === 'HTTP' || protocol === 'HTTPS'

/** CreateTargetGroup's documented timeout defaults, by target group protocol; none for UDP and TCP_UDP. */
function defaultTimeout(protocol: string | undefined): number | undefined {
  if (protocol === 'HTTP') return 6
  if (protocol === 'HTTPS' || protocol === 'TCP' || protocol === 'TLS') return 10
  return undefined
}

/**
 * The health check timeouts AWS documents as the default for a target group of `protocol`. They
 * disagree for HTTP(S): the ALB guide (and the CLI's example output) say 5 seconds, the current
 * CreateTargetGroup reference says 6 for HTTP and 10 for HTTPS. A target group created without a
 * timeout may have either, and neither is a difference from a manifest that sets none.
 */
export function isDocumentedDefaultTimeout(protocol: string | undefined, seconds: number | undefined): boolean {
  if (seconds === undefined) return false
  if (protocol === 'HTTP') return seconds === 5 || seconds === 6
  if (protocol === 'HTTPS') return seconds === 5 || seconds === 10
  return seconds === defaultTimeout(protocol)
}

export function canonicalTargetGroup(input: TargetGroupInput): TargetGroupInput {
  const application = isApplicationProtocol(input.Protocol)
  // ALB target groups check over HTTP by default, NLB ones over TCP.
  const healthCheckProtocol = input.HealthCheckProtocol ?? (application ? 'HTTP' : 'TCP')
  const httpCheck = isApplicationProtocol(healthCheckProtocol)
  return compact({
    Name: input.Name,
    Protocol: input.Protocol,
    ProtocolVersion: application ? (input.ProtocolVersion ?? 'HTTP1') : undefined,
    Port: input.Port,
    VpcId: input.VpcId,
    TargetType: input.TargetType ?? 'instance',
    IpAddressType: input.IpAddressType ?? 'ipv4',
    // Always on for instance and ip targets.
    HealthCheckEnabled: input.HealthCheckEnabled ?? true,
    HealthCheckProtocol: healthCheckProtocol,
    HealthCheckPort: input.HealthCheckPort ?? 'traffic-port',
    // Path and matcher mean something only for HTTP(S) checks.
    HealthCheckPath: httpCheck ? (input.HealthCheckPath ?? '/') : undefined,
    HealthCheckIntervalSeconds: input.HealthCheckIntervalSeconds ?? 30,
    HealthCheckTimeoutSeconds: input.HealthCheckTimeoutSeconds ?? defaultTimeout(input.Protocol),
    HealthyThresholdCount: input.HealthyThresholdCount ?? 5,
    UnhealthyThresholdCount: input.UnhealthyThresholdCount ?? 2,
    Matcher: httpCheck ? { ...input.Matcher, HttpCode: input.Matcher?.HttpCode ?? (application ? '200' : '200-399') } : undefined,
    Tags: userTags(input.Tags, 'Key', 'Value'),
    Attributes: managedAttributes(input.Attributes),
  })
}

/** Only the attributes ecsctl sets; DescribeTargetGroupAttributes returns all of them. */
function managedAttributes(attributes: TargetGroupAttribute[] | undefined): TargetGroupAttribute[] {
  return Object.entries(MANAGED_ATTRIBUTES).map(([Key, fallback]) => ({ Key, Value: attributes?.find((a) => a.Key === Key)?.Value ?? fallback }))
}

export const targetGroupListKeys: ListKeys = {
  Tags: pairs('Key', 'Value'),
  Attributes: pairs('Key', 'Value'),
}

/** DescribeRules' answer for one rule as CreateRule's input. Priority comes back as text. */
export function listenerRuleFromLive(listenerArn: string, live: LiveListenerRule): CreateRuleCommandInput {
  return compact({
    ListenerArn: listenerArn,
    Priority: asNumber(live.rule.Priority) ?? 0,
    Conditions: live.rule.Conditions ?? [],
    Actions: live.rule.Actions ?? [],
    Tags: live.tags,
  })
}

/**
 * host-header and path-pattern conditions come back with both the legacy `Values` and the
 * `...Config.Values` that render writes: one form, values sorted (a rule matches any of them).
 */
function canonicalCondition(condition: RuleCondition): RuleCondition {
  const { Values: legacyValues, ...rest } = condition
  if (condition.Field === 'host-header') return { Field: 'host-header', HostHeaderConfig: { Values: sortedSet(condition.HostHeaderConfig?.Values ?? legacyValues) } }
  if (condition.Field === 'path-pattern') return { Field: 'path-pattern', PathPatternConfig: { Values: sortedSet(condition.PathPatternConfig?.Values ?? legacyValues) } }
  return legacyValues === undefined ? rest : { ...rest, Values: sortedSet(legacyValues) }
}

/**
 * A forward to one target group comes back both as TargetGroupArn and as a ForwardConfig with
 * that group at weight 1 and stickiness off: written as the TargetGroupArn form render uses.
 * `Order` matters only between several actions.
 */
export function canonicalAction(action: Action, only: boolean): Action {
  const { Order, ...rest } = action
  const order = only ? undefined : Order
  if (action.Type !== 'forward') return compact({ ...rest, Order: order })
  const groups = action.ForwardConfig?.TargetGroups ?? []
  const sticky = action.ForwardConfig?.TargetGroupStickinessConfig?.Enabled === true
  if (groups.length <= 1 && !sticky) {
    return compact({ Type: 'forward', TargetGroupArn: action.TargetGroupArn ?? groups[0]?.TargetGroupArn, Order: order })
  }
  return compact({
    Type: 'forward',
    ForwardConfig: {
      TargetGroups: sortedBy(
        groups.map((group) => ({ TargetGroupArn: group.TargetGroupArn, Weight: group.Weight ?? 1 })),
        (group) => group.TargetGroupArn ?? '',
      ),
      TargetGroupStickinessConfig: action.ForwardConfig?.TargetGroupStickinessConfig,
    },
    Order: order,
  })
}

const canonicalActions = (actions: Action[] | undefined) => actions?.map((action) => canonicalAction(action, actions.length === 1))

/** The target group ARNs an action list forwards to. */
export function forwardedTargetGroups(actions: Action[] | undefined): string[] {
  return (actions ?? []).flatMap((action) =>
    action.Type === 'forward' ? [action.TargetGroupArn, ...(action.ForwardConfig?.TargetGroups ?? []).map((group) => group.TargetGroupArn)] : [],
  ).filter((arn): arn is string => arn !== undefined)
}

export function canonicalListenerRule(input: CreateRuleCommandInput): CreateRuleCommandInput {
  return compact({
    ListenerArn: input.ListenerArn,
    Priority: input.Priority,
    Conditions: sortedBy(input.Conditions?.map(canonicalCondition), (condition) => condition.Field ?? ''),
    Actions: canonicalActions(input.Actions),
    Tags: userTags(input.Tags, 'Key', 'Value'),
  })
}

export const listenerRuleListKeys: ListKeys = {
  Conditions: { key: (condition) => String((condition as RuleCondition).Field ?? '') },
  Actions: { key: (action) => String((action as Action).Type ?? '') },
  Tags: pairs('Key', 'Value'),
}

/** Only the default actions: ecsctl changes nothing else about a listener. */
export function canonicalListenerDefaultActions(input: ModifyListenerCommandInput): ModifyListenerCommandInput {
  return compact({ ListenerArn: input.ListenerArn, DefaultActions: canonicalActions(input.DefaultActions) })
}

export const listenerListKeys: ListKeys = {
  DefaultActions: { key: (action) => String((action as Action).Type ?? '') },
}
