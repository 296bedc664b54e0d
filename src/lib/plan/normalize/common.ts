// Helpers the normalisers share. Every normaliser builds a new value: nothing here mutates its input.
import { compareText, partitionOf } from '../../render/common.js'
import { isPlainObject } from '../diff.js'

export { compareText }

/** What normalisation needs to know beyond the two inputs. */
export interface NormalizeContext {
  region: string
  /** The account of the service, to write role names as ARNs; undefined when unknown. */
  accountId?: string
}

/**
 * A deep copy without the fields that say nothing: undefined and null values, empty lists and
 * empty objects. The APIs treat an absent list and an empty one alike, and AWS returns `[]`
 * (mountPoints, volumesFrom...) for lists nobody sent.
 */
export function compact<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item: unknown) => compact(item)) as T
  if (!isPlainObject(value)) return value
  const entries: [string, unknown][] = []
  for (const [key, field] of Object.entries(value)) {
    const kept = compact(field)
    if (kept === undefined || kept === null) continue
    if (Array.isArray(kept) && kept.length === 0) continue
    if (isPlainObject(kept) && Object.keys(kept).length === 0) continue
    entries.push([key, kept])
  }
  return Object.fromEntries(entries) as T
}

/** A sorted copy, by a text key in code-unit order (not the machine's locale). */
export function sortedBy<T>(items: readonly T[] | undefined, key: (item: T) => string): T[] | undefined {
  return items === undefined ? undefined : [...items].sort((a, b) => compareText(key(a), key(b)))
}

/** A sorted copy of a list of strings whose order does not matter (subnets, security groups). */
export const sortedSet = <T extends string>(items: readonly T[] | undefined): T[] | undefined => sortedBy(items, (item) => item)

/**
 * Tags that AWS, not the user, puts on resources: the reserved `aws:` prefix (CloudFormation's
 * `aws:cloudformation:*`, ECS managed tags `aws:ecs:*`...) and ECS's capacity provider marker.
 * They are never in a manifest, so they are never a difference.
 */
export function isAwsManagedTag(key: string): boolean {
  return key.toLowerCase().startsWith('aws:') || key === 'AmazonECSManaged'
}

/** Tags as a list of pairs (ECS `key`/`value`, others `Key`/`Value`), without AWS's, sorted by key. */
export function userTags<K extends string, V extends string>(
  tags: readonly Partial<Record<K | V, string>>[] | undefined,
  keyField: K,
  valueField: V,
): Record<K | V, string>[] | undefined {
  const kept = (tags ?? []).flatMap((tag) => {
    const key = tag[keyField]
    if (key === undefined || isAwsManagedTag(key)) return []
    return [{ [keyField]: key, [valueField]: tag[valueField] ?? '' } as Record<K | V, string>]
  })
  return sortedBy(kept, (tag) => tag[keyField])
}

/** A role given by name becomes the ARN in the service's account, so that a name and its ARN compare equal. */
export function roleArnOf(role: string | undefined, context: NormalizeContext): string | undefined {
  if (role === undefined || role.startsWith('arn:') || !context.accountId) return role
  return `arn:${partitionOf(context.region)}:iam::${context.accountId}:role/${role}`
}

/**
 * A task definition reference as `family:revision` (or `family` alone), whether written as a full
 * ARN or not: the ARN's partition, region and account say nothing the service does not already.
 */
export function taskDefinitionRef(reference: string | undefined): string | undefined {
  if (reference === undefined) return undefined
  const match = /:task-definition\/(.+)$/.exec(reference)
  return match?.[1] ?? reference
}

/** A number written as a string stays the same number: `"10"` and `10` compare equal as 10. */
export function asNumber(value: number | string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined
  const parsed = typeof value === 'number' ? value : Number(value)
  return Number.isNaN(parsed) ? undefined : parsed
}

/** JSON text (an EventBridge pattern, a RunTask input) as a value with its object keys sorted. */
export function parsedJson(text: string | undefined): unknown {
  if (text === undefined) return undefined
  try {
    return sortKeysDeep(JSON.parse(text) as unknown)
  } catch {
    // Not JSON: compare the text as it is.
    return text
  }
}

function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep)
  if (!isPlainObject(value)) return value
  return Object.fromEntries(
    Object.keys(value)
      .sort(compareText)
      .map((key) => [key, sortKeysDeep(value[key])]),
  )
}

/** Dates as ISO text, so that a Date from the SDK and one from render compare by value. */
export const isoDate = (date: Date | string | undefined): string | undefined =>
  date === undefined ? undefined : date instanceof Date ? date.toISOString() : new Date(date).toISOString()
