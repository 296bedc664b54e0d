// Render writes values known only once a resource exists as placeholders (`<target-group:NAME:arn>`,
// `<account-id>`...). Before comparing, they are replaced by what the live state knows. One that
// stays is a value of a resource still to be created: it differs from anything live, which is
// the truth (a new target group has a new ARN).
import type { LiveState } from '../aws/live-state.js'
import type { Manifest } from '../manifest/schema.js'
import { accessPointClientToken, fileSystemIdOf, managedAccessPoints } from '../render/efs.js'
import { loadBalancerArnOf, loadBalancerIdOf } from '../render/loadBalancing.js'
import { accessPointName, placeholder } from '../render/names.js'
import type { RenderContext } from '../render/index.js'
import { isPlainObject } from './diff.js'
import { accessPointNameOf } from './normalize/efs.js'

/** Placeholder text -> its value. */
export type PlaceholderValues = ReadonlyMap<string, string>

/** Every placeholder render writes: `<account-id>`, `<region>`, `<kind:NAME:attribute>`. */
const PLACEHOLDER = /<(?:account-id|region|(?:target-group|access-point|file-system|scaling-policy|load-balancer-of|load-balancer|queue):[^<>]*)>/g

const isPlaceholder = (text: string): boolean => new RegExp(`^${PLACEHOLDER.source}$`).test(text)

/** A copy of `value` with every placeholder that `values` knows replaced; the others stay. */
export function resolvePlaceholders<T>(value: T, values: PlaceholderValues): T {
  if (typeof value === 'string') return value.replace(PLACEHOLDER, (token) => values.get(token) ?? token) as T
  if (Array.isArray(value)) return value.map((item: unknown) => resolvePlaceholders(item, values)) as T
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, resolvePlaceholders(field, values)])) as T
  return value
}

/** The placeholders left in `value`, in order of appearance, each once. */
export function unresolvedPlaceholders(value: unknown): string[] {
  const found = new Set<string>()
  const visit = (item: unknown): void => {
    if (typeof item === 'string') for (const match of item.matchAll(PLACEHOLDER)) found.add(match[0])
    else if (Array.isArray(item)) item.forEach(visit)
    else if (isPlainObject(item)) Object.values(item).forEach(visit)
  }
  visit(value)
  return [...found]
}

/** The last part of a target group ARN, `targetgroup/NAME/ID` -> ID, as CloudWatch dimensions use it. */
const targetGroupIdOf = (arn: string): string | undefined => /:targetgroup\/[^/]+\/([^/]+)$/.exec(arn)?.[1]

/** `...:loadbalancer/app/NAME/ID` -> `app/NAME/ID`. */
const loadBalancerIdOfArn = (arn: string): string | undefined => /:loadbalancer\/((?:app|net|gwy)\/[^/]+\/[^/]+)$/.exec(arn)?.[1]

/**
 * What the live state (and the context) tell about render's placeholders for `manifest`. The
 * account comes from the live state, else from the context unless that is a placeholder itself.
 */
export function placeholderValuesFrom(manifest: Manifest, live: LiveState, context: RenderContext): Map<string, string> {
  const values = new Map<string, string>()
  const set = (token: string, value: string | undefined) => {
    if (value !== undefined && value !== '') values.set(token, value)
  }
  if (!isPlaceholder(context.region)) set(placeholder.region, context.region)
  set(placeholder.accountId, live.accountId ?? (isPlaceholder(context.accountId) ? undefined : context.accountId))

  const setTargetGroup = (name: string, arn: string | undefined) => {
    set(placeholder.targetGroupArn(name), arn)
    set(placeholder.targetGroupId(name), arn === undefined ? undefined : targetGroupIdOf(arn))
  }
  for (const [name, group] of Object.entries(live.targetGroups)) setTargetGroup(name, group.targetGroup.TargetGroupArn)
  for (const [reference, group] of Object.entries(live.externalTargetGroups)) {
    if (!reference.startsWith('arn:')) setTargetGroup(reference, group.TargetGroupArn)
  }

  for (const [arn, loadBalancer] of Object.entries(live.loadBalancers)) {
    const id = loadBalancerIdOfArn(loadBalancer.LoadBalancerArn ?? arn)
    if (id) set(placeholder.vpcOfLoadBalancer(id), loadBalancer.VpcId)
  }
  // A listener ARN holds its load balancer's ARN: known without asking AWS.
  for (const lb of manifest.loadBalancers ?? []) {
    const listener = lb.alb?.listener ?? lb.nlb?.listener
    if (listener) {
      set(placeholder.loadBalancerArn(listener), loadBalancerArnOf(listener))
      set(placeholder.vpcOfLoadBalancer(loadBalancerIdOf(listener)), live.loadBalancers[loadBalancerArnOf(listener)]?.VpcId)
    }
  }

  for (const [name, fileSystem] of Object.entries(live.fileSystems)) set(placeholder.fileSystemId(name), fileSystem.FileSystemId)

  const accessPoints = Object.values(live.accessPoints).flat()
  for (const { volume, efs, spec } of managedAccessPoints(manifest)) {
    const fileSystemId = resolvePlaceholders(fileSystemIdOf(efs), values)
    const name = accessPointName(manifest, volume)
    const candidates = accessPoints.filter((ap) => accessPointNameOf(ap) === name && ap.FileSystemId === fileSystemId)
    // After a replacement whose old access point is not deleted yet, the one made from this definition.
    // render derives the token from the file system as the manifest names it (a placeholder for a name).
    const found = candidates.find((ap) => ap.ClientToken === accessPointClientToken(name, fileSystemIdOf(efs), spec)) ?? candidates[0]
    set(placeholder.accessPointId(volume), found?.AccessPointId)
  }

  for (const [name, policy] of Object.entries(live.scalingPolicies)) set(placeholder.stepPolicyArn(name), policy.PolicyARN)
  return values
}

/** `values` without the given placeholders: their resources are about to be replaced, so their values will change. */
export function withoutPlaceholders(values: PlaceholderValues, tokens: readonly string[]): Map<string, string> {
  const kept = new Map(values)
  for (const token of tokens) kept.delete(token)
  return kept
}
