// The plan as text for a person and as JSON for a program. Pure: returns strings and values; the
// output layer prints them. Colours come in as functions (identity when colour is off).
import type { Colors } from '../output/terminal.js'
import { isPlainObject, type FieldChange } from './diff.js'
import { IMPACT, type ChangeAction, type Plan, type ResourceChange } from './model.js'

export const NO_CHANGES = 'No changes.'

export const hasChanges = (plan: Plan): boolean => plan.resources.some((resource) => resource.action !== 'unchanged')

export interface PlanSummary {
  create: number
  update: number
  delete: number
  unchanged: number
}

export function summarize(plan: Plan): PlanSummary {
  const count = (action: ChangeAction) => plan.resources.filter((resource) => resource.action === action).length
  return { create: count('create'), update: count('update'), delete: count('delete'), unchanged: count('unchanged') }
}

const MARK: Readonly<Record<Exclude<ChangeAction, 'unchanged'>, string>> = { create: '+', update: '~', delete: '-' }

/**
 * Changed resources in apply order, each with its field changes and impact, then a summary; a
 * plan without differences is the one line "No changes.".
 */
export function formatPlan(plan: Plan, colors: Colors): string {
  if (!hasChanges(plan)) return NO_CHANGES
  const lines: string[] = []
  for (const resource of plan.resources) {
    if (resource.action === 'unchanged') continue
    lines.push(resourceLine(resource, colors))
    for (const change of resource.changes) lines.push(`    ${changeLine(change, colors)}`)
  }
  const summary = summarize(plan)
  lines.push('', colors.bold(`${summary.create} to create, ${summary.update} to update, ${summary.delete} to delete`))
  return lines.join('\n')
}

function paint(action: ChangeAction | 'add' | 'remove', text: string, colors: Colors): string {
  if (action === 'create' || action === 'add') return colors.green(text)
  if (action === 'delete' || action === 'remove') return colors.red(text)
  return colors.yellow(text)
}

function resourceLine(resource: ResourceChange, colors: Colors): string {
  const action = resource.action as Exclude<ChangeAction, 'unchanged'>
  const title = `${paint(action, MARK[action], colors)} ${colors.bold(resource.resource)}`
  if (!resource.impact) return title
  const severe = resource.impact.startsWith('cannot change in place') || resource.impact === IMPACT.missingListener
  return `${title}: ${severe ? colors.red(resource.impact) : colors.yellow(resource.impact)}`
}

function changeLine(change: FieldChange, colors: Colors): string {
  const hasBefore = 'before' in change
  const hasAfter = 'after' in change
  if (hasBefore && hasAfter) return `${paint('update', '~', colors)} ${change.path}: ${formatValue(change.before)} -> ${formatValue(change.after)}`
  if (hasAfter) return `${paint('add', '+', colors)} ${change.path}: ${formatValue(change.after)}`
  return `${paint('remove', '-', colors)} ${change.path}: ${formatValue(change.before)}`
}

/** One line per value: text quoted, numbers and booleans bare, lists and objects as compact JSON. */
export function formatValue(value: unknown): string {
  return JSON.stringify(toJsonValue(value)) ?? String(value)
}

/**
 * The plan as `diff --json` prints it: the same model with a summary, dates as ISO text, and
 * nothing JSON cannot say.
 */
export function planToJson(plan: Plan): {
  service: string
  cluster: string
  hasChanges: boolean
  summary: PlanSummary
  resources: unknown[]
} {
  return {
    service: plan.service,
    cluster: plan.cluster,
    hasChanges: hasChanges(plan),
    summary: summarize(plan),
    // input and liveId are apply's working data: `changes` already says what a create sends.
    resources: plan.resources.map(({ input: _input, liveId: _liveId, ...resource }) => toJsonValue(resource)),
  }
}

function toJsonValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString()
  if (Array.isArray(value)) return value.map(toJsonValue)
  if (isPlainObject(value)) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, field]) => field !== undefined)
        .map(([key, field]) => [key, toJsonValue(field)]),
    )
  }
  return value
}
