// What the end-to-end tests share: an endpoint seeded with what an example expects to exist, and
// the built binary run against it.
import { join } from 'node:path'
import { afterEach } from 'vitest'
import { endpointForManifest } from '../endpoint/examples.js'
import type { Endpoint, EndpointOptions } from '../endpoint/index.js'
import { repoRoot, runCli, type CliResult } from '../support/cli.js'

const open: Endpoint[] = []

/** Closes the endpoints a test started once it ends; call at the top of each e2e file. */
export function closeEndpointsAfterEach(): void {
  afterEach(async () => {
    await Promise.all(open.splice(0).map((endpoint) => endpoint.close()))
  })
}

/** An endpoint with what the example expects to exist, closed after the test. */
export async function endpointFor(example: string, options: EndpointOptions = {}): Promise<{ endpoint: Endpoint; region: string }> {
  const started = await endpointForManifest(join(repoRoot, 'examples', example), options)
  open.push(started.endpoint)
  return started
}

/** The built binary against `endpoint`, with IMAGE_TAG=v1 unless `env` says otherwise. */
export function cli(endpoint: Endpoint, region: string, args: string[], env: Record<string, string> = {}, timeoutMs = 60_000): Promise<CliResult> {
  return runCli(args, { env: { ...endpoint.env(region), IMAGE_TAG: 'v1', ...env }, timeoutMs })
}

export const writes = (endpoint: Endpoint) => endpoint.requests.filter((request) => !request.readOnly)
export const succeeded = (endpoint: Endpoint, service: Parameters<Endpoint['calls']>[0], operation: string) =>
  endpoint.calls(service, operation).filter((request) => request.status === 200)
export const registrations = (endpoint: Endpoint) => succeeded(endpoint, 'ecs', 'RegisterTaskDefinition')
