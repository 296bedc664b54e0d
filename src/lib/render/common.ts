// Helpers every renderer shares: the context, ARNs, tags, how a service is launched. Pure, and
// SDK-free at run time: only types come from the SDK packages.
import type { Manifest } from '../manifest/schema.js'
import { isFargate } from '../manifest/launch.js'
import { family, OWNER_TAG } from './names.js'

/** What render needs to know about the account it renders for; offline, both are placeholders. */
export interface RenderContext {
  region: string
  accountId: string
}

/** The partition an ARN in this region belongs to; a placeholder region counts as `aws`. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn'
  if (region.startsWith('us-gov-')) return 'aws-us-gov'
  if (region.startsWith('us-iso-')) return 'aws-iso'
  if (region.startsWith('us-isob-')) return 'aws-iso-b'
  return 'aws'
}

/** A role given by name becomes the ARN in the deploying account; an ARN stays as written. */
export function roleArn(role: string, context: RenderContext): string {
  if (role.startsWith('arn:')) return role
  return `arn:${partitionOf(context.region)}:iam::${context.accountId}:role/${role}`
}

export function clusterArn(m: Pick<Manifest, 'cluster'>, context: RenderContext): string {
  return `arn:${partitionOf(context.region)}:ecs:${context.region}:${context.accountId}:cluster/${m.cluster}`
}

/** A task definition ARN without a revision: ECS resolves it to the latest ACTIVE revision. */
export function familyArn(m: Pick<Manifest, 'name' | 'family'>, context: RenderContext): string {
  return `arn:${partitionOf(context.region)}:ecs:${context.region}:${context.accountId}:task-definition/${family(m)}`
}

export type LaunchTarget = 'FARGATE' | 'EC2' | 'EXTERNAL'

/**
 * Where the tasks run, which decides the task definition's compatibilities: the launch type,
 * else FARGATE for Fargate capacity providers and EC2 for Auto Scaling group ones. Undefined
 * when the manifest names neither, and the cluster's default capacity provider strategy decides.
 */
export function launchTarget(m: Pick<Manifest, 'launchType' | 'capacityProviders'>): LaunchTarget | undefined {
  if (m.launchType) return m.launchType
  if (m.capacityProviders) return isFargate(m) ? 'FARGATE' : 'EC2'
  return undefined
}

// One derivation of the network mode for the rules and render.
export { networkModeOf, type NetworkMode } from '../manifest/launch.js'

export const enabledDisabled = (on: boolean): 'ENABLED' | 'DISABLED' => (on ? 'ENABLED' : 'DISABLED')

/** Code-unit order, so that the output does not depend on the machine's locale. */
export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/** The manifest's tags plus the owner tag (which wins), sorted by key. */
export function tagEntries(m: Pick<Manifest, 'name' | 'tags'>, extra: Record<string, string> = {}): [string, string][] {
  const merged = { ...m.tags, ...extra, [OWNER_TAG]: m.name }
  return Object.entries(merged).sort(([a], [b]) => compareText(a, b))
}

/** Tags as ECS spells them. */
export const ecsTags = (m: Pick<Manifest, 'name' | 'tags'>): { key: string; value: string }[] =>
  tagEntries(m).map(([key, value]) => ({ key, value }))

/** Tags as ELBv2, EFS, CloudWatch and EventBridge spell them. */
export const keyValueTags = (m: Pick<Manifest, 'name' | 'tags'>, extra?: Record<string, string>): { Key: string; Value: string }[] =>
  tagEntries(m, extra).map(([Key, Value]) => ({ Key, Value }))

/** Tags as a map (CloudWatch Logs, Application Auto Scaling). */
export const tagMap = (m: Pick<Manifest, 'name' | 'tags'>): Record<string, string> => Object.fromEntries(tagEntries(m))

/**
 * A copy without keys whose value is undefined, at any depth, so that a rendered input holds
 * exactly the fields that are sent. Renderers build with `field: condition ? value : undefined`.
 */
export function withoutUndefined<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item: unknown) => withoutUndefined(item)) as T
  if (value === null || typeof value !== 'object' || value instanceof Date) return value
  const entries = Object.entries(value).filter(([, v]) => v !== undefined)
  return Object.fromEntries(entries.map(([k, v]) => [k, withoutUndefined(v)])) as T
}

/** `list` unless it is empty: the APIs treat an absent list and an empty one alike, and absent reads better. */
export const nonEmpty = <T>(list: T[] | undefined): T[] | undefined => (list && list.length > 0 ? list : undefined)
