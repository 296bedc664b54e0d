// The service's load balancers back into manifest entries. A target group becomes an `alb` or
// `nlb` entry (ecsctl then manages it, its rule or listener action) only when rendering that
// entry gives back exactly what exists: the same target group settings that cannot change in
// place, and the same rule. Anything else stays `targetGroup: ARN`, which ecsctl uses without
// touching, so a deploy never rewrites routing it cannot express.
import type { Listener, Rule, TargetGroup } from '@aws-sdk/client-elastic-load-balancing-v2'
import type { z } from 'zod'
import type { LiveListenerRule, LiveState, LiveTargetGroup } from '../aws/live-state.js'
import { loadBalancerSchema, type LoadBalancer, type Manifest } from '../manifest/schema.js'
import { diffValues } from '../plan/diff.js'
import {
  IMMUTABLE_TARGET_GROUP_FIELDS,
  canonicalAction,
  canonicalListenerRule,
  canonicalTargetGroup,
  forwardedTargetGroups,
  listenerRuleFromLive,
  listenerRuleListKeys,
  targetGroupFromLive,
  targetGroupListKeys,
} from '../plan/normalize/loadBalancing.js'
import { withoutUndefined } from '../render/common.js'
import { managedSpec, renderListenerRule, renderTargetGroup, renderTargetGroupAttributes } from '../render/loadBalancing.js'
import { OWNER_TAG, placeholder, targetGroupName } from '../render/names.js'
import { resolvePlaceholders } from '../plan/placeholders.js'
import type { Notes, ServiceSnapshot } from './init-live.js'

export type LoadBalancerInput = z.input<typeof loadBalancerSchema>
type HealthCheckInput = NonNullable<NonNullable<LoadBalancerInput['alb']>['healthCheck']>

const DEREGISTRATION_DELAY = 'deregistration_delay.timeout_seconds'

/** One manifest entry per load balancer of the service, in the service's order. */
export function loadBalancersFromLive(m: Manifest, live: ServiceSnapshot, notes: Notes): LoadBalancerInput[] {
  return (live.service.loadBalancers ?? []).flatMap((entry) => {
    const arn = entry.targetGroupArn
    if (!arn || !entry.containerName || entry.containerPort === undefined) return []
    const base = { container: entry.containerName, port: entry.containerPort }
    const found = Object.values(live.targetGroups).find((group) => group.targetGroup.TargetGroupArn === arn)
    const managed = found ? managedEntryFromLive(m, base, found, live) : { reason: 'it could not be read' }
    if ('entry' in managed) return [managed.entry]
    notes.push(`Target group ${targetGroupLabel(arn)} is written as \`targetGroup: ${arn}\` (used as it is, not managed by ecsctl): ${managed.reason}.`)
    return [{ ...base, targetGroup: arn }]
  })
}

const targetGroupLabel = (arn: string) => /:targetgroup\/([^/]+)\//.exec(arn)?.[1] ?? arn

type Managed = { entry: LoadBalancerInput } | { reason: string }

function managedEntryFromLive(m: Manifest, base: { container: string; port: number }, found: LiveTargetGroup, live: LiveState): Managed {
  const group = found.targetGroup
  const arn = group.TargetGroupArn ?? ''
  const common = {
    healthCheck: healthCheckFromLive(found),
    deregistrationDelay: deregistrationDelayFromLive(found),
  }
  let entry: LoadBalancerInput
  if (group.Protocol === 'HTTP' || group.Protocol === 'HTTPS') {
    const rule = ruleForwardingTo(arn, live, m.name)
    if (!rule) return { reason: 'no listener rule forwards to it alone (a listener default action or weighted forward is not something ecsctl manages)' }
    const conditions = ruleConditionsFromLive(rule.rule.rule)
    if (!conditions) return { reason: `its listener rule (priority ${rule.rule.rule.Priority ?? '?'}) has conditions other than one host-header and one path-pattern` }
    entry = {
      ...base,
      alb: {
        listener: rule.listenerArn,
        protocol: group.Protocol === 'HTTP' ? undefined : group.Protocol,
        rule: { priority: Number(rule.rule.rule.Priority), ...conditions },
        ...common,
      },
    }
  } else if (group.Protocol === 'TCP' || group.Protocol === 'UDP' || group.Protocol === 'TLS' || group.Protocol === 'TCP_UDP') {
    const listener = listenerForwardingTo(arn, live)
    if (!listener?.ListenerArn) return { reason: 'no network load balancer listener forwards to it by its default action' }
    entry = { ...base, nlb: { listener: listener.ListenerArn, protocol: group.Protocol === 'TCP' ? undefined : group.Protocol, ...common } }
  } else {
    return { reason: `its protocol ${group.Protocol ?? 'unknown'} is neither an ALB nor an NLB one` }
  }

  const parsed = loadBalancerSchema.safeParse(withoutUndefined(entry))
  if (!parsed.success) return { reason: `its settings are not valid in a manifest (${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')})` }
  // Keep the live name where ecsctl's default would be another one.
  const named = withName(parsed.data, group.TargetGroupName ?? '', m)
  const mismatch = renderedMismatch(m, named, found, live)
  if (mismatch) return { reason: mismatch }
  return { entry: withoutUndefined(withName(withoutUndefined(entry), group.TargetGroupName ?? '', m)) }
}

/** `targetGroupName` (after the listener, where people look for it) only when ecsctl's derived name is not the live one. */
function withName<T extends LoadBalancerInput | LoadBalancer>(lb: T, liveName: string, m: Manifest): T {
  const derived = targetGroupName(m, lb as LoadBalancer)
  if (derived === liveName) return lb
  if (lb.alb) {
    const { listener, ...rest } = lb.alb
    return { ...lb, alb: { listener, targetGroupName: liveName, ...rest } }
  }
  if (lb.nlb) {
    const { listener, ...rest } = lb.nlb
    return { ...lb, nlb: { listener, targetGroupName: liveName, ...rest } }
  }
  return lb
}

/**
 * Renders the entry and compares it with what exists, as the plan would. A difference in a
 * field CreateTargetGroup sets once, or in the rule, means ecsctl would replace the target
 * group or rewrite the rule: not a manifest of the live service.
 */
function renderedMismatch(m: Manifest, lb: LoadBalancer, found: LiveTargetGroup, live: LiveState): string | undefined {
  const spec = managedSpec(lb)
  if (!spec) return 'it is not an alb or nlb target group'
  const arn = found.targetGroup.TargetGroupArn ?? ''
  const name = found.targetGroup.TargetGroupName ?? ''
  const values = new Map([[placeholder.targetGroupArn(name), arn]])
  const rendered = {
    ...renderTargetGroup(m, lb, spec),
    VpcId: found.targetGroup.VpcId,
    Attributes: renderTargetGroupAttributes(m, lb, spec)?.Attributes,
    Tags: undefined,
  }
  const changes = diffValues(canonicalTargetGroup({ ...targetGroupFromLive(found), Tags: undefined }), canonicalTargetGroup(rendered), targetGroupListKeys)
  const fixed = changes.filter((change) => IMMUTABLE_TARGET_GROUP_FIELDS.some((field) => change.path === field))
  if (fixed.length > 0) {
    return `its ${fixed.map((change) => `${change.path} (${String(change.before)}, ecsctl would create ${String(change.after)})`).join(', ')} cannot change without replacing it`
  }
  const rule = renderListenerRule(m, lb)
  const liveRule = rule && (live.listenerRules[rule.ListenerArn ?? ''] ?? []).find((candidate) => forwardedTargetGroups(candidate.rule.Actions).includes(arn))
  if (rule && liveRule) {
    const desired = canonicalListenerRule(resolvePlaceholders({ ...rule, Tags: undefined }, values))
    const current = canonicalListenerRule({ ...listenerRuleFromLive(rule.ListenerArn ?? '', liveRule), Tags: undefined })
    const ruleChanges = diffValues(current, desired, listenerRuleListKeys)
    if (ruleChanges.length > 0) return `its listener rule differs from what the manifest can express (${ruleChanges.map((change) => change.path).join(', ')})`
  }
  return undefined
}

/** The rule forwarding only to `arn`: ecsctl's own (owner tag) first, else the lowest priority. */
function ruleForwardingTo(arn: string, live: LiveState, serviceName: string): { listenerArn: string; rule: LiveListenerRule } | undefined {
  const candidates = Object.entries(live.listenerRules).flatMap(([listenerArn, rules]) =>
    rules.filter((candidate) => !candidate.rule.IsDefault && forwardsOnlyTo(candidate.rule, arn)).map((rule) => ({ listenerArn, rule })),
  )
  const owned = candidates.find((candidate) => candidate.rule.tags.some((tag) => tag.Key === OWNER_TAG && tag.Value === serviceName))
  return owned ?? [...candidates].sort((a, b) => Number(a.rule.rule.Priority) - Number(b.rule.rule.Priority))[0]
}

/** One forward action to this one target group, in the form render writes it. */
function forwardsOnlyTo(rule: Pick<Rule, 'Actions'>, arn: string): boolean {
  const actions = rule.Actions ?? []
  if (actions.length !== 1 || !actions[0]) return false
  const action = canonicalAction(actions[0], true)
  return action.Type === 'forward' && action.TargetGroupArn === arn && action.ForwardConfig === undefined
}

function listenerForwardingTo(arn: string, live: LiveState): Listener | undefined {
  return Object.values(live.listeners).find((listener) => forwardsOnlyTo({ Actions: listener.DefaultActions }, arn))
}

/** Hosts and paths, the two conditions a manifest rule has; undefined for any other condition. */
function ruleConditionsFromLive(rule: Rule): { hosts?: string[]; paths?: string[] } | undefined {
  const conditions = rule.Conditions ?? []
  const hosts = conditions.filter((condition) => condition.Field === 'host-header')
  const paths = conditions.filter((condition) => condition.Field === 'path-pattern')
  if (hosts.length > 1 || paths.length > 1 || hosts.length + paths.length !== conditions.length || conditions.length === 0) return undefined
  const values = (condition: (typeof conditions)[number] | undefined) => condition && (condition.HostHeaderConfig?.Values ?? condition.PathPatternConfig?.Values ?? condition.Values)
  return withoutUndefined({ hosts: values(hosts[0]), paths: values(paths[0]) })
}

/**
 * The health check fields that differ from the defaults CreateTargetGroup applies, found by
 * normalising the live target group and a bare one of the same protocol the plan's way.
 */
function healthCheckFromLive(found: LiveTargetGroup): HealthCheckInput | undefined {
  const current = canonicalTargetGroup(targetGroupFromLive(found))
  const bare = (group: TargetGroup, healthCheckProtocol?: TargetGroup['HealthCheckProtocol']) =>
    canonicalTargetGroup({ Name: group.TargetGroupName, Protocol: group.Protocol, HealthCheckProtocol: healthCheckProtocol })
  const byProtocol = bare(found.targetGroup)
  // Path and matcher defaults depend on the check's protocol: compared with a bare group checking the same way.
  const defaults = bare(found.targetGroup, current.HealthCheckProtocol)
  const differs = <K extends keyof typeof current>(key: K, reference = defaults) => (current[key] !== reference[key] ? current[key] : undefined)
  const port = differs('HealthCheckPort')
  const protocol = differs('HealthCheckProtocol', byProtocol)
  const healthCheck = withoutUndefined({
    path: differs('HealthCheckPath'),
    port: port === undefined ? undefined : /^\d+$/.test(port) ? Number(port) : port,
    protocol,
    interval: differs('HealthCheckIntervalSeconds'),
    timeout: differs('HealthCheckTimeoutSeconds'),
    healthyThreshold: differs('HealthyThresholdCount'),
    unhealthyThreshold: differs('UnhealthyThresholdCount'),
    matcher: current.Matcher?.HttpCode !== defaults.Matcher?.HttpCode ? current.Matcher?.HttpCode : undefined,
  })
  return Object.keys(healthCheck).length > 0 ? (healthCheck as HealthCheckInput) : undefined
}

/** Written only when it is not ELBv2's default of 300 seconds. */
function deregistrationDelayFromLive(found: LiveTargetGroup): number | undefined {
  const value = found.attributes.find((attribute) => attribute.Key === DEREGISTRATION_DELAY)?.Value
  return value === undefined || value === '300' || !/^\d+$/.test(value) ? undefined : Number(value)
}
