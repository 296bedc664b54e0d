// Names of the resources ecsctl creates for a service. Render, the live-state readers and the
// plan all derive names here, so that a later deploy finds (and may delete) exactly what an
// earlier one created, and nothing else.
import { createHash } from 'node:crypto'
import type { Container, LoadBalancer, Manifest } from '../manifest/schema.js'

/** The tag every resource ecsctl creates carries; its value is the service name. */
export const OWNER_TAG = 'ecsctl:service'

export const family = (m: Pick<Manifest, 'name' | 'family'>): string => m.family ?? m.name

export const logGroupName = (m: Pick<Manifest, 'name'>, container: Pick<Container, 'logging'>): string =>
  (container.logging ? container.logging.group : undefined) ?? `/ecs/${m.name}`

export const logStreamPrefix = (containerName: string, container: Pick<Container, 'logging'>): string =>
  (container.logging ? container.logging.prefix : undefined) ?? containerName

const shortHash = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 6)

/**
 * `base` if it fits in `max` characters, else its head and a hash of the whole, so that two long
 * names that share a prefix stay distinct and a name is the same on every run.
 */
export function fitName(base: string, max: number): string {
  if (base.length <= max) return base
  const hash = shortHash(base)
  return `${base.slice(0, max - hash.length - 1).replace(/-+$/, '')}-${hash}`
}

/**
 * Target group names are unique per account and region and at most 32 characters; the cluster
 * is part of the default so that staging and prod copies of a service do not collide.
 */
export function targetGroupName(m: Pick<Manifest, 'name' | 'cluster'>, lb: LoadBalancer): string {
  const explicit = lb.alb?.targetGroupName ?? lb.nlb?.targetGroupName
  if (explicit) return explicit
  const base = `${m.cluster}-${m.name}-${lb.port}`.replace(/[^A-Za-z0-9-]/g, '-').replace(/-{2,}/g, '-').replace(/^-|-$/g, '')
  return fitName(base, 32)
}

/** Application Auto Scaling resource id of the service. */
export const scalableResourceId = (m: Pick<Manifest, 'name' | 'cluster'>): string => `service/${m.cluster}/${m.name}`

/**
 * Owned names join their parts with ".", which cluster, service, step, schedule and task names
 * cannot contain: service `web` never claims what belongs to service `web-api`, nor a policy a
 * person named `web-custom`.
 */
const SEPARATOR = '.'

/** Scaling policies and scheduled actions are scoped to the scalable target; the prefix marks ours. */
export const policyPrefix = (m: Pick<Manifest, 'name'>): string => `${m.name}${SEPARATOR}`
export const targetTrackingPolicyName = (m: Pick<Manifest, 'name'>, metric: 'cpu' | 'memory' | 'requests' | 'queue'): string =>
  `${policyPrefix(m)}${metric}`
export const stepPolicyName = (m: Pick<Manifest, 'name'>, step: string): string => `${policyPrefix(m)}step${SEPARATOR}${step}`
export const scheduledActionName = (m: Pick<Manifest, 'name'>, schedule: string): string => `${policyPrefix(m)}${schedule}`

/**
 * CloudWatch alarms and EventBridge rules are account-wide, so their names carry the cluster
 * too. Alarm names allow 255 characters, rule names 64.
 */
export const accountWidePrefix = (m: Pick<Manifest, 'name' | 'cluster'>): string =>
  ['ecsctl', m.cluster, m.name, ''].join(SEPARATOR)
export const stepAlarmName = (m: Pick<Manifest, 'name' | 'cluster'>, step: string): string =>
  fitName(`${accountWidePrefix(m)}${step}`, 255)
export const taskRuleName = (m: Pick<Manifest, 'name' | 'cluster'>, task: string): string =>
  fitName(`${accountWidePrefix(m)}${task}`, 64)

/** EFS access points ecsctl creates carry this Name tag (and the owner tag). */
export const accessPointName = (m: Pick<Manifest, 'name' | 'cluster'>, volume: string): string => `${m.cluster}-${m.name}-${volume}`

/** Placeholders for values known only once a resource exists, as `render` prints them. */
export const placeholder = {
  accountId: '<account-id>',
  region: '<region>',
  targetGroupArn: (name: string) => `<target-group:${name}:arn>`,
  accessPointId: (volume: string) => `<access-point:${volume}:id>`,
  fileSystemId: (name: string) => `<file-system:${name}:id>`,
  stepPolicyArn: (name: string) => `<scaling-policy:${name}:arn>`,
  loadBalancerArn: (listener: string) => `<load-balancer-of:${listener}:arn>`,
  /** `loadBalancer` is the ARN's resource part, `app/NAME/ID`: the target group must live in its VPC. */
  vpcOfLoadBalancer: (loadBalancer: string) => `<load-balancer:${loadBalancer}:vpc-id>`,
  /** The last part of a target group ARN (`targetgroup/NAME/ID`), as CloudWatch dimensions use it. */
  targetGroupId: (name: string) => `<target-group:${name}:id>`,
  queueUrl: (name: string) => `<queue:${name}:url>`,
} as const
