// End to end: faults on the wire (throttling, server errors) and Ctrl-C in the middle of a wait.
import { spawn } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { binPath, repoRoot } from '../support/cli.js'
import { cli, closeEndpointsAfterEach, endpointFor, registrations, succeeded } from './support.js'

closeEndpointsAfterEach()

describe('faults on the wire', () => {
  it('succeeds with 30% of requests throttled, with no duplicate revision or resource', async () => {
    const { endpoint, region } = await endpointFor('complete.yml', { throttleRate: 0.3, seed: 1 })
    // The SDK backs off up to 20 s between attempts: a long streak of throttles takes a while.
    const result = await cli(endpoint, region, ['deploy', '-f', 'examples/complete.yml'], { IMAGE_TAG: 'v1.2.3', AWS_MAX_ATTEMPTS: '8' }, 150_000)
    expect(result.stderr.slice(-2000)).not.toMatch(/^Error/m)
    expect(result.code).toBe(0)
    expect(endpoint.requests.filter((request) => request.fault === 'throttle').length).toBeGreaterThan(5)
    expect(registrations(endpoint)).toHaveLength(1)
    expect(succeeded(endpoint, 'ecs', 'CreateService')).toHaveLength(1)
    expect(succeeded(endpoint, 'elastic-load-balancing-v2', 'CreateTargetGroup')).toHaveLength(1)
    expect(succeeded(endpoint, 'efs', 'CreateAccessPoint')).toHaveLength(1)

    // And a second deploy through the same throttling writes nothing.
    endpoint.clearRequests()
    const again = await cli(endpoint, region, ['deploy', '-f', 'examples/complete.yml'], { IMAGE_TAG: 'v1.2.3', AWS_MAX_ATTEMPTS: '8' }, 150_000)
    expect(again.code).toBe(0)
    expect(endpoint.requests.filter((request) => !request.readOnly && request.status === 200)).toEqual([])
  }, 320_000)

  it('retries answers of 5xx and ends in success', async () => {
    const { endpoint, region } = await endpointFor('fargate-web.yml', { errorRate: 0.2, seed: 3 })
    const result = await cli(endpoint, region, ['deploy', '-f', 'examples/fargate-web.yml'], { AWS_MAX_ATTEMPTS: '8' }, 90_000)
    expect(result.code).toBe(0)
    expect(endpoint.requests.some((request) => request.fault === 'server-error')).toBe(true)
    expect(registrations(endpoint)).toHaveLength(1)
  }, 120_000)

  it('exits 130 on Ctrl-C during the wait, says ECS carries on, and a rerun converges', async () => {
    const { endpoint, region } = await endpointFor('fargate-web.yml', { deploymentSteps: 6 })
    const child = spawn(process.execPath, [binPath, 'deploy', '-f', 'examples/fargate-web.yml'], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', NO_COLOR: '1', ...endpoint.env(region), IMAGE_TAG: 'v1' },
    })
    let output = ''
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)))
    await new Promise<void>((resolve) => {
      const onData = (chunk: Buffer) => {
        output += String(chunk)
        if (/IN_PROGRESS/.test(output)) resolve()
      }
      child.stdout.on('data', onData)
      child.stderr.on('data', onData)
    })
    child.kill('SIGINT')
    expect(await exited).toBe(130)
    expect(output).toMatch(/ECS carries on/i)

    const rerun = await cli(endpoint, region, ['deploy', '-f', 'examples/fargate-web.yml'])
    expect(rerun.code).toBe(0)
    expect(registrations(endpoint)).toHaveLength(1)
    expect(succeeded(endpoint, 'ecs', 'CreateService')).toHaveLength(1)
  }, 90_000)
})
