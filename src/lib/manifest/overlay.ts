// `--env NAME`: environments.NAME deep-merged over the base. Mappings merge key by key; lists
// and scalars replace. The positions merge the same way, so a problem in a merged field points
// at the overlay when the overlay wrote it, and at the base otherwise.
import { isUnder, parsePathKey, pathKey, type Locations, type NodeLocation, type Path } from './positions.js'
import { defineEntry, isMapping } from './values.js'

export function deepMerge(base: unknown, overlay: unknown): unknown {
  if (!isMapping(base) || !isMapping(overlay)) return overlay
  const merged: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(base)) defineEntry(merged, key, value)
  for (const [key, value] of Object.entries(overlay)) {
    defineEntry(merged, key, Object.hasOwn(base, key) ? deepMerge(base[key], value) : value)
  }
  return merged
}

/** The locations under `prefix`, re-keyed as if `prefix` were the root. */
export function rebaseLocations(locations: Locations, prefix: Path): Map<string, NodeLocation> {
  const rebased = new Map<string, NodeLocation>()
  for (const [key, location] of locations) {
    const path = parsePathKey(key)
    if (path.length > prefix.length && isUnder(path, prefix)) rebased.set(pathKey(path.slice(prefix.length)), location)
  }
  return rebased
}

/** Paths where the overlay replaces the base's value instead of merging into it. */
function replacedPaths(base: unknown, overlay: unknown, path: Path, out: Path[]): Path[] {
  if (!isMapping(base) || !isMapping(overlay)) {
    out.push(path)
    return out
  }
  for (const [key, value] of Object.entries(overlay)) {
    if (Object.hasOwn(base, key)) replacedPaths(base[key], value, [...path, key], out)
  }
  return out
}

/**
 * Locations of `deepMerge(baseValue, overlayValue)`: the overlay's win wherever it wrote a field;
 * where it replaced a list or a scalar, nothing of the base's old contents remains. The root keeps
 * the base's position, so a field missing from the whole manifest points at the top of the file.
 */
export function mergeLocations(base: Locations, overlay: Locations, baseValue: unknown, overlayValue: unknown): Map<string, NodeLocation> {
  const replaced = replacedPaths(baseValue, overlayValue, [], [])
  const merged = new Map<string, NodeLocation>()
  for (const [key, location] of base) {
    const path = parsePathKey(key)
    if (!replaced.some((prefix) => path.length > prefix.length && isUnder(path, prefix))) merged.set(key, location)
  }
  for (const [key, location] of overlay) if (key !== pathKey([])) merged.set(key, location)
  return merged
}
