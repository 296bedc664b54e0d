// Tag lists: services spell them Key/Value (most) or key/value (ECS), or as a map (Logs, AAS).

/** `tags` with `added` applied: an existing key takes the new value, keeping its position. */
export function upsertTags<T>(tags: readonly T[], added: readonly T[] | undefined, keyOf: (tag: T) => string | undefined): T[] {
  const result = [...tags]
  for (const tag of added ?? []) {
    const index = result.findIndex((existing) => keyOf(existing) === keyOf(tag))
    if (index >= 0) result[index] = tag
    else result.push(tag)
  }
  return result
}

export function removeTags<T>(tags: readonly T[], keys: readonly string[] | undefined, keyOf: (tag: T) => string | undefined): T[] {
  const removed = new Set(keys ?? [])
  return tags.filter((tag) => !removed.has(keyOf(tag) ?? ''))
}

export const pascalKey = (tag: { Key?: string }) => tag.Key
export const camelKey = (tag: { key?: string }) => tag.key
