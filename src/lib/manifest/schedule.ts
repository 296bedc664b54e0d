// Schedule expressions as AWS reads them (Application Auto Scaling scheduled actions and
// EventBridge rules), checked here so that a typo fails before any call:
//   cron(minutes hours day-of-month month day-of-week year)   six fields, one of the days is `?`
//   rate(N unit)                                              `rate(1 hour)`, `rate(5 minutes)`
//   at(yyyy-mm-ddThh:mm:ss)                                   once (scheduled actions only)
import { nearest } from './suggest.js'

const CRON_EXAMPLE = 'cron(0 3 * * ? *)'

interface CronField {
  name: string
  min: number
  max: number
  names?: readonly string[]
  /** Extra characters this field accepts: `?`, `L`, `W`, `#`. */
  special: RegExp
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC']
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT']

const CRON_FIELDS: readonly CronField[] = [
  { name: 'minutes', min: 0, max: 59, special: /^$/ },
  { name: 'hours', min: 0, max: 23, special: /^$/ },
  { name: 'day-of-month', min: 1, max: 31, special: /^(\?|L|LW|\d{1,2}W)$/ },
  { name: 'month', min: 1, max: 12, names: MONTHS, special: /^$/ },
  { name: 'day-of-week', min: 1, max: 7, names: WEEKDAYS, special: /^(\?|L|[1-7]L|[1-7]#[1-5]|(SUN|MON|TUE|WED|THU|FRI|SAT)(L|#[1-5]))$/ },
  { name: 'year', min: 1970, max: 2199, special: /^$/ },
]

/** What is wrong with `expression`, or undefined when AWS will accept it. */
export function scheduleProblem(expression: string, options: { allowAt: boolean }): string | undefined {
  const forms = options.allowAt ? 'cron(...), rate(...) or at(...)' : 'cron(...) or rate(...)'
  const match = /^(cron|rate|at)\((.*)\)$/s.exec(expression.trim())
  if (!match) return `must be ${forms}, e.g. ${CRON_EXAMPLE} or rate(5 minutes)`
  const [, kind, body = ''] = match
  if (kind === 'rate') return rateProblem(body)
  if (kind === 'at') return options.allowAt ? atProblem(body) : `at(...) runs once, which EventBridge rules cannot do: use ${forms}`
  return cronProblem(body)
}

function rateProblem(body: string): string | undefined {
  const match = /^(\d+) (minute|minutes|hour|hours|day|days)$/.exec(body.trim())
  const example = 'write rate(1 hour) or rate(5 minutes)'
  if (!match) return `rate(${body}) is not a rate: ${example}`
  const value = Number(match[1])
  const unit = match[2] ?? ''
  if (value < 1) return `a rate must be at least 1: ${example}`
  const singular = unit.replace(/s$/, '')
  // AWS insists on the singular for 1 and the plural otherwise.
  if (value === 1 && unit !== singular) return `write rate(1 ${singular}), singular for 1`
  if (value !== 1 && unit === singular) return `write rate(${value} ${singular}s), plural for more than 1`
  return undefined
}

function atProblem(body: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/.exec(body.trim())
  const example = 'write at(2027-03-01T08:00:00), in the time zone of the schedule'
  if (!match) return `at(${body}) is not a time: ${example}`
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [number, number, number, number, number, number]
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second))
  const exists =
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day && hour < 24 && minute < 60 && second < 60
  return exists ? undefined : `at(${body}) is not a date and time that exists: ${example}`
}

function cronProblem(body: string): string | undefined {
  const fields = body.trim().split(/\s+/).filter(Boolean)
  if (fields.length !== 6) {
    const hint = fields.length === 5 ? ' (a Unix crontab has 5; AWS adds the year and wants ? in one of the days)' : ''
    return `cron(...) takes 6 fields, minutes hours day-of-month month day-of-week year, found ${fields.length}${hint}: e.g. ${CRON_EXAMPLE}`
  }
  for (const [index, field] of CRON_FIELDS.entries()) {
    const problem = cronFieldProblem(fields[index] ?? '', field)
    if (problem) return problem
  }
  const dayOfMonth = fields[2]
  const dayOfWeek = fields[4]
  if ((dayOfMonth === '?') === (dayOfWeek === '?')) {
    return `cron(${body}): one of day-of-month and day-of-week must be ?, and only one, e.g. cron(0 8 ? * MON-FRI *) or ${CRON_EXAMPLE}`
  }
  return undefined
}

function cronFieldProblem(text: string, field: CronField): string | undefined {
  const bad = `the ${field.name} field "${text}" is not valid`
  for (const item of text.split(',')) {
    if (field.special.test(item.toUpperCase())) continue
    const [range = '', step, extra] = item.split('/')
    if (extra !== undefined || (step !== undefined && !/^\d+$/.test(step))) return `${bad}: a step is written */5 or 10/15`
    if (range === '*') continue
    const bounds = range.split('-')
    if (bounds.length > 2) return bad
    for (const bound of bounds) {
      const value = cronValue(bound, field)
      if (value === undefined) return `${bad}: use ${field.min}-${field.max}${field.names ? ` or ${field.names[0]}-${field.names[field.names.length - 1]}` : ''}, *, ranges (a-b), lists (a,b) and steps (*/n)`
    }
  }
  return undefined
}

function cronValue(text: string, field: CronField): number | undefined {
  const index = field.names?.indexOf(text.toUpperCase()) ?? -1
  if (index >= 0) return index + 1
  if (!/^\d+$/.test(text)) return undefined
  const value = Number(text)
  return value >= field.min && value <= field.max ? value : undefined
}

let knownZones: ReadonlySet<string> | undefined

function timeZones(): ReadonlySet<string> {
  knownZones ??= new Set([...Intl.supportedValuesOf('timeZone'), 'UTC'])
  return knownZones
}

/** IANA names, plus the aliases ICU still resolves (Asia/Calcutta), as AWS accepts them. */
export function isKnownTimeZone(zone: string): boolean {
  if (timeZones().has(zone)) return true
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(zone)) return false
  try {
    // ICU ignores case (europe/berlin); AWS does not, so a name that differs only in case is wrong.
    const resolved = new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone
    return resolved === zone || resolved.toLowerCase() !== zone.toLowerCase()
  } catch {
    return false
  }
}

/** The time zone the user probably meant: `Europe/berlin` or `Berlin` -> `Europe/Berlin`. */
export function suggestTimeZone(zone: string): string | undefined {
  const byCity = [...timeZones()].find((known) => known.split('/').pop()?.toLowerCase() === zone.toLowerCase().replace(/ /g, '_'))
  return byCity ?? nearest(zone, timeZones())
}
