// ecsctl diff as a user runs it: the built binary against the local AWS-compatible endpoint.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { longestDependentChain, startEndpoint, type Endpoint } from '../endpoint/index.js'
import { runCli } from '../support/cli.js'

const listener = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/public/50dc6c495c0c9188/f2f7dc8efc522ab2'

let endpoint: Endpoint
beforeAll(async () => {
  endpoint = await startEndpoint({ latencyMs: 25 })
})
afterAll(() => endpoint.close())
beforeEach(() => {
  endpoint.reset()
  endpoint.seed.cluster('prod')
  endpoint.seed.listener({ arn: listener })
  endpoint.seed.fileSystem({ id: 'fs-0123456789abcdef0', name: 'shared-data' })
})

const diff = (args: string[], env: Record<string, string> = {}) =>
  runCli(['diff', '-f', 'examples/complete.yml', ...args], { env: { ...endpoint.env(), IMAGE_TAG: 'v1.2.3', ...env } })

describe('ecsctl diff against a service that does not exist yet', () => {
  it('plans every resource as a create, using read calls only', async () => {
    const result = await diff([])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^\+ task definition web/m)
    expect(result.stdout).toMatch(/^\+ service web/m)
    expect(result.stdout).toMatch(/\d+ to create, 0 to update, 0 to delete/)
    expect(endpoint.requests.length).toBeGreaterThan(5)
    expect(endpoint.requests.filter((request) => !request.readOnly).map((request) => request.operation)).toEqual([])
  })

  it('issues its reads in parallel: at most 3 dependent round trips', async () => {
    await diff([])
    const chain = longestDependentChain(endpoint.requests)
    expect(chain.length, chain.map((request) => `${request.service}:${request.operation}`).join(' -> ')).toBeLessThanOrEqual(3)
  })

  it('exits 3 under --exit-code when there are differences', async () => {
    const result = await diff(['--exit-code'])
    expect(result.code).toBe(3)
  })

  it('prints the plan model under --json', async () => {
    const result = await diff(['--json'])
    expect(result.code).toBe(0)
    const body = JSON.parse(result.stdout)
    expect(body.hasChanges).toBe(true)
    const [service] = body.services
    expect(service).toMatchObject({ file: 'examples/complete.yml', region: 'us-east-1', service: 'web', cluster: 'prod' })
    const actions = new Set(service.resources.map((resource: { action: string }) => resource.action))
    expect([...actions]).toEqual(['create'])
  })

  it('shows secrets as their ARN and never asks for their value', async () => {
    const result = await diff([])
    expect(result.stdout).toContain('arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf')
    expect(endpoint.requests.map((request) => request.service)).not.toContain('secretsmanager')
  })
})

describe('ecsctl diff when AWS refuses', () => {
  it('exits 4 with a clear message for credentials AWS does not accept', async () => {
    const strict = await startEndpoint({ acceptAccessKeyId: (id) => id === 'AKIDGOOD' })
    try {
      const result = await runCli(['diff', '-f', 'examples/fargate-web.yml'], { env: { ...strict.env(), IMAGE_TAG: 'v1', AWS_ACCESS_KEY_ID: 'AKIDBAD' } })
      expect(result.code).toBe(4)
      expect(result.stderr).toMatch(/credentials/i)
      expect(result.stderr).not.toMatch(/^\s+at /m)
    } finally {
      await strict.close()
    }
  })

  it('exits 2 without any request for an invalid manifest', async () => {
    const result = await runCli(['diff', '-f', 'examples/complete.yml', '--env', 'nope'], { env: { ...endpoint.env(), IMAGE_TAG: 'v1' } })
    expect(result.code).toBe(2)
    expect(endpoint.requests).toEqual([])
  })
})
