// `${VAR}` interpolation of one scalar's text. Pure: the variables are passed in.
//   ${NAME}            the variable; unset is an error, never an empty string
//   ${NAME:-default}   the default when NAME is unset or empty
//   ${NAME:?message}   an error carrying the message when NAME is unset or empty
//   $${                a literal `${`

export type Variables = Readonly<Record<string, string | undefined>>

export interface InterpolationError {
  /** The reference as written, `${IMAGE_TAG}`, to point at it in the source. */
  expression: string
  message: string
}

export interface Interpolated {
  text: string
  /** Whether any `${...}` or `$${` was replaced (a plain scalar is re-typed only then). */
  changed: boolean
  errors: InterpolationError[]
}

const REFERENCE = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:-|:\?)([\s\S]*))?$/

export function interpolate(text: string, vars: Variables): Interpolated {
  if (!text.includes('${')) return { text, changed: false, errors: [] }
  const errors: InterpolationError[] = []
  let out = ''
  let i = 0
  while (i < text.length) {
    if (text.startsWith('$${', i)) {
      out += '${'
      i += 3
      continue
    }
    if (!text.startsWith('${', i)) {
      out += text[i]
      i += 1
      continue
    }
    const close = text.indexOf('}', i + 2)
    if (close === -1) {
      const expression = text.slice(i)
      errors.push({ expression, message: `"${expression}" has no closing "}": write \${NAME}, or $\${ for a literal "\${"` })
      out += expression
      break
    }
    const expression = text.slice(i, close + 1)
    const resolved = resolveReference(expression, text.slice(i + 2, close), vars)
    if ('error' in resolved) {
      errors.push({ expression, message: resolved.error })
      out += expression
    } else {
      out += resolved.value
    }
    i = close + 1
  }
  return { text: out, changed: true, errors }
}

function resolveReference(expression: string, body: string, vars: Variables): { value: string } | { error: string } {
  const match = REFERENCE.exec(body)
  if (!match) {
    return { error: `"${expression}" is not a variable reference: write \${NAME}, \${NAME:-default} or \${NAME:?message}, or $\${ for a literal "\${"` }
  }
  const [, name = '', operator, argument = ''] = match
  const value = vars[name]
  const isEmpty = value === undefined || value === ''
  if (operator === ':-') return { value: isEmpty ? argument : value }
  if (operator === ':?') {
    if (!isEmpty) return { value }
    return { error: argument.trim() ? `${name}: ${argument.trim()}` : `the variable ${name} is not set or empty` }
  }
  if (value === undefined) {
    return { error: `the variable ${name} is not set: set it in the environment, or write \${${name}:-default}` }
  }
  return { value }
}

const CANONICAL_NUMBER = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/

/**
 * What an interpolated plain (unquoted) scalar reads as, so that `desiredCount: ${COUNT}` is a
 * number. Only text that reads back exactly is re-typed: `1.10` or `007` stay strings, because
 * turning them into 1.1 or 7 would silently change an environment value.
 */
export function retypePlain(text: string): string | number | boolean {
  if (text === 'true') return true
  if (text === 'false') return false
  if (CANONICAL_NUMBER.test(text)) {
    const number = Number(text)
    if (Number.isFinite(number) && String(number) === text) return number
  }
  return text
}
