// Every example renders to its golden file, and every request it renders fits the AWS API model.
// After an intended change to render or an example: UPDATE_GOLDEN=1 npx vitest run test/render
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { placeholder } from '../../src/lib/render/names.js'
import { renderRequests, type RenderContext } from '../../src/lib/render/index.js'
import { exampleEnvironments, exampleNames, loadExample } from '../support/examples.js'
import { ACCOUNT_ID } from '../support/manifests.js'
import { validateAgainstModel } from '../support/sdk-model.js'

const GOLDEN_DIR = fileURLToPath(new URL('./__golden__/', import.meta.url))
const updating = process.env.UPDATE_GOLDEN === '1'

/** What `ecsctl render` uses offline: the manifest's region, placeholders for the unknown. */
const offlineContext = (region: string | undefined): RenderContext => ({ region: region ?? placeholder.region, accountId: placeholder.accountId })

const asJson = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`

describe('examples', () => {
  it('are the ones the documentation promises', () => {
    expect(exampleNames()).toEqual(expect.arrayContaining(['complete', 'ec2-bridge', 'fargate-web', 'nlb-service', 'spot-worker']))
  })

  describe.each(exampleNames())('%s', (name) => {
    const manifest = loadExample(name)

    it('renders to its golden file', () => {
      const rendered = asJson(renderRequests(manifest, offlineContext(manifest.region)))
      const file = `${GOLDEN_DIR}${name}.json`
      if (updating) {
        mkdirSync(GOLDEN_DIR, { recursive: true })
        writeFileSync(file, rendered)
      }
      expect(existsSync(file), `${file} is missing: run UPDATE_GOLDEN=1 npx vitest run test/render`).toBe(true)
      expect(rendered).toBe(readFileSync(file, 'utf8'))
    })

    // Offline placeholders and a real account, the base and every environment: all must fit the model.
    const variants = [undefined, ...exampleEnvironments(name)].flatMap((env) =>
      (['offline', 'with an account'] as const).map((account) => ({ env, label: env ? `--env ${env}` : 'base', account })),
    )
    it.each(variants)('sends only requests that fit the API model ($label, $account)', async ({ env, account }) => {
      const variant = loadExample(name, env)
      const context: RenderContext =
        account === 'offline' ? offlineContext(variant.region) : { region: variant.region ?? 'us-east-1', accountId: ACCOUNT_ID }
      const requests = renderRequests(variant, context)
      const problems: string[] = []
      for (const [i, request] of requests.entries()) {
        for (const problem of await validateAgainstModel(request.service, request.operation, request.input)) {
          problems.push(`#${i} ${request.service} ${request.operation}: ${problem}`)
        }
      }
      expect(problems).toEqual([])
      expect(requests.length).toBeGreaterThan(0)
    })
  })
})
