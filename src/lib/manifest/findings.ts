// A finding is a problem before it has a file and a position: the schema mapping and the rules
// produce findings, and the loader places them with the positions it read from the YAML.
import { formatPath, has, locate, type Locations, type Path } from './positions.js'
import type { Problem } from './problems.js'

export interface Finding {
  /** The field at fault, as the user would write it. */
  path: Path
  message: string
  /** Point at the field's key rather than its value (unknown and duplicate keys). */
  at?: 'key' | 'value'
  /**
   * Where to point when `path` is not written in the file (a missing field): the first of these
   * that is written, else `path`'s nearest written parent.
   */
  near?: readonly Path[]
  /** A required field that is not written at all (an environment overlay may still supply it). */
  missing?: boolean
}

export function placeFinding(file: string, locations: Locations, finding: Finding): Problem {
  const anchor = has(locations, finding.path) ? finding.path : (finding.near?.find((path) => has(locations, path)) ?? finding.path)
  // A stand-in field is pointed at by its key: the start of the line that explains the problem.
  const { line, column } = locate(locations, anchor, anchor === finding.path ? (finding.at ?? 'value') : 'key')
  return { file, line, column, path: formatPath(finding.path), message: finding.message }
}
