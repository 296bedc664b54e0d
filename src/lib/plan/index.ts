// The plan layer: normalise live state into render's input shapes, compare, order, format.
export { deepEqual, diffValues, type FieldChange, type ListKey, type ListKeys } from './diff.js'
export { NO_CHANGES, formatPlan, formatValue, hasChanges, planToJson, summarize, type PlanSummary } from './format.js'
export { APPLY_ORDER, IMPACT, KIND_LABEL, type ChangeAction, type Plan, type ResourceChange, type ResourceKind } from './model.js'
export { newRevisionOf, planService } from './plan.js'
export { placeholderValuesFrom, resolvePlaceholders, unresolvedPlaceholders, withoutPlaceholders, type PlaceholderValues } from './placeholders.js'
