// Shared by the manifest tests: inline YAML written indented in the test, parsed as ecsctl.yml.
import { parseManifestText, type ParseResult } from '../../src/lib/manifest/index.js'

/** Removes the first line break and the indentation common to all lines, so YAML can sit indented in a test. */
export function dedent(text: string): string {
  const lines = text.replace(/^\n/, '').replace(/\n[ \t]*$/, '\n').split('\n')
  const indents = lines.filter((line) => line.trim() !== '').map((line) => /^ */.exec(line)?.[0].length ?? 0)
  const common = Math.min(...indents)
  return lines.map((line) => line.slice(common)).join('\n')
}

export interface CheckOptions {
  env?: string
  vars?: Record<string, string | undefined>
}

export const FILE = 'ecsctl.yml'

export function check(yaml: string, options: CheckOptions = {}): ParseResult {
  return parseManifestText(dedent(yaml), FILE, { vars: options.vars ?? {}, ...(options.env === undefined ? {} : { env: options.env }) })
}

/** What a test expects of one problem; the message needs to contain the given part. */
export interface ExpectedProblem {
  line: number
  column: number
  path: string
  message: string
}

/** Problems as comparable records: position, path and whether the message contains the expected part. */
export function summarize(result: ParseResult, expected: readonly ExpectedProblem[]): { actual: ExpectedProblem[]; wanted: ExpectedProblem[] } {
  const actual = result.problems.map((p) => {
    const match = expected.find((e) => e.line === p.line && e.column === p.column && e.path === p.path && p.message.includes(e.message))
    return { line: p.line, column: p.column, path: p.path, message: match ? match.message : p.message }
  })
  return { actual, wanted: [...expected] }
}
