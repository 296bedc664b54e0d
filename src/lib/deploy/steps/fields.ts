// Reading a planned update: which top-level fields it changes, and what it does to tags. Updates
// send only what changed, so that an unchanged field never triggers anything in AWS (a rollout,
// a reset of a value the API would otherwise keep).
import type { FieldChange } from '../../plan/index.js'

/** The top-level field a change path is under: `healthCheck.path` -> `healthCheck`, `Tags[team]` -> `Tags`. */
export const topLevelField = (path: string): string => path.split(/[.[]/, 1)[0] ?? path

/** The top-level fields an update changes. */
export function changedFields(changes: readonly FieldChange[]): Set<string> {
  return new Set(changes.map((change) => topLevelField(change.path)))
}

/** Whether the update changes anything beyond `fields`. */
export function changesBeyond(changes: readonly FieldChange[], fields: readonly string[]): boolean {
  return [...changedFields(changes)].some((field) => !fields.includes(field))
}

/** Tags to set (added or changed, with their new values) and tag keys to remove. */
export interface TagUpdate {
  set: Record<string, string>
  remove: string[]
}

/**
 * The tag update in a plan's changes to `field` (`Tags` or `tags`), which the plan keys by tag key:
 * `Tags[team]: "a" -> "b"`. AWS-reserved tags (`aws:*`) are never in the plan, so never touched.
 */
export function tagUpdate(changes: readonly FieldChange[], field: string): TagUpdate {
  const update: TagUpdate = { set: {}, remove: [] }
  const pattern = new RegExp(`^${field}\\[(.+)\\]$`)
  for (const change of changes) {
    const key = pattern.exec(change.path)?.[1]
    if (key === undefined) continue
    if ('after' in change) update.set[key] = String(change.after)
    else update.remove.push(key)
  }
  return update
}

export const hasTagUpdate = (update: TagUpdate): boolean => Object.keys(update.set).length > 0 || update.remove.length > 0

/** `{ team: "a" }` as `[{ Key: "team", Value: "a" }]`. */
export const keyValueList = (tags: Record<string, string>) => Object.entries(tags).map(([Key, Value]) => ({ Key, Value }))
