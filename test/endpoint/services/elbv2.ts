// Elastic Load Balancing v2 (awsQuery): load balancers and listeners (seeded: ecsctl only reads
// and points them), target groups with attributes, listener rules, tags, and the health of the
// targets that ECS tasks register. Form values arrive as text; `coerce` gives numbers and
// booleans their types by member name before the handlers see them.
import type {
  Action,
  AddTagsInput,
  CreateRuleInput,
  CreateTargetGroupInput,
  DeleteRuleInput,
  DeleteTargetGroupInput,
  DescribeListenersInput,
  DescribeLoadBalancersInput,
  DescribeRulesInput,
  DescribeTagsInput,
  DescribeTargetGroupAttributesInput,
  DescribeTargetGroupsInput,
  DescribeTargetHealthInput,
  Listener,
  LoadBalancer,
  ModifyListenerInput,
  ModifyRuleInput,
  ModifyTargetGroupAttributesInput,
  ModifyTargetGroupInput,
  RemoveTagsInput,
  ProtocolEnum,
  Rule,
  RuleCondition,
  SetRulePrioritiesInput,
  Tag,
  TargetGroup,
} from '@aws-sdk/client-elastic-load-balancing-v2'
import { arn, parseArn } from '../arns.js'
import { operation, type OperationContext, type Operations } from '../context.js'
import { AwsError, check } from '../errors.js'
import { hex } from '../ids.js'
import { paginate } from '../pages.js'
import type { QueryValue } from '../protocols/awsQuery.js'
import type { Elbv2State, EndpointState } from '../state.js'
import { pascalKey, removeTags, upsertTags } from '../tags.js'
import { targetHealthDescriptions } from './ecs-tasks.js'

const NUMBER_MEMBERS = new Set([
  'Port',
  'Priority',
  'Order',
  'Weight',
  'DurationSeconds',
  'HealthCheckIntervalSeconds',
  'HealthCheckTimeoutSeconds',
  'HealthyThresholdCount',
  'UnhealthyThresholdCount',
  'PageSize',
  'TargetControlPort',
])
const BOOLEAN_MEMBERS = new Set(['Enabled', 'HealthCheckEnabled', 'IsDefault'])
const ALB_PROTOCOLS = new Set(['HTTP', 'HTTPS'])

const invalidMarker = () => new AwsError('ValidationError', 'The marker is not valid')
const notFound = {
  targetGroups: () => new AwsError('TargetGroupNotFound', 'One or more target groups not found'),
  listeners: () => new AwsError('ListenerNotFound', 'One or more listeners not found'),
  loadBalancers: () => new AwsError('LoadBalancerNotFound', 'One or more load balancers not found'),
  rules: () => new AwsError('RuleNotFound', 'One or more rules not found'),
}

/** A query handler: the form input with numbers and booleans typed, as the SDK input type. */
function queryOperation<Input>(handler: (input: Input, context: OperationContext) => object | void) {
  return operation<Record<string, QueryValue>>((input, context) => handler(coerce(input) as Input, context))
}

export const elbv2Operations: Operations = {
  DescribeLoadBalancers: queryOperation<DescribeLoadBalancersInput>((input, { state }) => {
    let loadBalancers = [...state.elbv2.loadBalancers.values()]
    if (list(input.LoadBalancerArns).length) loadBalancers = list(input.LoadBalancerArns).map((lbArn) => findLoadBalancer(state.elbv2, lbArn))
    if (list(input.Names).length) {
      loadBalancers = list(input.Names).map((name) => loadBalancers.find((lb) => lb.LoadBalancerName === name) ?? throwError(notFound.loadBalancers()))
    }
    const page = paginate(loadBalancers, input.Marker, input.PageSize, 400, invalidMarker)
    return { LoadBalancers: page.items, NextMarker: page.next }
  }),

  DescribeListeners: queryOperation<DescribeListenersInput>((input, { state }) => {
    let listeners: Listener[]
    if (list(input.ListenerArns).length) {
      listeners = list(input.ListenerArns).map((listenerArn) => findListener(state.elbv2, listenerArn))
    } else {
      check(input.LoadBalancerArn, 'ValidationError', 'You must specify either listener ARNs or a load balancer ARN')
      findLoadBalancer(state.elbv2, input.LoadBalancerArn)
      listeners = [...state.elbv2.listeners.values()].filter((listener) => listener.LoadBalancerArn === input.LoadBalancerArn)
    }
    const page = paginate(listeners.map(listenerView), input.Marker, input.PageSize, 400, invalidMarker)
    return { Listeners: page.items, NextMarker: page.next }
  }),

  ModifyListener: queryOperation<ModifyListenerInput>((input, { state }) => {
    const listener = findListener(state.elbv2, input.ListenerArn)
    if (input.DefaultActions) {
      checkActions(state.elbv2, list(input.DefaultActions), listener)
      listener.DefaultActions = list(input.DefaultActions)
    }
    if (input.Port !== undefined) listener.Port = input.Port
    if (input.Protocol) listener.Protocol = input.Protocol
    if (input.SslPolicy) listener.SslPolicy = input.SslPolicy
    if (input.Certificates) listener.Certificates = list(input.Certificates)
    if (input.AlpnPolicy) listener.AlpnPolicy = list(input.AlpnPolicy)
    return { Listeners: [listenerView(listener)] }
  }),

  CreateTargetGroup: queryOperation<CreateTargetGroupInput>((input, { state, region }) => {
    const name = input.Name ?? ''
    check(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?$/.test(name), 'ValidationError', `Target group name '${name}' must be at most 32 alphanumeric characters or hyphens, and must not begin or end with a hyphen`)
    const targetType = input.TargetType ?? 'instance'
    if (targetType !== 'lambda') {
      check(input.Protocol, 'ValidationError', 'A protocol must be specified')
      check(input.Port, 'ValidationError', 'A port must be specified')
      check(input.VpcId, 'ValidationError', 'A VPC ID must be specified')
    }
    const wanted = targetGroupWithDefaults(input, '')
    const existing = [...state.elbv2.targetGroups.values()].find((tg) => tg.TargetGroupName === name)
    if (existing) {
      // Creating a target group that exists with the same settings returns it; different settings are refused.
      const { TargetGroupArn: _arn, ...settings } = existing
      const { TargetGroupArn: _none, ...wantedSettings } = wanted
      if (JSON.stringify(settings) !== JSON.stringify(wantedSettings)) {
        throw new AwsError('DuplicateTargetGroupName', `A target group with the same name '${name}' exists, but with different settings`)
      }
      return { TargetGroups: [targetGroupView(state.elbv2, existing)] }
    }
    const targetGroupArn = arn('elasticloadbalancing', region, state.accountId, `targetgroup/${name}/${hex(16)}`)
    const targetGroup = { ...wanted, TargetGroupArn: targetGroupArn }
    state.elbv2.targetGroups.set(targetGroupArn, targetGroup)
    state.elbv2.targetGroupAttributes.set(targetGroupArn, defaultTargetGroupAttributes(targetGroup))
    state.elbv2.tags.set(targetGroupArn, list(input.Tags))
    return { TargetGroups: [targetGroupView(state.elbv2, targetGroup)] }
  }),

  DescribeTargetGroups: queryOperation<DescribeTargetGroupsInput>((input, { state }) => {
    let targetGroups = [...state.elbv2.targetGroups.values()]
    // One missing name or ARN fails the whole request.
    if (list(input.TargetGroupArns).length) targetGroups = list(input.TargetGroupArns).map((tgArn) => findTargetGroup(state.elbv2, tgArn))
    if (list(input.Names).length) {
      targetGroups = list(input.Names).map((name) => targetGroups.find((tg) => tg.TargetGroupName === name) ?? throwError(notFound.targetGroups()))
    }
    if (input.LoadBalancerArn) {
      findLoadBalancer(state.elbv2, input.LoadBalancerArn)
      targetGroups = targetGroups.filter((tg) => loadBalancersUsing(state.elbv2, tg.TargetGroupArn ?? '').includes(input.LoadBalancerArn ?? ''))
    }
    const page = paginate(
      targetGroups.map((tg) => targetGroupView(state.elbv2, tg)),
      input.Marker,
      input.PageSize,
      400,
      invalidMarker,
    )
    return { TargetGroups: page.items, NextMarker: page.next }
  }),

  ModifyTargetGroup: queryOperation<ModifyTargetGroupInput>((input, { state }) => {
    const targetGroup = findTargetGroup(state.elbv2, input.TargetGroupArn)
    const { TargetGroupArn: _arn, ...changes } = input
    for (const [key, value] of Object.entries(changes)) if (value !== undefined) (targetGroup as Record<string, unknown>)[key] = value
    return { TargetGroups: [targetGroupView(state.elbv2, targetGroup)] }
  }),

  DescribeTargetGroupAttributes: queryOperation<DescribeTargetGroupAttributesInput>((input, { state }) => {
    findTargetGroup(state.elbv2, input.TargetGroupArn)
    return { Attributes: attributeList(state.elbv2, input.TargetGroupArn ?? '') }
  }),

  ModifyTargetGroupAttributes: queryOperation<ModifyTargetGroupAttributesInput>((input, { state }) => {
    findTargetGroup(state.elbv2, input.TargetGroupArn)
    const attributes = state.elbv2.targetGroupAttributes.get(input.TargetGroupArn ?? '') ?? new Map<string, string>()
    for (const attribute of list(input.Attributes)) {
      check(attributes.has(attribute.Key ?? ''), 'ValidationError', `Attribute key '${attribute.Key}' is not recognized`)
    }
    for (const attribute of list(input.Attributes)) attributes.set(attribute.Key ?? '', attribute.Value ?? '')
    return { Attributes: attributeList(state.elbv2, input.TargetGroupArn ?? '') }
  }),

  DeleteTargetGroup: queryOperation<DeleteTargetGroupInput>((input, { state }) => {
    const targetGroupArn = input.TargetGroupArn ?? ''
    // Deleting one that does not exist succeeds.
    if (!state.elbv2.targetGroups.has(targetGroupArn)) return
    if (loadBalancersUsing(state.elbv2, targetGroupArn).length) {
      throw new AwsError('ResourceInUse', `Target group '${targetGroupArn}' is currently in use by a listener or a rule`)
    }
    state.elbv2.targetGroups.delete(targetGroupArn)
    state.elbv2.targetGroupAttributes.delete(targetGroupArn)
    state.elbv2.tags.delete(targetGroupArn)
  }),

  DescribeRules: queryOperation<DescribeRulesInput>((input, { state }) => {
    let rules: Rule[]
    if (list(input.RuleArns).length) {
      rules = list(input.RuleArns).map((ruleArn) => ruleView(state.elbv2, findRule(state.elbv2, ruleArn)))
    } else {
      check(input.ListenerArn, 'ValidationError', 'You must specify either listener ARN or rule ARNs')
      findListener(state.elbv2, input.ListenerArn)
      rules = rulesOf(state.elbv2, input.ListenerArn).map((rule) => ruleView(state.elbv2, rule))
    }
    const page = paginate(rules, input.Marker, input.PageSize, 400, invalidMarker)
    return { Rules: page.items, NextMarker: page.next }
  }),

  CreateRule: queryOperation<CreateRuleInput>((input, { state }) => {
    const listener = findListener(state.elbv2, input.ListenerArn)
    const priority = input.Priority ?? 0
    check(priority >= 1 && priority <= 50000, 'ValidationError', `Priority '${priority}' must be between 1 and 50000`)
    checkPriorityFree(state.elbv2, listener.ListenerArn ?? '', priority)
    check(list(input.Conditions).length > 0, 'ValidationError', 'A rule must have at least one condition')
    checkActions(state.elbv2, list(input.Actions), listener)
    const ruleArn = `${(listener.ListenerArn ?? '').replace(':listener/', ':listener-rule/')}/${hex(16)}`
    const rule: Rule = { RuleArn: ruleArn, Priority: String(priority), Conditions: list(input.Conditions), Actions: list(input.Actions), IsDefault: false }
    state.elbv2.rules.set(ruleArn, { rule, listenerArn: listener.ListenerArn ?? '' })
    state.elbv2.tags.set(ruleArn, list(input.Tags))
    return { Rules: [ruleView(state.elbv2, rule)] }
  }),

  ModifyRule: queryOperation<ModifyRuleInput>((input, { state }) => {
    const rule = findRule(state.elbv2, input.RuleArn)
    const listener = findListener(state.elbv2, state.elbv2.rules.get(input.RuleArn ?? '')?.listenerArn)
    if (input.Conditions) {
      check(!rule.IsDefault, 'OperationNotPermitted', 'The conditions of a default rule cannot be modified')
      rule.Conditions = list(input.Conditions)
    }
    if (input.Actions) {
      checkActions(state.elbv2, list(input.Actions), listener)
      if (rule.IsDefault) listener.DefaultActions = list(input.Actions)
      else rule.Actions = list(input.Actions)
    }
    return { Rules: [ruleView(state.elbv2, rule)] }
  }),

  DeleteRule: queryOperation<DeleteRuleInput>((input, { state }) => {
    const rule = findRule(state.elbv2, input.RuleArn)
    check(!rule.IsDefault, 'OperationNotPermitted', 'Default rules cannot be deleted')
    state.elbv2.rules.delete(input.RuleArn ?? '')
    state.elbv2.tags.delete(input.RuleArn ?? '')
  }),

  SetRulePriorities: queryOperation<SetRulePrioritiesInput>((input, { state }) => {
    const changes = list(input.RulePriorities).map((change) => ({ rule: findRule(state.elbv2, change.RuleArn), priority: change.Priority ?? 0 }))
    const moving = new Set(changes.map((change) => change.rule.RuleArn))
    for (const { rule, priority } of changes) {
      check(!rule.IsDefault, 'OperationNotPermitted', 'The priority of a default rule cannot be changed')
      const listenerArn = state.elbv2.rules.get(rule.RuleArn ?? '')?.listenerArn ?? ''
      const taken = rulesOf(state.elbv2, listenerArn).some((other) => !moving.has(other.RuleArn) && other.Priority === String(priority))
      const twice = changes.filter((other) => other.priority === priority && state.elbv2.rules.get(other.rule.RuleArn ?? '')?.listenerArn === listenerArn).length > 1
      if (taken || twice) throw new AwsError('PriorityInUse', `Priority '${priority}' is currently in use`)
    }
    for (const { rule, priority } of changes) rule.Priority = String(priority)
    return { Rules: changes.map(({ rule }) => ruleView(state.elbv2, rule)) }
  }),

  DescribeTargetHealth: queryOperation<DescribeTargetHealthInput>((input, { state }) => {
    const targetGroup = findTargetGroup(state.elbv2, input.TargetGroupArn)
    let descriptions = targetHealthDescriptions(state, targetGroup)
    const asked = list(input.Targets)
    if (asked.length) descriptions = descriptions.filter((d) => asked.some((t) => t.Id === d.Target?.Id && (t.Port === undefined || t.Port === d.Target?.Port)))
    return { TargetHealthDescriptions: descriptions }
  }),

  DescribeTags: queryOperation<DescribeTagsInput>((input, { state }) => {
    const arns = list(input.ResourceArns)
    check(arns.length <= 20, 'ValidationError', 'You can specify up to 20 resource ARNs')
    return { TagDescriptions: arns.map((resourceArn) => ({ ResourceArn: resourceArn, Tags: [...taggable(state.elbv2, resourceArn)] })) }
  }),

  AddTags: queryOperation<AddTagsInput>((input, { state }) => {
    for (const resourceArn of list(input.ResourceArns)) {
      const tags = upsertTags<Tag>(taggable(state.elbv2, resourceArn), list(input.Tags), pascalKey)
      check(tags.length <= 50, 'TooManyTags', 'You have reached the limit on the number of tags for this resource')
      state.elbv2.tags.set(resourceArn, tags)
    }
  }),

  RemoveTags: queryOperation<RemoveTagsInput>((input, { state }) => {
    for (const resourceArn of list(input.ResourceArns)) {
      state.elbv2.tags.set(resourceArn, removeTags<Tag>(taggable(state.elbv2, resourceArn), list(input.TagKeys), pascalKey))
    }
  }),
}

// ---- seeding: ecsctl never creates load balancers or listeners, so tests put them in place ----

export interface LoadBalancerSeed {
  arn: string
  type?: 'application' | 'network'
  vpcId?: string
  scheme?: 'internet-facing' | 'internal'
}

export function seedLoadBalancer(state: EndpointState, seed: LoadBalancerSeed, now: Date): LoadBalancer {
  const parsed = parseArn(seed.arn)
  // loadbalancer/app/<name>/<id> or loadbalancer/net/<name>/<id>
  const [, kind = 'app', name = 'load-balancer', id = hex(16)] = (parsed?.resource ?? '').split('/')
  const type = seed.type ?? (kind === 'net' ? 'network' : 'application')
  const region = parsed?.region || 'us-east-1'
  const loadBalancer: LoadBalancer = {
    LoadBalancerArn: seed.arn,
    DNSName: `${seed.scheme === 'internal' ? 'internal-' : ''}${name}-${id.slice(0, 10)}.elb.${region}.amazonaws.com`,
    CanonicalHostedZoneId: type === 'network' ? 'Z26RNL4JYFTOTI' : 'Z35SXDOTRQ7X7K',
    CreatedTime: now,
    LoadBalancerName: name,
    Scheme: seed.scheme ?? 'internet-facing',
    VpcId: seed.vpcId ?? 'vpc-0123456789abcdef0',
    State: { Code: 'active' },
    Type: type,
    AvailabilityZones: [
      { ZoneName: `${region}a`, SubnetId: 'subnet-0a1' },
      { ZoneName: `${region}b`, SubnetId: 'subnet-0b2' },
    ],
    SecurityGroups: type === 'application' ? ['sg-0lb0000000000000a'] : undefined,
    IpAddressType: 'ipv4',
  }
  state.elbv2.loadBalancers.set(seed.arn, loadBalancer)
  state.elbv2.tags.set(seed.arn, [])
  return loadBalancer
}

export interface ListenerSeed {
  arn: string
  /** Derived from the listener ARN when absent; the load balancer is seeded too if it is not yet. */
  loadBalancerArn?: string
  port?: number
  protocol?: ProtocolEnum
  defaultActions?: Action[]
}

export function seedListener(state: EndpointState, seed: ListenerSeed, now: Date): Listener {
  const loadBalancerArn = seed.loadBalancerArn ?? seed.arn.replace(':listener/', ':loadbalancer/').replace(/\/[^/]+$/, '')
  const loadBalancer = state.elbv2.loadBalancers.get(loadBalancerArn) ?? seedLoadBalancer(state, { arn: loadBalancerArn }, now)
  const network = loadBalancer.Type === 'network'
  const port = seed.port ?? (network ? 80 : 443)
  const listener: Listener = {
    ListenerArn: seed.arn,
    LoadBalancerArn: loadBalancerArn,
    Port: port,
    Protocol: seed.protocol ?? (network ? 'TCP' : 'HTTPS'),
    // An ALB listener can answer by itself; an NLB listener can only forward, so it gets a
    // placeholder target group until ecsctl points it at the service's.
    DefaultActions:
      seed.defaultActions ??
      (network
        ? [{ Type: 'forward', TargetGroupArn: placeholderTargetGroup(state, loadBalancer, port) }]
        : [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404', ContentType: 'text/plain', MessageBody: 'Not found' } }]),
  }
  if (listener.Protocol === 'HTTPS') {
    const parsed = parseArn(seed.arn)
    listener.SslPolicy = 'ELBSecurityPolicy-TLS13-1-2-2021-06'
    listener.Certificates = [{ CertificateArn: arn('acm', parsed?.region || 'us-east-1', parsed?.account || state.accountId, 'certificate/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0') }]
  }
  state.elbv2.listeners.set(seed.arn, listener)
  state.elbv2.tags.set(seed.arn, [])
  // Every listener has a default rule, which DescribeRules lists last.
  const defaultRuleArn = `${seed.arn.replace(':listener/', ':listener-rule/')}/${hex(16)}`
  state.elbv2.rules.set(defaultRuleArn, { rule: { RuleArn: defaultRuleArn, Priority: 'default', Conditions: [], Actions: [], IsDefault: true }, listenerArn: seed.arn })
  state.elbv2.tags.set(defaultRuleArn, [])
  return listener
}

function placeholderTargetGroup(state: EndpointState, loadBalancer: LoadBalancer, port: number): string {
  const parsed = parseArn(loadBalancer.LoadBalancerArn ?? '')
  const name = `${loadBalancer.LoadBalancerName}-default`.slice(0, 32)
  const targetGroupArn = arn('elasticloadbalancing', parsed?.region || 'us-east-1', parsed?.account || state.accountId, `targetgroup/${name}/${hex(16)}`)
  const targetGroup = { ...targetGroupWithDefaults({ Name: name, Protocol: 'TCP', Port: port, VpcId: loadBalancer.VpcId, TargetType: 'instance' }, targetGroupArn) }
  state.elbv2.targetGroups.set(targetGroupArn, targetGroup)
  state.elbv2.targetGroupAttributes.set(targetGroupArn, defaultTargetGroupAttributes(targetGroup))
  state.elbv2.tags.set(targetGroupArn, [])
  return targetGroupArn
}

/** The load balancers whose listeners or rules forward to a target group. */
export function loadBalancersUsing(elbv2: Elbv2State, targetGroupArn: string): string[] {
  const found = new Set<string>()
  for (const listener of elbv2.listeners.values()) {
    if (forwardedTargetGroups(listener.DefaultActions).includes(targetGroupArn)) found.add(listener.LoadBalancerArn ?? '')
  }
  for (const { rule, listenerArn } of elbv2.rules.values()) {
    if (forwardedTargetGroups(rule.Actions).includes(targetGroupArn)) found.add(elbv2.listeners.get(listenerArn)?.LoadBalancerArn ?? '')
  }
  return [...found]
}

// ---- views: what Describe calls show, with what AWS fills in ----

function targetGroupView(elbv2: Elbv2State, targetGroup: TargetGroup): TargetGroup {
  return { ...targetGroup, LoadBalancerArns: loadBalancersUsing(elbv2, targetGroup.TargetGroupArn ?? '') }
}

function listenerView(listener: Listener): Listener {
  return { ...listener, DefaultActions: (listener.DefaultActions ?? []).map(actionView) }
}

function ruleView(elbv2: Elbv2State, rule: Rule): Rule {
  const listener = elbv2.listeners.get(elbv2.rules.get(rule.RuleArn ?? '')?.listenerArn ?? '')
  const actions = rule.IsDefault ? (listener?.DefaultActions ?? []) : (rule.Actions ?? [])
  return { ...rule, Conditions: (rule.Conditions ?? []).map(conditionView), Actions: actions.map(actionView) }
}

/** A forward action comes back with both its TargetGroupArn and the equivalent ForwardConfig. */
function actionView(action: Action): Action {
  if (action.Type !== 'forward') return action
  const groups = action.ForwardConfig?.TargetGroups ?? (action.TargetGroupArn ? [{ TargetGroupArn: action.TargetGroupArn }] : [])
  const forwardConfig = {
    TargetGroups: groups.map((group) => ({ TargetGroupArn: group.TargetGroupArn, Weight: group.Weight ?? 1 })),
    TargetGroupStickinessConfig: action.ForwardConfig?.TargetGroupStickinessConfig ?? { Enabled: false },
  }
  const single = groups.length === 1 ? groups[0]?.TargetGroupArn : undefined
  return { ...action, TargetGroupArn: action.TargetGroupArn ?? single, ForwardConfig: forwardConfig }
}

/** host-header and path-pattern conditions come back with both `Values` and the matching `...Config`. */
function conditionView(condition: RuleCondition): RuleCondition {
  const configKey = ({ 'host-header': 'HostHeaderConfig', 'path-pattern': 'PathPatternConfig' } as const)[condition.Field as 'host-header' | 'path-pattern']
  if (!configKey) return condition
  const values = condition[configKey]?.Values ?? condition.Values ?? []
  return { ...condition, Values: [...values], [configKey]: { Values: [...values] } }
}

// ---- checks and lookups ----

/** What ELBv2 checks of the actions a listener or rule forwards with. */
function checkActions(elbv2: Elbv2State, actions: Action[], listener: Listener): void {
  check(actions.length > 0, 'ValidationError', 'At least one action must be specified')
  const loadBalancer = elbv2.loadBalancers.get(listener.LoadBalancerArn ?? '')
  for (const targetGroupArn of forwardedTargetGroups(actions)) {
    const targetGroup = findTargetGroup(elbv2, targetGroupArn)
    if (loadBalancer && targetGroup.VpcId !== loadBalancer.VpcId) {
      throw new AwsError(
        'InvalidConfigurationRequest',
        `Target group '${targetGroupArn}' is in VPC '${targetGroup.VpcId}', not in the VPC of load balancer '${loadBalancer.LoadBalancerArn}' (${loadBalancer.VpcId})`,
      )
    }
    const others = loadBalancersUsing(elbv2, targetGroupArn).filter((lbArn) => lbArn !== listener.LoadBalancerArn)
    if (others.length) {
      throw new AwsError('TargetGroupAssociationLimit', `The following target groups cannot be associated with more than one load balancer: ${targetGroupArn}`)
    }
    const albTargetGroup = ALB_PROTOCOLS.has(targetGroup.Protocol ?? '')
    if (loadBalancer && albTargetGroup !== (loadBalancer.Type === 'application')) {
      throw new AwsError('IncompatibleProtocols', `The protocol of target group '${targetGroupArn}' (${targetGroup.Protocol}) is not supported by a ${loadBalancer.Type} load balancer`)
    }
  }
}

function checkPriorityFree(elbv2: Elbv2State, listenerArn: string, priority: number): void {
  if (rulesOf(elbv2, listenerArn).some((rule) => rule.Priority === String(priority))) throw new AwsError('PriorityInUse', `Priority '${priority}' is currently in use`)
}

function forwardedTargetGroups(actions: Action[] | undefined): string[] {
  return (actions ?? []).flatMap((action) =>
    action.Type === 'forward' ? [action.TargetGroupArn, ...(action.ForwardConfig?.TargetGroups ?? []).map((g) => g.TargetGroupArn)].filter((a): a is string => !!a) : [],
  )
}

/** A listener's rules by priority, the default rule last. */
function rulesOf(elbv2: Elbv2State, listenerArn: string | undefined): Rule[] {
  const rules = [...elbv2.rules.values()].filter((entry) => entry.listenerArn === listenerArn).map((entry) => entry.rule)
  const rank = (rule: Rule) => (rule.IsDefault ? Number.MAX_SAFE_INTEGER : Number(rule.Priority))
  return rules.sort((a, b) => rank(a) - rank(b))
}

function findLoadBalancer(elbv2: Elbv2State, loadBalancerArn: string | undefined): LoadBalancer {
  return elbv2.loadBalancers.get(loadBalancerArn ?? '') ?? throwError(notFound.loadBalancers())
}

function findListener(elbv2: Elbv2State, listenerArn: string | undefined): Listener {
  return elbv2.listeners.get(listenerArn ?? '') ?? throwError(notFound.listeners())
}

function findTargetGroup(elbv2: Elbv2State, targetGroupArn: string | undefined): TargetGroup {
  return elbv2.targetGroups.get(targetGroupArn ?? '') ?? throwError(notFound.targetGroups())
}

function findRule(elbv2: Elbv2State, ruleArn: string | undefined): Rule {
  return elbv2.rules.get(ruleArn ?? '')?.rule ?? throwError(notFound.rules())
}

/** The tag list of any ELBv2 resource, or the not-found error of its kind. */
function taggable(elbv2: Elbv2State, resourceArn: string): Tag[] {
  const tags = elbv2.tags.get(resourceArn)
  if (tags) return tags
  const resource = parseArn(resourceArn)?.resource ?? ''
  if (resource.startsWith('targetgroup/')) throw notFound.targetGroups()
  if (resource.startsWith('listener-rule/')) throw notFound.rules()
  if (resource.startsWith('listener/')) throw notFound.listeners()
  if (resource.startsWith('loadbalancer/')) throw notFound.loadBalancers()
  throw new AwsError('ValidationError', `'${resourceArn}' is not a valid ELB resource ARN`)
}

function throwError(error: AwsError): never {
  throw error
}

// ---- defaults ----

function targetGroupWithDefaults(input: CreateTargetGroupInput, targetGroupArn: string): TargetGroup {
  const protocol = input.Protocol
  const alb = ALB_PROTOCOLS.has(protocol ?? '')
  const healthCheckProtocol = input.HealthCheckProtocol ?? (alb ? protocol : 'TCP')
  const httpHealthCheck = healthCheckProtocol === 'HTTP' || healthCheckProtocol === 'HTTPS'
  return {
    TargetGroupArn: targetGroupArn,
    TargetGroupName: input.Name,
    Protocol: protocol,
    Port: input.Port,
    VpcId: input.VpcId,
    HealthCheckProtocol: healthCheckProtocol,
    HealthCheckPort: input.HealthCheckPort ?? 'traffic-port',
    HealthCheckEnabled: input.HealthCheckEnabled ?? true,
    HealthCheckIntervalSeconds: input.HealthCheckIntervalSeconds ?? 30,
    HealthCheckTimeoutSeconds: input.HealthCheckTimeoutSeconds ?? (alb ? 5 : httpHealthCheck ? 6 : 10),
    HealthyThresholdCount: input.HealthyThresholdCount ?? 5,
    UnhealthyThresholdCount: input.UnhealthyThresholdCount ?? 2,
    HealthCheckPath: httpHealthCheck ? (input.HealthCheckPath ?? '/') : undefined,
    Matcher: httpHealthCheck ? (input.Matcher ?? { HttpCode: alb ? '200' : '200-399' }) : undefined,
    TargetType: input.TargetType ?? 'instance',
    ProtocolVersion: alb ? (input.ProtocolVersion ?? 'HTTP1') : undefined,
    IpAddressType: input.IpAddressType ?? 'ipv4',
  }
}

function defaultTargetGroupAttributes(targetGroup: TargetGroup): Map<string, string> {
  const health = {
    'target_group_health.dns_failover.minimum_healthy_targets.count': '1',
    'target_group_health.dns_failover.minimum_healthy_targets.percentage': 'off',
    'target_group_health.unhealthy_state_routing.minimum_healthy_targets.count': '1',
    'target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage': 'off',
  }
  if (ALB_PROTOCOLS.has(targetGroup.Protocol ?? '')) {
    return new Map(
      Object.entries({
        'deregistration_delay.timeout_seconds': '300',
        'stickiness.enabled': 'false',
        'stickiness.type': 'lb_cookie',
        'stickiness.lb_cookie.duration_seconds': '86400',
        'stickiness.app_cookie.cookie_name': '',
        'stickiness.app_cookie.duration_seconds': '86400',
        'load_balancing.algorithm.type': 'round_robin',
        'load_balancing.algorithm.anomaly_mitigation': 'off',
        'load_balancing.cross_zone.enabled': 'use_load_balancer_configuration',
        'slow_start.duration_seconds': '0',
        ...health,
      }),
    )
  }
  return new Map(
    Object.entries({
      'deregistration_delay.timeout_seconds': '300',
      'deregistration_delay.connection_termination.enabled': 'false',
      'preserve_client_ip.enabled': targetGroup.TargetType === 'instance' ? 'true' : 'false',
      'proxy_protocol_v2.enabled': 'false',
      'stickiness.enabled': 'false',
      'stickiness.type': 'source_ip',
      'load_balancing.cross_zone.enabled': 'use_load_balancer_configuration',
      'target_health_state.unhealthy.connection_termination.enabled': 'true',
      'target_health_state.unhealthy.draining_interval_seconds': '0',
      ...health,
    }),
  )
}

function attributeList(elbv2: Elbv2State, targetGroupArn: string) {
  return [...(elbv2.targetGroupAttributes.get(targetGroupArn) ?? new Map<string, string>())].map(([Key, Value]) => ({ Key, Value }))
}

// ---- form input ----

/** Numbers and booleans by member name; everything else stays text, lists and structures recurse. */
function coerce(value: QueryValue, member?: string): unknown {
  if (Array.isArray(value)) return value.map((item) => coerce(item, member))
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, coerce(child, key)]))
  if (member && NUMBER_MEMBERS.has(member)) return Number(value)
  if (member && BOOLEAN_MEMBERS.has(member)) return value === 'true'
  return value
}

/** A list member; the SDK sends an empty list as an empty value, which reads as ''. */
function list<T>(value: T[] | undefined | string): T[] {
  return Array.isArray(value) ? value : []
}
