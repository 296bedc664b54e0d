import { EcsctlError } from '../errors.js'

/** One thing wrong with a manifest, located in the file the user wrote. */
export interface Problem {
  file: string
  line: number
  column: number
  /** Dotted field path as the user wrote it: `containers.app.memory`, `loadBalancers[0].port`. */
  path: string
  /** What is wrong, and what to write instead. */
  message: string
}

/** `FILE:LINE:COLUMN  path  message`, the form editors and CI logs link to. */
export function formatProblem(problem: Problem): string {
  const where = `${problem.file}:${problem.line}:${problem.column}`
  return problem.path ? `${where}  ${problem.path}  ${problem.message}` : `${where}  ${problem.message}`
}

export function sortProblems(problems: readonly Problem[]): Problem[] {
  return [...problems].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.path.localeCompare(b.path))
}

/** Every problem found in every manifest, reported together. Exit code 2. */
export class ManifestError extends EcsctlError {
  readonly problems: Problem[]

  constructor(problems: readonly Problem[]) {
    const sorted = sortProblems(problems)
    const count = sorted.length === 1 ? '1 problem' : `${sorted.length} problems`
    super('invalid', `${count} in the manifest:\n${sorted.map((p) => `  ${formatProblem(p)}`).join('\n')}`, {
      hint: 'Fix the fields above; `ecsctl validate` checks again without calling AWS.',
      details: { problems: sorted },
    })
    this.problems = sorted
  }
}
