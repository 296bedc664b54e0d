// Where each field of a manifest was written, so that every problem can name FILE:LINE:COLUMN.
// The table is keyed by field path; overlays rebase and merge it alongside the values.

export type PathSegment = string | number
export type Path = readonly PathSegment[]

/** 1-based, as editors and CI logs count. */
export interface Position {
  line: number
  column: number
}

export interface NodeLocation {
  /** Where the value starts (for a mapping or list: its first entry, or its opening bracket). */
  value: Position
  /** Where the key of a mapping entry starts. */
  key?: Position
  /** A scalar's text as written, quotes included: `0755`, `"8080"`. */
  source?: string
}

export type Locations = ReadonlyMap<string, NodeLocation>

export const pathKey = (path: Path): string => JSON.stringify(path)

export const parsePathKey = (key: string): Path => JSON.parse(key) as PathSegment[]

const PLAIN_SEGMENT = /^[A-Za-z0-9_$-]+$/

/** `containers.app.memory`, `loadBalancers[0].alb.rule.priority`, `eventPattern["detail type"]`. */
export function formatPath(path: Path): string {
  let out = ''
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`
    else if (PLAIN_SEGMENT.test(segment)) out += out ? `.${segment}` : segment
    else out += `[${JSON.stringify(segment)}]`
  }
  return out
}

export const isUnder = (path: Path, prefix: Path): boolean =>
  prefix.length <= path.length && prefix.every((segment, i) => segment === path[i])

const START: Position = { line: 1, column: 1 }

/**
 * The position of `path`: its key when `prefer` is 'key' and it has one, else its value. A path
 * that is not in the file (a missing field, a default) falls back to its nearest written parent.
 */
export function locate(locations: Locations, path: Path, prefer: 'key' | 'value' = 'value'): Position {
  const exact = locations.get(pathKey(path))
  if (exact) return (prefer === 'key' ? exact.key : undefined) ?? exact.value
  for (let length = path.length - 1; length >= 0; length--) {
    const parent = locations.get(pathKey(path.slice(0, length)))
    if (parent) return parent.value
  }
  return START
}

export const has = (locations: Locations, path: Path): boolean => locations.has(pathKey(path))
