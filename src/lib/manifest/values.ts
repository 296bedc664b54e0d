// Small helpers over the plain values a manifest is read into.
import type { Path } from './positions.js'

export type Mapping = Record<string, unknown>

export const isMapping = (value: unknown): value is Mapping =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** Sets an own property even for `__proto__`, which plain assignment would turn into a prototype. */
export function defineEntry(target: Mapping, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
}

/** The value at `path`, or undefined when some part of it is not there. */
export function valueAt(root: unknown, path: Path): unknown {
  let current = root
  for (const segment of path) {
    if (Array.isArray(current) && typeof segment === 'number') current = current[segment]
    else if (isMapping(current) && typeof segment === 'string' && Object.hasOwn(current, segment)) current = current[segment]
    else return undefined
  }
  return current
}

/** Whether the mapping at `path` minus its last segment has that key at all (written, even as null). */
export function isWritten(root: unknown, path: Path): boolean {
  if (path.length === 0) return root !== undefined
  const parent = valueAt(root, path.slice(0, -1))
  const last = path[path.length - 1]
  if (Array.isArray(parent)) return typeof last === 'number' && last < parent.length
  return isMapping(parent) && typeof last === 'string' && Object.hasOwn(parent, last)
}

/** How a value reads in a message: `the string "abc"`, `the number 5`, `a list`. */
export function describeValue(value: unknown, source?: string): string {
  if (value === null || value === undefined) return 'an empty value'
  if (typeof value === 'string') return value === '' ? 'an empty string' : `the string ${JSON.stringify(value)}`
  if (typeof value === 'number') return `the number ${source && /^[-+.0-9a-fA-FxXoOeE]+$/.test(source) ? source : String(value)}`
  if (typeof value === 'boolean') return String(value)
  if (Array.isArray(value)) return 'a list'
  if (isMapping(value)) return 'a mapping'
  return typeof value
}
