// End to end: failures that must be explained, not timed out on.
import { describe, expect, it } from 'vitest'
import { cli, closeEndpointsAfterEach, endpointFor, writes } from './support.js'

closeEndpointsAfterEach()

describe('failures that must be explained', () => {
  it('exits 5 for an image that crashes, with the stopped reason, the exit code and the log lines', async () => {
    const { endpoint, region } = await endpointFor('fargate-web.yml')
    expect((await cli(endpoint, region, ['deploy', '-f', 'examples/fargate-web.yml'])).code).toBe(0)
    const crash = await cli(endpoint, region, ['deploy', '-f', 'examples/fargate-web.yml'], { IMAGE_TAG: 'crash-1' })
    expect(crash.code).toBe(5)
    const said = crash.stdout + crash.stderr
    expect(said).toMatch(/Essential container in task exited/)
    expect(said).toMatch(/exit code 1/)
    expect(said).toMatch(/\| .+/)
    expect(said).not.toMatch(/: completed in/)
  }, 90_000)

  it('exits 5 and says the service was rolled back when the circuit breaker does it', async () => {
    const { endpoint, region } = await endpointFor('complete.yml')
    expect((await cli(endpoint, region, ['deploy', '-f', 'examples/complete.yml'], { IMAGE_TAG: 'v1.2.3' })).code).toBe(0)
    const crash = await cli(endpoint, region, ['deploy', '-f', 'examples/complete.yml', '--json'], { IMAGE_TAG: 'crash-1' })
    expect(crash.code).toBe(5)
    expect(JSON.parse(crash.stdout)).toMatchObject({ exitCode: 5, services: [{ outcome: 'rolled back' }] })
    expect(crash.stderr).toMatch(/rolling the service back to web:1|rolled the service back to web:1/)
  }, 90_000)

  it('exits 4 with a clear message when AWS does not accept the credentials', async () => {
    const { endpoint, region } = await endpointFor('fargate-web.yml', { acceptAccessKeyId: (id) => id === 'AKIDGOOD' })
    const result = await cli(endpoint, region, ['deploy', '-f', 'examples/fargate-web.yml'], { AWS_ACCESS_KEY_ID: 'AKIDBAD' })
    expect(result.code).toBe(4)
    expect(result.stderr).toMatch(/credentials/i)
    expect(result.stderr).not.toMatch(/\n\s+at /)
    expect(writes(endpoint)).toEqual([])
  }, 60_000)

  it('exits 4 before any write when an image tag is not in ECR', async () => {
    const { endpoint, region } = await endpointFor('fargate-web.yml')
    const result = await cli(endpoint, region, ['deploy', '-f', 'examples/fargate-web.yml'], { IMAGE_TAG: 'v9-never-pushed' })
    expect(result.code).toBe(4)
    expect(result.stderr).toMatch(/tag "v9-never-pushed" is not in repository/)
    expect(writes(endpoint)).toEqual([])
  }, 60_000)
})
