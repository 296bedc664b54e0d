// Elastic Load Balancing v2: target groups by name, then their attributes and tags; the rules
// of alb listeners with their tags; nlb listeners; the listeners' load balancers. Every "not
// found" is an absent resource.
import type { ElasticLoadBalancingV2Client, Listener, LoadBalancer, Tag, TargetGroup } from '@aws-sdk/client-elastic-load-balancing-v2'
import { callAws, callAwsOrAbsent } from '../call.js'
import type { AwsClients } from '../clients.js'
import { hasErrorCode } from '../errors.js'
import type { LiveListenerRule, LiveTargetGroup } from '../live-state.js'
import { allPages, chunks } from '../pages.js'

/** DescribeTags takes at most 20 resource ARNs per request. */
const TAGS_PER_REQUEST = 20

// The SDK names modelled errors after their shape (…Exception); the wire code lacks the suffix.
const isTargetGroupNotFound = (error: unknown) => hasErrorCode(error, 'TargetGroupNotFoundException', 'TargetGroupNotFound')
const isListenerNotFound = (error: unknown) => hasErrorCode(error, 'ListenerNotFoundException', 'ListenerNotFound')
const isLoadBalancerNotFound = (error: unknown) => hasErrorCode(error, 'LoadBalancerNotFoundException', 'LoadBalancerNotFound')

/**
 * A target group ecsctl manages, found by name, with its attributes and tags (read in parallel).
 * Names are looked up one per request: DescribeTargetGroups fails whole when one name is missing.
 */
export async function readTargetGroup(clients: AwsClients, name: string): Promise<LiveTargetGroup | undefined> {
  const targetGroup = await describeTargetGroup(clients, { Names: [name] }, `target group "${name}"`)
  if (!targetGroup?.TargetGroupArn) return undefined
  const arn = targetGroup.TargetGroupArn
  const elbv2 = await clients.elbv2()
  const { DescribeTargetGroupAttributesCommand } = await import('@aws-sdk/client-elastic-load-balancing-v2')
  const [attributes, tags] = await Promise.all([
    callAws(`elasticloadbalancing:DescribeTargetGroupAttributes (target group "${name}")`, () =>
      elbv2.send(new DescribeTargetGroupAttributesCommand({ TargetGroupArn: arn })),
    ),
    readTags(elbv2, [arn], `target group "${name}"`),
  ])
  return { targetGroup, attributes: attributes.Attributes ?? [], tags: tags.get(arn) ?? [] }
}

/** The tags of target groups by ARN; one that no longer exists has none. */
export async function readTargetGroupTags(clients: AwsClients, arns: string[]): Promise<Map<string, Tag[]>> {
  if (arns.length === 0) return new Map()
  const elbv2 = await clients.elbv2()
  const { DescribeTagsCommand } = await import('@aws-sdk/client-elastic-load-balancing-v2')
  // One ARN per request: DescribeTags fails whole when one of them is gone.
  const outputs = await Promise.all(
    arns.map((arn) =>
      callAwsOrAbsent(`elasticloadbalancing:DescribeTags (target group ${arn})`, () => elbv2.send(new DescribeTagsCommand({ ResourceArns: [arn] })), isTargetGroupNotFound),
    ),
  )
  const tags = new Map<string, Tag[]>()
  for (const description of outputs.flatMap((output) => output?.TagDescriptions ?? [])) {
    if (description.ResourceArn) tags.set(description.ResourceArn, description.Tags ?? [])
  }
  return tags
}

/** A target group the manifest names with `targetGroup:` (an ARN or a name), or undefined. */
export async function readExternalTargetGroup(clients: AwsClients, reference: string): Promise<TargetGroup | undefined> {
  const input = reference.startsWith('arn:') ? { TargetGroupArns: [reference] } : { Names: [reference] }
  return describeTargetGroup(clients, input, `target group "${reference}"`)
}

async function describeTargetGroup(clients: AwsClients, input: { Names?: string[]; TargetGroupArns?: string[] }, what: string): Promise<TargetGroup | undefined> {
  const elbv2 = await clients.elbv2()
  const { DescribeTargetGroupsCommand } = await import('@aws-sdk/client-elastic-load-balancing-v2')
  const output = await callAwsOrAbsent(
    `elasticloadbalancing:DescribeTargetGroups (${what})`,
    () => elbv2.send(new DescribeTargetGroupsCommand(input)),
    isTargetGroupNotFound,
  )
  return output?.TargetGroups?.[0]
}

/**
 * Every rule of an alb listener (all pages), each with its tags; undefined when the listener
 * does not exist. Tags are fetched in batches of 20, the batches in parallel.
 */
export async function readListenerRules(clients: AwsClients, listenerArn: string): Promise<LiveListenerRule[] | undefined> {
  const elbv2 = await clients.elbv2()
  const { DescribeRulesCommand } = await import('@aws-sdk/client-elastic-load-balancing-v2')
  const context = `elasticloadbalancing:DescribeRules (listener ${listenerArn})`
  const pages = await callAwsOrAbsent(
    context,
    () =>
      allPages(
        (marker) => elbv2.send(new DescribeRulesCommand({ ListenerArn: listenerArn, Marker: marker })),
        (page) => page.NextMarker,
      ),
    isListenerNotFound,
  )
  if (!pages) return undefined
  const rules = pages.flatMap((page) => page.Rules ?? [])
  const arns = rules.flatMap((rule) => (rule.RuleArn ? [rule.RuleArn] : []))
  const tags = await readTags(elbv2, arns, `rules of listener ${listenerArn}`)
  return rules.map((rule) => ({ rule, tags: (rule.RuleArn && tags.get(rule.RuleArn)) || [] }))
}

/** An nlb listener by ARN, or undefined when it does not exist. */
export async function readListener(clients: AwsClients, listenerArn: string): Promise<Listener | undefined> {
  const elbv2 = await clients.elbv2()
  const { DescribeListenersCommand } = await import('@aws-sdk/client-elastic-load-balancing-v2')
  const output = await callAwsOrAbsent(
    `elasticloadbalancing:DescribeListeners (listener ${listenerArn})`,
    () => elbv2.send(new DescribeListenersCommand({ ListenerArns: [listenerArn] })),
    isListenerNotFound,
  )
  return output?.Listeners?.[0]
}

/** A load balancer by ARN (its VpcId is where a new target group must go), or undefined when it does not exist. */
export async function readLoadBalancer(clients: AwsClients, loadBalancerArn: string): Promise<LoadBalancer | undefined> {
  const elbv2 = await clients.elbv2()
  const { DescribeLoadBalancersCommand } = await import('@aws-sdk/client-elastic-load-balancing-v2')
  const output = await callAwsOrAbsent(
    `elasticloadbalancing:DescribeLoadBalancers (load balancer ${loadBalancerArn})`,
    () => elbv2.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [loadBalancerArn] })),
    isLoadBalancerNotFound,
  )
  return output?.LoadBalancers?.[0]
}

/** Tags of ELBv2 resources by ARN, in parallel batches of 20. */
async function readTags(elbv2: ElasticLoadBalancingV2Client, arns: string[], what: string): Promise<Map<string, Tag[]>> {
  const { DescribeTagsCommand } = await import('@aws-sdk/client-elastic-load-balancing-v2')
  const outputs = await Promise.all(
    chunks(arns, TAGS_PER_REQUEST).map((batch) =>
      callAws(`elasticloadbalancing:DescribeTags (${what})`, () => elbv2.send(new DescribeTagsCommand({ ResourceArns: batch }))),
    ),
  )
  const tags = new Map<string, Tag[]>()
  for (const description of outputs.flatMap((output) => output.TagDescriptions ?? [])) {
    if (description.ResourceArn) tags.set(description.ResourceArn, description.Tags ?? [])
  }
  return tags
}
