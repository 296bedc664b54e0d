// zod issues -> findings a person can act on: the field, what was expected, what was found,
// and the nearest valid key for a typo. The schema's own messages win where it has them.
import * as z from 'zod'
import type { Finding } from './findings.js'
import { type Path } from './positions.js'
import { didYouMean, quotedList } from './suggest.js'
import { describeValue, isWritten, valueAt } from './values.js'

type Issue = z.core.$ZodIssue
type Schema = z.core.$ZodType

/**
 * Marks the messages zod would have made up itself. Passed as the parse's error map, it loses to
 * every message written in schema.ts, so a message equal to it means "write one here".
 */
const DEFAULT_MESSAGE = '\u0000ecsctl-default'
export const PARSE_OPTIONS = { error: () => DEFAULT_MESSAGE } as const

export interface IssueContext {
  /** The value that was parsed. */
  data: unknown
  /** The schema it was parsed with, to name the keys and types a field accepts. */
  schema: Schema
  /** A scalar's text as written (`0755`, `"8080"`), for messages that quote it. */
  sourceAt: (path: Path) => string | undefined
}

export function findingsFromIssues(issues: readonly Issue[], context: IssueContext): Finding[] {
  return issues.flatMap((issue) => findingsFromIssue(issue, [], context))
}

function findingsFromIssue(issue: Issue, prefix: Path, context: IssueContext): Finding[] {
  const path: Path = [...prefix, ...(issue.path as Path)]
  if (path.length > 0 && issue.code !== 'unrecognized_keys' && issue.code !== 'invalid_key' && !isWritten(context.data, path)) {
    return [missingField(path)]
  }
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => unknownKey(path, key, context))
    case 'invalid_union':
      return unionFindings(issue, path, context)
    case 'invalid_key':
      return issue.issues.map((inner) => ({ path, at: 'key', message: messageOf(inner, path, context, 'key') }))
    case 'invalid_type':
      return [typeFinding(issue, path, context)]
    default:
      return [{ path, message: messageOf(issue, path, context) }]
  }
}

function unknownKey(parent: Path, key: string, context: IssueContext): Finding {
  const valid = objectKeysAt(context.schema, parent)
  const listed = valid.length > 0 ? `; valid keys here: ${valid.join(', ')}` : ''
  return { path: [...parent, key], at: 'key', message: `unknown key "${key}"${didYouMean(key, valid, listed)}` }
}

/**
 * A union failed every option. When the value got past one option's type check (a mapping
 * given to "a port number or a port mapping"), that option's issues are the useful ones.
 */
function unionFindings(issue: Extract<Issue, { code: 'invalid_union' }>, path: Path, context: IssueContext): Finding[] {
  const closer = issue.errors.filter((branch) => !branch.every((inner) => inner.path.length === 0 && (inner.code === 'invalid_type' || inner.code === 'invalid_value')))
  const [only] = closer
  if (only && closer.length === 1) return only.flatMap((inner) => findingsFromIssue(inner, path, context))
  const value = valueAt(context.data, path)
  return [{ path, message: `must be ${expectedAt(context.schema, path) ?? 'something else'}, found ${describeValue(value, context.sourceAt(path))}` }]
}

const REQUIRED_EXAMPLES: Record<string, string> = {
  version: 'version: 1',
  name: 'name: web',
  cluster: 'cluster: prod',
  containers: 'containers: { app: { image: nginx:1.27 } }',
  image: 'image: nginx:1.27',
  container: 'container: app',
  port: 'port: 8080',
  listener: 'listener: arn:aws:elasticloadbalancing:REGION:123456789012:listener/app/NAME/ID/ID',
  rule: 'rule: { priority: 10, paths: ["/*"] }',
  priority: 'priority: 10',
  min: 'min: 1',
  max: 'max: 4',
  schedule: 'schedule: cron(0 3 * * ? *)',
  subnets: 'subnets: [subnet-0a1b2c3d]',
  threshold: 'threshold: 80',
  comparison: 'comparison: GreaterThanThreshold',
  adjustments: 'adjustments: [{ lower: 0, change: 1 }]',
}

function missingField(path: Path): Finding {
  const last = path[path.length - 1]
  const example = typeof last === 'string' ? REQUIRED_EXAMPLES[last] : undefined
  return { path, missing: true, message: example ? `is required: add \`${example}\`` : 'is required' }
}

function typeFinding(issue: Issue, path: Path, context: IssueContext): Finding {
  const value = valueAt(context.data, path)
  const source = context.sourceAt(path)
  const expected = expectedAt(context.schema, path) ?? (issue.code === 'invalid_type' ? expectedWord(issue.expected) : 'something else')
  return { path, message: `must be ${expected}, found ${describeValue(value, source)}${typeHint(expected, value, source)}` }
}

/** What usually fixes a value of the wrong type. */
function typeHint(expected: string, value: unknown, source: string | undefined): string {
  const quoted = source !== undefined && /^["']/.test(source)
  if (/number/.test(expected) && typeof value === 'string' && quoted && value.trim() !== '' && !Number.isNaN(Number(value))) {
    return ': remove the quotes (quoted values stay text)'
  }
  if (expected === 'a string' && (typeof value === 'number' || typeof value === 'boolean')) {
    return `: put it in quotes, "${source ?? String(value)}"`
  }
  if (expected.startsWith('a list') && (typeof value === 'string' || typeof value === 'number')) {
    return `: write [${String(value)}]`
  }
  return ''
}

function messageOf(issue: Issue, path: Path, context: IssueContext, subject: 'key' | 'value' = 'value'): string {
  const value = subject === 'key' ? path[path.length - 1] : valueAt(context.data, path)
  const found = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? `, found ${describeScalar(value, context.sourceAt(path))}` : ''
  if (issue.message !== DEFAULT_MESSAGE) return `${withoutSubject(issue.message, path)}${found}`
  switch (issue.code) {
    case 'too_small':
    case 'too_big':
      return `${sizeMessage(issue, path, context)}${issue.origin === 'number' ? found : ''}`
    case 'invalid_value': {
      const choices = issue.values.length === 1 ? String(issue.values[0]) : `one of ${quotedList(issue.values)}`
      const suggestion = typeof value === 'string' ? didYouMean(value, issue.values.filter((v): v is string => typeof v === 'string')) : ''
      return `must be ${choices}${found}${suggestion}`
    }
    case 'invalid_format':
      return `${formatMessage(issue)}${found}`
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}${found}`
    case 'invalid_type':
      return `must be ${expectedWord(issue.expected)}${found}`
    default:
      return `is not valid${found}`
  }
}

/** `desiredCount must be 0 or more` -> `must be 0 or more`: the path already names the field. */
function withoutSubject(message: string, path: Path): string {
  const last = path[path.length - 1]
  return typeof last === 'string' && message.startsWith(`${last} `) ? message.slice(last.length + 1) : message
}

const describeScalar = (value: string | number | boolean, source: string | undefined): string =>
  typeof value === 'string' ? JSON.stringify(value) : typeof value === 'number' && source && /^[-+.0-9a-fA-FxXoOeE]+$/.test(source) ? source : String(value)

function sizeMessage(issue: Extract<Issue, { code: 'too_small' | 'too_big' }>, path: Path, context: IssueContext): string {
  const small = issue.code === 'too_small'
  const bound = Number(small ? issue.minimum : issue.maximum)
  if (issue.origin === 'number') {
    const range = numberRangeAt(context.schema, path)
    if (range) return `must be between ${range.min} and ${range.max}`
    if (small) return issue.inclusive ? `must be ${bound} or more` : `must be greater than ${bound}`
    return issue.inclusive ? `must be ${bound} or less` : `must be less than ${bound}`
  }
  if (issue.origin === 'array') {
    const entries = (n: number) => `${n} ${n === 1 ? 'entry' : 'entries'}`
    const length = (valueAt(context.data, path) as unknown[] | undefined)?.length ?? 0
    return small ? `needs at least ${entries(bound)}` : `takes at most ${entries(bound)}, found ${length}`
  }
  if (issue.origin === 'string') {
    if (small) return bound <= 1 ? 'must not be empty' : `must be at least ${bound} characters`
    return `must be at most ${bound} characters`
  }
  return small ? `must be at least ${bound}` : `must be at most ${bound}`
}

function formatMessage(issue: Extract<Issue, { code: 'invalid_format' }>): string {
  if (issue.format === 'starts_with' && 'prefix' in issue) return `must start with "${String(issue.prefix)}"`
  if (issue.format === 'regex' && 'pattern' in issue) return `must match ${String(issue.pattern)}`
  return `must be a valid ${issue.format}`
}

const EXPECTED_WORDS: Record<string, string> = {
  number: 'a number',
  int: 'a whole number',
  string: 'a string',
  boolean: 'true or false',
  object: 'a mapping (key: value)',
  record: 'a mapping (key: value)',
  array: 'a list',
}

const expectedWord = (expected: string): string => EXPECTED_WORDS[expected] ?? expected

// The schema walk below reads zod's definitions (`_zod.def`), the documented way for tools to
// introspect a zod 4 schema, to name the keys and types a place in the manifest accepts.

interface Def {
  type: string
  innerType?: Schema
  in?: Schema
  options?: Schema[]
  shape?: Record<string, Schema>
  valueType?: Schema
  element?: Schema
  values?: unknown[]
  entries?: Record<string, unknown>
  format?: string
}

const defOf = (schema: Schema): Def => schema._zod.def as unknown as Def

/** The concrete schemas a schema stands for, with optional/default/union wrappers removed. */
function leaves(schema: Schema): Schema[] {
  const def = defOf(schema)
  if (def.innerType) return leaves(def.innerType)
  if (def.type === 'pipe' && def.in) return leaves(def.in)
  if (def.type === 'union' && def.options) return def.options.flatMap(leaves)
  return [schema]
}

/** The schemas that a value at `path` is checked against. */
export function schemasAt(root: Schema, path: Path): Schema[] {
  let current = leaves(root)
  for (const segment of path) {
    current = current.flatMap((schema) => {
      const def = defOf(schema)
      if (def.type === 'object' && typeof segment === 'string') return def.shape?.[segment] ? leaves(def.shape[segment]) : []
      if (def.type === 'record' && def.valueType) return leaves(def.valueType)
      if (def.type === 'array' && typeof segment === 'number' && def.element) return leaves(def.element)
      return []
    })
  }
  return current
}

export function objectKeysAt(root: Schema, path: Path): string[] {
  const keys = schemasAt(root, path).flatMap((schema) => Object.keys(defOf(schema).shape ?? {}))
  return [...new Set(keys)]
}

/** `a whole number`, `a mapping (key: value) or false`, from the schema at `path`. */
function expectedAt(root: Schema, path: Path): string | undefined {
  const words = schemasAt(root, path).map((schema) => {
    const def = defOf(schema)
    if (def.type === 'number') return (schema as unknown as { isInt?: boolean }).isInt ? 'a whole number' : 'a number'
    if (def.type === 'literal') return quotedList(def.values ?? [])
    if (def.type === 'enum') return `one of ${quotedList(Object.values(def.entries ?? {}))}`
    return expectedWord(def.type)
  })
  const unique = [...new Set(words)]
  return unique.length > 0 ? unique.join(' or ') : undefined
}

function numberRangeAt(root: Schema, path: Path): { min: number; max: number } | undefined {
  for (const schema of schemasAt(root, path)) {
    const { minValue, maxValue } = schema as unknown as { minValue?: number | null; maxValue?: number | null }
    if (typeof minValue === 'number' && typeof maxValue === 'number' && Number.isFinite(minValue) && Number.isFinite(maxValue)) {
      return { min: minValue, max: maxValue }
    }
  }
  return undefined
}
