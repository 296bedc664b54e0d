// Target groups, and how traffic reaches them: a listener rule on an ALB, the listener's default
// action on an NLB. A load balancer entry with `targetGroup` uses an existing target group and
// creates nothing.
import type {
  Action,
  CreateRuleCommandInput,
  CreateTargetGroupCommandInput,
  ModifyListenerCommandInput,
  ModifyTargetGroupAttributesCommandInput,
  RuleCondition,
} from '@aws-sdk/client-elastic-load-balancing-v2'
import type { LoadBalancer, Manifest } from '../manifest/schema.js'
import { keyValueTags, networkModeOf, withoutUndefined } from './common.js'
import { placeholder, targetGroupName } from './names.js'

type ManagedSpec = NonNullable<LoadBalancer['alb'] | LoadBalancer['nlb']>

/** The part of a listener ARN that names its load balancer: `app/NAME/ID` or `net/NAME/ID`. */
export function loadBalancerIdOf(listenerArn: string): string {
  const match = /:listener\/((?:app|net|gwy)\/[^/]+\/[^/]+)\/[^/]+$/.exec(listenerArn)
  if (!match?.[1]) throw new Error(`not a listener ARN: ${listenerArn}`)
  return match[1]
}

/** A listener ARN holds its load balancer's ARN: `...:listener/app/N/ID/L` belongs to `...:loadbalancer/app/N/ID`. */
export function loadBalancerArnOf(listenerArn: string): string {
  return listenerArn.replace(/:listener\/((?:app|net|gwy)\/[^/]+\/[^/]+)\/[^/]+$/, ':loadbalancer/$1')
}

/** The ALB or NLB settings of an entry whose target group ecsctl creates, else undefined. */
export const managedSpec = (lb: LoadBalancer): ManagedSpec | undefined => lb.alb ?? lb.nlb

/** The target group's ARN: as written, a placeholder for one ecsctl creates or finds by name. */
export function targetGroupArnOf(m: Pick<Manifest, 'name' | 'cluster'>, lb: LoadBalancer): string {
  if (managedSpec(lb)) return placeholder.targetGroupArn(targetGroupName(m, lb))
  const existing = lb.targetGroup ?? ''
  return existing.startsWith('arn:') ? existing : placeholder.targetGroupArn(existing)
}

/**
 * The `targetgroup/NAME/ID` suffix of a target group's ARN, as the ALBRequestCountPerTarget
 * resource label and the CloudWatch `TargetGroup` dimension use it.
 */
export function targetGroupDimensionOf(m: Pick<Manifest, 'name' | 'cluster'>, lb: LoadBalancer): string {
  const arn = targetGroupArnOf(m, lb)
  const fromArn = /:(targetgroup\/[^/]+\/[^/]+)$/.exec(arn)
  if (fromArn?.[1]) return fromArn[1]
  const name = managedSpec(lb) ? targetGroupName(m, lb) : (lb.targetGroup ?? '')
  return `targetgroup/${name}/${placeholder.targetGroupId(name)}`
}

/** The load balancer entries whose target group ecsctl creates, with their settings. */
export function managedLoadBalancers(m: Pick<Manifest, 'loadBalancers'>): { lb: LoadBalancer; spec: ManagedSpec }[] {
  return (m.loadBalancers ?? []).flatMap((lb) => {
    const spec = managedSpec(lb)
    return spec ? [{ lb, spec }] : []
  })
}

const forwardTo = (targetGroupArn: string): Action[] => [{ Type: 'forward', TargetGroupArn: targetGroupArn }]

/**
 * VpcId: a target group can be attached only to load balancers in its own VPC, so it is the VPC
 * of the listener's load balancer (known after a DescribeLoadBalancers). The service's subnets
 * would not do: an EC2 service in bridge mode has none in the manifest.
 */
export function renderTargetGroup(
  m: Pick<Manifest, 'name' | 'cluster' | 'tags' | 'networkMode' | 'network' | 'launchType' | 'capacityProviders'>,
  lb: LoadBalancer,
  spec: ManagedSpec,
): CreateTargetGroupCommandInput {
  const healthCheck = spec.healthCheck ?? {}
  return withoutUndefined({
    Name: targetGroupName(m, lb),
    Protocol: spec.protocol,
    Port: lb.port,
    VpcId: placeholder.vpcOfLoadBalancer(loadBalancerIdOf(spec.listener)),
    // awsvpc tasks have their own network interface and register by IP; others by instance and host port.
    TargetType: networkModeOf(m) === 'awsvpc' ? 'ip' : 'instance',
    HealthCheckProtocol: healthCheck.protocol,
    HealthCheckPort: healthCheck.port === undefined ? undefined : String(healthCheck.port),
    HealthCheckPath: healthCheck.path,
    HealthCheckIntervalSeconds: healthCheck.interval,
    HealthCheckTimeoutSeconds: healthCheck.timeout,
    HealthyThresholdCount: healthCheck.healthyThreshold,
    UnhealthyThresholdCount: healthCheck.unhealthyThreshold,
    Matcher: healthCheck.matcher === undefined ? undefined : { HttpCode: healthCheck.matcher },
    Tags: keyValueTags(m),
  })
}

export function renderTargetGroupAttributes(
  m: Pick<Manifest, 'name' | 'cluster'>,
  lb: LoadBalancer,
  spec: ManagedSpec,
): ModifyTargetGroupAttributesCommandInput | undefined {
  if (spec.deregistrationDelay === undefined) return undefined
  return {
    TargetGroupArn: targetGroupArnOf(m, lb),
    Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: String(spec.deregistrationDelay) }],
  }
}

/** Hosts, then paths; the rules make sure there is at least one of them. */
function ruleConditions(rule: NonNullable<LoadBalancer['alb']>['rule']): RuleCondition[] {
  const conditions: RuleCondition[] = []
  if (rule.hosts?.length) conditions.push({ Field: 'host-header', HostHeaderConfig: { Values: rule.hosts } })
  if (rule.paths?.length) conditions.push({ Field: 'path-pattern', PathPatternConfig: { Values: rule.paths } })
  return conditions
}

export function renderListenerRule(
  m: Pick<Manifest, 'name' | 'cluster' | 'tags'>,
  lb: LoadBalancer,
): CreateRuleCommandInput | undefined {
  if (!lb.alb) return undefined
  return {
    ListenerArn: lb.alb.listener,
    Priority: lb.alb.rule.priority,
    Conditions: ruleConditions(lb.alb.rule),
    Actions: forwardTo(targetGroupArnOf(m, lb)),
    Tags: keyValueTags(m),
  }
}

/**
 * NLB listeners have no rules: a listener forwards everything to its default action. So the
 * service's listener is dedicated to it, and ecsctl points the default action at the target
 * group. Only DefaultActions is sent, so port, protocol and certificates stay as they are.
 */
export function renderListenerDefaultAction(m: Pick<Manifest, 'name' | 'cluster'>, lb: LoadBalancer): ModifyListenerCommandInput | undefined {
  if (!lb.nlb) return undefined
  return { ListenerArn: lb.nlb.listener, DefaultActions: forwardTo(targetGroupArnOf(m, lb)) }
}

/** Everything one managed load balancer entry sends, in the order it is sent. */
export interface RenderedLoadBalancer {
  createTargetGroup: CreateTargetGroupCommandInput
  modifyTargetGroupAttributes?: ModifyTargetGroupAttributesCommandInput
  createRule?: CreateRuleCommandInput
  modifyListener?: ModifyListenerCommandInput
}

export function renderLoadBalancing(m: Manifest): RenderedLoadBalancer[] {
  return managedLoadBalancers(m).map(({ lb, spec }) =>
    withoutUndefined({
      createTargetGroup: renderTargetGroup(m, lb, spec),
      modifyTargetGroupAttributes: renderTargetGroupAttributes(m, lb, spec),
      createRule: renderListenerRule(m, lb),
      modifyListener: renderListenerDefaultAction(m, lb),
    }),
  )
}

export const renderTargetGroups = (m: Manifest): CreateTargetGroupCommandInput[] => renderLoadBalancing(m).map((r) => r.createTargetGroup)
export const renderListenerRules = (m: Manifest): CreateRuleCommandInput[] => renderLoadBalancing(m).flatMap((r) => (r.createRule ? [r.createRule] : []))
