// Helpers the plan tests share.
import type { LiveState } from '../../src/lib/aws/live-state.js'
import type { Manifest } from '../../src/lib/manifest/schema.js'
import type { Colors } from '../../src/lib/output/terminal.js'
import { planService, type Plan, type ResourceChange } from '../../src/lib/plan/index.js'
import { deployContext } from './fixtures/live-after-deploy.js'

const identity = (text: string) => text
export const plainColors: Colors = { bold: identity, dim: identity, red: identity, green: identity, yellow: identity, cyan: identity }

/** Colours that show where they were applied: `<green>+</green>`. */
export const taggedColors: Colors = {
  bold: (text) => `<bold>${text}</bold>`,
  dim: (text) => `<dim>${text}</dim>`,
  red: (text) => `<red>${text}</red>`,
  green: (text) => `<green>${text}</green>`,
  yellow: (text) => `<yellow>${text}</yellow>`,
  cyan: (text) => `<cyan>${text}</cyan>`,
}

/** The plan for `manifest` in the account and region the fixtures deployed `deployed` to. */
export const planFor = (manifest: Manifest, live: LiveState, deployed: Manifest = manifest): Plan => planService(manifest, live, deployContext(deployed))

/** What a test compares: the resources that differ, without the unchanged ones. */
export type Difference = Pick<ResourceChange, 'resource' | 'action' | 'changes' | 'impact'>

export function differences(plan: Plan): Difference[] {
  return plan.resources
    .filter((resource) => resource.action !== 'unchanged')
    .map(({ resource, action, changes, impact }) => ({ resource, action, changes, ...(impact ? { impact } : {}) }))
}

/** A copy of `manifest` changed by `edit`; the original stays as it is. */
export function edited(manifest: Manifest, edit: (copy: Manifest) => void): Manifest {
  const copy = structuredClone(manifest)
  edit(copy)
  return copy
}

/** A copy of `live` changed by `edit`. */
export function editedLive(live: LiveState, edit: (copy: LiveState) => void): LiveState {
  const copy = structuredClone(live)
  edit(copy)
  return copy
}

/** `value`, failing the test when it is undefined: for indexed access in fixtures. */
export function present<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`test fixture has no ${what}`)
  return value
}
