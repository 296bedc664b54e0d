// `ecsctl init --from-service` for every example: deploy it (the live state AWS reports after a
// first deploy), write the manifest of that live service, read it back as `ecsctl diff` would,
// and plan it against the same live state: nothing may differ.
import { describe, expect, it } from 'vitest'
import type { LiveState } from '../../src/lib/aws/live-state.js'
import type { Manifest } from '../../src/lib/manifest/schema.js'
import { manifestFromLive } from '../../src/lib/ops/init-live.js'
import { checkedManifest, manifestYaml, SCHEMA_COMMENT } from '../../src/lib/ops/init-write.js'
import { formatPlan, hasChanges, planService } from '../../src/lib/plan/index.js'
import { deployContext, liveStateAfterDeploy } from '../plan/fixtures/live-after-deploy.js'
import { exampleEnvironments, exampleNames, loadExample } from '../support/examples.js'

const noColor = { bold: String, dim: String, red: String, green: String, yellow: String, cyan: String }

const cases = exampleNames().flatMap((name) => [
  { label: name, load: () => loadExample(name) },
  ...exampleEnvironments(name).map((env) => ({ label: `${name} --env ${env}`, load: () => loadExample(name, env) })),
])

/** The manifest init writes for `live`, read back through the loader. */
function roundTrip(original: Manifest, live: LiveState) {
  const { region } = deployContext(original)
  const { document, notes } = manifestFromLive(live, { region })
  const text = manifestYaml(document)
  return { text, notes, written: checkedManifest(text, 'ecsctl.yml') }
}

describe('init --from-service writes a manifest that diff finds nothing to change in', () => {
  it('covers every example and environment', () => {
    expect(cases.map((c) => c.label)).toEqual(expect.arrayContaining(['complete', 'complete --env staging', 'ec2-bridge', 'fargate-web', 'nlb-service', 'spot-worker']))
  })

  for (const { label, load } of cases) {
    it(`${label}: no changes, no notes`, () => {
      const original = load()
      const live = liveStateAfterDeploy(original)
      const { text, notes, written } = roundTrip(original, live)
      const plan = planService(written, live, deployContext(original))
      expect(formatPlan(plan, noColor), text).toBe('No changes.')
      expect(hasChanges(plan)).toBe(false)
      expect(notes).toEqual([])
      expect(text.split('\n')[0]).toBe(SCHEMA_COMMENT)
    })
  }
})
