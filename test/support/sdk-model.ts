// Checks a request input against the API model the AWS SDK ships with each client: the static
// schemas in `dist-es/schemas/schemas_0.js`, which the SDK itself serializes with. Catches what
// the TypeScript types cannot once a value has passed through `Record<string, unknown>` or JSON:
// misspelled members, a number where the API takes a string, a missing required member.
//
// The schema encoding (from @smithy/core's NormalizedSchema):
// - a number is a simple type: 0 string, 1 number, 2 boolean, 4..7 timestamp, 15 document,
//   17 big integer, 19 big decimal, 21 blob, 42 streaming blob; `64 | x` is a list of x and
//   `128 | x` a map from string to x.
// - an array is a static schema [kind, namespace, name, traits, ...]: kind 0 a simple type with
//   traits ([0, ns, name, traits, type]), 1 a list ([..., member]), 2 a map ([..., key, value]),
//   3 a structure and -3 an error ([..., memberNames, memberSchemas, requiredCount?]), 4 a union
//   (same shape), 9 an operation ([..., () => input, () => output]).
// - a structure's first `requiredCount` members are the required ones.
// - a member is a schema, a function returning one (for cycles), or [schema, memberTraits].

type SchemaRef = number | string | readonly unknown[] | (() => unknown)

const STRING = 0
const NUMERIC = 1
const BOOLEAN = 2
const DOCUMENT = 15
const BIG_INTEGER = 17
const BIG_DECIMAL = 19
const BLOB = 21
const STREAMING_BLOB = 42
const LIST_MODIFIER = 64
const MAP_MODIFIER = 128

type Resolved =
  | { kind: 'simple'; type: number }
  | { kind: 'list'; member: SchemaRef }
  | { kind: 'map'; value: SchemaRef }
  | { kind: 'structure'; name: string; members: string[]; memberSchemas: SchemaRef[]; required: number; union: boolean }

/** Follows functions, member wrappers and simple types with traits down to one of four shapes. */
function resolve(ref: unknown): Resolved {
  let current = ref
  for (;;) {
    if (typeof current === 'function') {
      current = (current as () => unknown)()
      continue
    }
    // A member schema: [schema, traits].
    if (Array.isArray(current) && current.length === 2) {
      current = current[0]
      continue
    }
    // A simple type with traits (sensitive strings and the like): [0, ns, name, traits, type].
    if (Array.isArray(current) && current[0] === 0) {
      current = current[4]
      continue
    }
    break
  }
  if (typeof current === 'number') {
    if (current >= MAP_MODIFIER) return { kind: 'map', value: current & 0b0011_1111 }
    if (current >= LIST_MODIFIER) return { kind: 'list', member: current & 0b0011_1111 }
    return { kind: 'simple', type: current }
  }
  if (Array.isArray(current)) {
    const [kind, , name] = current as [number, string, string]
    if (kind === 1) return { kind: 'list', member: current[4] as SchemaRef }
    if (kind === 2) return { kind: 'map', value: current[5] as SchemaRef }
    if (kind === 3 || kind === -3 || kind === 4) {
      return {
        kind: 'structure',
        name,
        members: (current[4] as string[] | 0) || [],
        memberSchemas: (current[5] as SchemaRef[] | undefined) ?? [],
        required: typeof current[6] === 'number' ? current[6] : 0,
        union: kind === 4,
      }
    }
  }
  throw new Error(`unsupported schema: ${JSON.stringify(current)}`)
}

const describe = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'a list' : value instanceof Date ? 'a Date' : `a ${typeof value}`

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date) && !(value instanceof Uint8Array)

function checkSimple(type: number, value: unknown, path: string, problems: string[]): void {
  const expect = (ok: boolean, what: string) => {
    if (!ok) problems.push(`${path}: expected ${what}, got ${describe(value)} (${JSON.stringify(value)})`)
  }
  if (type === STRING) expect(typeof value === 'string', 'a string')
  else if (type === NUMERIC) expect(typeof value === 'number' && Number.isFinite(value), 'a finite number')
  else if (type === BOOLEAN) expect(typeof value === 'boolean', 'a boolean')
  else if (type >= 4 && type <= 7) expect(value instanceof Date, 'a Date (timestamp)')
  else if (type === BIG_INTEGER) expect(typeof value === 'bigint' || typeof value === 'number', 'an integer')
  else if (type === BIG_DECIMAL) expect(typeof value === 'string' || typeof value === 'number', 'a decimal')
  else if (type === BLOB || type === STREAMING_BLOB) expect(value instanceof Uint8Array || typeof value === 'string', 'bytes')
  else if (type === DOCUMENT) return
  else problems.push(`${path}: the validator does not know simple schema type ${type}`)
}

function check(ref: SchemaRef, value: unknown, path: string, problems: string[]): void {
  const schema = resolve(ref)
  switch (schema.kind) {
    case 'simple':
      checkSimple(schema.type, value, path, problems)
      return
    case 'list':
      if (!Array.isArray(value)) {
        problems.push(`${path}: expected a list, got ${describe(value)}`)
        return
      }
      value.forEach((item, i) => {
        if (item === undefined || item === null) problems.push(`${path}[${i}]: a list may not hold ${String(item)}`)
        else check(schema.member, item, `${path}[${i}]`, problems)
      })
      return
    case 'map':
      if (!isPlainObject(value)) {
        problems.push(`${path}: expected a map (object), got ${describe(value)}`)
        return
      }
      for (const [key, item] of Object.entries(value)) {
        if (item !== undefined) check(schema.value, item, `${path}[${JSON.stringify(key)}]`, problems)
      }
      return
    case 'structure':
      checkStructure(schema, value, path, problems)
  }
}

function checkStructure(schema: Extract<Resolved, { kind: 'structure' }>, value: unknown, path: string, problems: string[]): void {
  if (!isPlainObject(value)) {
    problems.push(`${path}: expected a ${schema.name} structure (object), got ${describe(value)}`)
    return
  }
  const at = (member: string) => (path ? `${path}.${member}` : member)
  schema.members.slice(0, schema.required).forEach((member) => {
    if (value[member] === undefined || value[member] === null) problems.push(`${at(member)}: required by ${schema.name}, missing`)
  })
  const present = Object.keys(value).filter((key) => value[key] !== undefined)
  for (const key of present) {
    const index = schema.members.indexOf(key)
    if (index === -1) {
      problems.push(`${at(key)}: ${schema.name} has no member "${key}" (it has: ${schema.members.join(', ')})`)
      continue
    }
    check(schema.memberSchemas[index] as SchemaRef, value[key], at(key), problems)
  }
  if (schema.union && present.length !== 1) problems.push(`${path || schema.name}: the union ${schema.name} takes exactly one member, got ${present.length}`)
}

/**
 * What is wrong with `input` as the input of `operation` of `@aws-sdk/client-<service>`: one
 * line per problem, `path: what`, empty when the input fits the model. Async because it loads
 * the client package, which holds the model, on demand.
 */
export async function validateAgainstModel(service: string, operation: string, input: unknown): Promise<string[]> {
  const client = (await import(`@aws-sdk/client-${service}`)) as Record<string, unknown>
  const operationSchema = client[`${operation}$`]
  if (!Array.isArray(operationSchema) || operationSchema[0] !== 9) return [`@aws-sdk/client-${service} has no operation ${operation}`]
  const problems: string[] = []
  check(operationSchema[4] as SchemaRef, input, '', problems)
  return problems
}
