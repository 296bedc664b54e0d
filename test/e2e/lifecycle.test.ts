// End to end: the built binary against the local AWS-compatible endpoint, over the real wire
// protocols. Each example deployed and redeployed; one service's whole life, command by command.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { repoRoot } from '../support/cli.js'
import { cli, closeEndpointsAfterEach, endpointFor, registrations, succeeded, writes } from './support.js'

closeEndpointsAfterEach()

const examples = readdirSync(join(repoRoot, 'examples')).filter((f) => f.endsWith('.yml'))

/** The field paths a diff --json reports, over every resource. */
const changedPaths = (stdout: string): string[] =>
  (JSON.parse(stdout) as { services: { resources: { changes: { path: string }[] }[] }[] }).services.flatMap((service) =>
    service.resources.flatMap((resource) => resource.changes.map((change) => change.path)),
  )

describe.each(examples)('examples/%s', (example) => {
  it('deploys, then diffs clean, redeploys without writing, and rolls out exactly a new image', async () => {
    const { endpoint, region } = await endpointFor(example)
    const file = `examples/${example}`

    const first = await cli(endpoint, region, ['deploy', '-f', file, '--json'])
    expect(first.stderr.split('\n').filter((line) => /error/i.test(line))).toEqual([])
    expect(first.code).toBe(0)
    expect(JSON.parse(first.stdout)).toMatchObject({ services: [{ outcome: 'completed', taskDefinition: { registered: true } }] })
    expect(registrations(endpoint)).toHaveLength(1)

    const clean = await cli(endpoint, region, ['diff', '-f', file, '--exit-code'])
    expect(clean.stdout.trim()).toBe('No changes.')
    expect(clean.code).toBe(0)

    endpoint.clearRequests()
    const again = await cli(endpoint, region, ['deploy', '-f', file])
    expect(again.code).toBe(0)
    expect(again.stdout).toMatch(/reused \(unchanged\)/)
    expect(writes(endpoint).map((request) => request.operation)).toEqual([])

    const changed = await cli(endpoint, region, ['diff', '-f', file, '--json', '--exit-code'], { IMAGE_TAG: 'v2' })
    expect(changed.code).toBe(3)
    const paths = changedPaths(changed.stdout)
    expect(paths.filter((path) => path.endsWith('.image'))).not.toEqual([])
    // The new revision shows in the service and in the scheduled tasks' targets, as a consequence.
    expect(paths.filter((path) => !path.endsWith('.image') && path !== 'taskDefinition' && !/^Targets\[.*\]\.EcsParameters\.TaskDefinitionArn$/.test(path))).toEqual([])

    endpoint.clearRequests()
    const rollout = await cli(endpoint, region, ['deploy', '-f', file], { IMAGE_TAG: 'v2' })
    expect(rollout.code).toBe(0)
    expect(registrations(endpoint)).toHaveLength(1)
  }, 90_000)
})

describe('the life of a service', () => {
  it('deploy, diff, a new image, scale, rollback, delete', async () => {
    const { endpoint, region } = await endpointFor('fargate-web.yml')
    const file = 'examples/fargate-web.yml'
    const run = (args: string[], env: Record<string, string> = {}) => cli(endpoint, region, [...args, '-f', file], env)

    expect((await run(['deploy'])).code).toBe(0)
    expect((await run(['diff', '--exit-code'])).code).toBe(0)

    const diff = await run(['diff', '--exit-code'], { IMAGE_TAG: 'v2' })
    expect(diff.code).toBe(3)
    expect(diff.stdout).toMatch(/containerDefinitions\[web\]\.image: ".*:v1" -> ".*:v2"/)
    expect((await run(['deploy', '--json'], { IMAGE_TAG: 'v2' })).code).toBe(0)

    const scaled = await run(['scale', '3', '--wait', '--json'], { IMAGE_TAG: 'v2' })
    expect(scaled.code).toBe(0)
    expect(succeeded(endpoint, 'ecs', 'UpdateService').at(-1)?.input).toMatchObject({ desiredCount: 3 })

    endpoint.clearRequests()
    const rollback = await run(['rollback', '--json'], { IMAGE_TAG: 'v2' })
    expect(rollback.code).toBe(0)
    expect(JSON.parse(rollback.stdout)).toMatchObject({ from: 'shop-frontend:2', to: 'shop-frontend:1', outcome: 'completed' })
    expect(writes(endpoint).map((request) => request.operation)).toEqual(['UpdateService'])
    // The manifest still names v2, which revision 2 matches: diff moves the service back to it
    // (without a new revision), and the count back from the scale.
    const after = await run(['diff', '--exit-code'], { IMAGE_TAG: 'v2' })
    expect(after.code).toBe(3)
    expect(after.stdout).toMatch(/~ taskDefinition: "shop-frontend:1" -> "shop-frontend:2"/)
    expect(after.stdout).toMatch(/~ desiredCount: 3 -> 2/)
    expect(after.stdout).not.toMatch(/new task definition revision/)

    const deleted = await run(['delete', '--yes', '--json'])
    expect(deleted.code).toBe(0)
    expect(succeeded(endpoint, 'ecs', 'DeleteService')).toHaveLength(1)
    const status = await run(['status'])
    expect(status.code).toBe(4)
    expect(status.stderr).toMatch(/does not exist/)
  }, 120_000)
})

describe('a target group renamed in the manifest', () => {
  it('is created anew, the service and its rule move to it, and the old one goes once the rollout completed', async () => {
    const { endpoint, region } = await endpointFor('fargate-web.yml')
    const dir = mkdtempSync(join(tmpdir(), 'ecsctl-e2e-'))
    const file = join(dir, 'web.yml')
    const original = readFileSync(join(repoRoot, 'examples/fargate-web.yml'), 'utf8')
    try {
      writeFileSync(file, original)
      expect((await cli(endpoint, region, ['deploy', '-f', file])).code).toBe(0)

      writeFileSync(file, original.replace('    alb:\n', '    alb:\n      targetGroupName: shop-frontend-v2\n'))
      const diff = await cli(endpoint, region, ['diff', '-f', file])
      expect(diff.stdout).toMatch(/\+ target group shop-frontend-v2/)
      expect(diff.stdout).toMatch(/- target group staging-shop-frontend-3000/)

      const moved = await cli(endpoint, region, ['deploy', '-f', file])
      expect(moved.code).toBe(0)
      const operations = writes(endpoint).map((request) => request.operation)
      expect(operations.at(-1)).toBe('DeleteTargetGroup')
      expect(succeeded(endpoint, 'elastic-load-balancing-v2', 'DeleteTargetGroup').map((request) => JSON.stringify(request.input))).toEqual([
        expect.stringContaining('staging-shop-frontend-3000'),
      ])
      expect((await cli(endpoint, region, ['diff', '-f', file, '--exit-code'])).code).toBe(0)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 90_000)
})

describe('several manifests from one directory', () => {
  it('deploys them concurrently; one that fails does not stop the others; a summary table; the worst exit code', async () => {
    const { endpoint, region } = await endpointFor('fargate-web.yml')
    const dir = mkdtempSync(join(tmpdir(), 'ecsctl-e2e-'))
    const original = readFileSync(join(repoRoot, 'examples/fargate-web.yml'), 'utf8')
    const copy = (name: string, priority: number, image = '${IMAGE_TAG}') =>
      original
        .replace(/^name: .*$/m, `name: ${name}`)
        .replace('priority: 100', `priority: ${priority}`)
        .replace('hosts: [shop.example.com]', `hosts: [${name}.example.com]`)
        .replace('shop-frontend:${IMAGE_TAG}', `shop-frontend:${image}`)
    try {
      writeFileSync(join(dir, 'a.yml'), copy('shop-a', 101))
      writeFileSync(join(dir, 'b.yml'), copy('shop-b', 102, 'never-pushed'))
      writeFileSync(join(dir, 'c.yml'), copy('shop-c', 103))

      const result = await cli(endpoint, region, ['deploy', '-f', dir, '--concurrency', '2'])

      expect(result.code).toBe(4)
      const table = result.stdout.slice(result.stdout.indexOf('SERVICE')).trimEnd()
      expect(table.split('\n').map((line) => line.split(/\s{2,}/).slice(0, 4))).toEqual([
        ['SERVICE', 'CLUSTER', 'REVISION', 'OUTCOME'],
        ['shop-a', 'staging', 'shop-a:1 (new)', 'completed'],
        ['shop-b', 'staging', '-', 'error'],
        ['shop-c', 'staging', 'shop-c:1 (new)', 'completed'],
      ])
      expect(result.stdout + result.stderr).toMatch(/tag "never-pushed" is not in repository/)
      expect(succeeded(endpoint, 'ecs', 'CreateService').map((request) => (request.input as { serviceName: string }).serviceName).sort()).toEqual(['shop-a', 'shop-c'])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 90_000)
})
