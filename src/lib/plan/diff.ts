// Field-level comparison of two normalised inputs. Lists that are sets of keyed items (containers,
// environment variables, tags...) are compared item by item under their natural key, so that a
// change reads `containerDefinitions[app].image` rather than `containerDefinitions[0].image`, and
// an inserted item is one addition rather than a shift of every item after it.

/** One field that differs. `before` is absent for an addition, `after` for a removal. */
export interface FieldChange {
  path: string
  before?: unknown
  after?: unknown
}

/**
 * How to key the items of one list. `value` picks what is compared for name/value pairs
 * (environment, tags): the change is then `environment[LOG_LEVEL]: "info" -> "debug"`.
 */
export interface ListKey {
  key: (item: unknown) => string
  value?: (item: unknown) => unknown
}

/**
 * List keys by path pattern: the path with every `[key]` written `[]`, e.g.
 * `containerDefinitions[].environment`. A list without an entry is compared as one value.
 */
export type ListKeys = Readonly<Record<string, ListKey>>

/** The item's field `name` as a key: `byField('name')`. */
export function byField(name: string): (item: unknown) => string {
  return (item) => String((isPlainObject(item) ? item[name] : item) ?? '')
}

/** Several fields joined with a space, for items whose identity is more than one field. */
export function byFields(...names: string[]): (item: unknown) => string {
  return (item) => names.map((name) => byField(name)(item)).filter((part) => part !== '').join(' ')
}

/** A list of `{ <key>: K, <value>: V }` pairs, compared as a map from K to V. */
export function pairs(key: string, value: string): ListKey {
  return { key: byField(key), value: (item) => (isPlainObject(item) ? item[value] : undefined) }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date)
}

/** Structural equality of JSON-like values (key order does not matter, list order does). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => deepEqual(item, b[i]))
  }
  if (a instanceof Date || b instanceof Date) return a instanceof Date && b instanceof Date && a.getTime() === b.getTime()
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)])
    return [...keys].every((key) => deepEqual(a[key], b[key]))
  }
  return false
}

/** Every field that differs between `before` (live) and `after` (desired), in `after`'s order. */
export function diffValues(before: unknown, after: unknown, listKeys: ListKeys = {}): FieldChange[] {
  const changes: FieldChange[] = []
  collect(before, after, '', '', listKeys, changes)
  return changes
}

function collect(before: unknown, after: unknown, path: string, pattern: string, listKeys: ListKeys, out: FieldChange[]): void {
  if (deepEqual(before, after)) return
  const listKey = listKeys[pattern]
  if (listKey && isListOrAbsent(before) && isListOrAbsent(after)) {
    collectKeyedList(before ?? [], after ?? [], path, pattern, listKey, listKeys, out)
    return
  }
  if (isObjectOrAbsent(before) && isObjectOrAbsent(after)) {
    const keys = unionInOrder(Object.keys(after ?? {}), Object.keys(before ?? {}))
    for (const key of keys) {
      collect(before?.[key], after?.[key], join(path, key), join(pattern, key), listKeys, out)
    }
    return
  }
  out.push(change(path, before, after))
}

function collectKeyedList(before: unknown[], after: unknown[], path: string, pattern: string, listKey: ListKey, listKeys: ListKeys, out: FieldChange[]) {
  const beforeByKey = keyed(before, listKey)
  const afterByKey = keyed(after, listKey)
  for (const key of unionInOrder([...afterByKey.keys()], [...beforeByKey.keys()])) {
    const pick = (items: Map<string, unknown>) => {
      const item = items.get(key)
      return listKey.value && item !== undefined ? listKey.value(item) : item
    }
    collect(pick(beforeByKey), pick(afterByKey), `${path}[${key}]`, `${pattern}[]`, listKeys, out)
  }
}

/** Items by key; a key seen twice gets `#2`, `#3`... so that no item is lost. */
function keyed(items: unknown[], listKey: ListKey): Map<string, unknown> {
  const byKey = new Map<string, unknown>()
  for (const item of items) {
    const base = listKey.key(item)
    let key = base
    for (let n = 2; byKey.has(key); n++) key = `${base}#${n}`
    byKey.set(key, item)
  }
  return byKey
}

const isListOrAbsent = (value: unknown): value is unknown[] | undefined => value === undefined || Array.isArray(value)
const isObjectOrAbsent = (value: unknown): value is Record<string, unknown> | undefined => value === undefined || isPlainObject(value)
const join = (path: string, key: string) => (path === '' ? key : `${path}.${key}`)

function unionInOrder(first: string[], second: string[]): string[] {
  const seen = new Set(first)
  return [...first, ...second.filter((key) => !seen.has(key))]
}

function change(path: string, before: unknown, after: unknown): FieldChange {
  const result: FieldChange = { path }
  if (before !== undefined) result.before = before
  if (after !== undefined) result.after = after
  return result
}
