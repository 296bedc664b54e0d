// "Did you mean ...?" for keys, names and enum values.
import { distance } from 'fastest-levenshtein'

/**
 * The candidate closest to `word`, if it is close enough to be a likely typo: a different case,
 * or at most a third of the word's letters wrong (`memroy` -> `memory`, `contianers` -> `containers`).
 */
export function nearest(word: string, candidates: Iterable<string>): string | undefined {
  const lower = word.toLowerCase()
  let best: string | undefined
  let bestDistance = Infinity
  for (const candidate of candidates) {
    if (candidate === word) continue
    const d = candidate.toLowerCase() === lower ? 0 : distance(lower, candidate.toLowerCase())
    if (d < bestDistance) {
      best = candidate
      bestDistance = d
    }
  }
  const allowed = Math.max(1, Math.floor(word.length / 3))
  return bestDistance <= allowed ? best : undefined
}

/** `"a", "b" or "c"` */
export function quotedList(values: readonly unknown[], conjunction = 'or'): string {
  const quoted = values.map((value) => (typeof value === 'string' ? JSON.stringify(value) : String(value)))
  if (quoted.length <= 1) return quoted.join('')
  return `${quoted.slice(0, -1).join(', ')} ${conjunction} ${quoted[quoted.length - 1]}`
}

/** `; did you mean "memory"?` when a candidate is near, else the fallback (or nothing). */
export function didYouMean(word: string, candidates: Iterable<string>, fallback = ''): string {
  const match = nearest(word, candidates)
  return match === undefined ? fallback : `; did you mean ${JSON.stringify(match)}?`
}
