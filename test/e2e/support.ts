// What the end-to-end tests share: an endpoint seeded with what an example expects to exist, and
// the built binary run against it.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach } from 'vitest'
import { startEndpoint, type Endpoint, type EndpointOptions } from '../endpoint/index.js'
import { repoRoot, runCli, type CliResult } from '../support/cli.js'

const open: Endpoint[] = []

/** Closes the endpoints a test started once it ends; call at the top of each e2e file. */
export function closeEndpointsAfterEach(): void {
  afterEach(async () => {
    await Promise.all(open.splice(0).map((endpoint) => endpoint.close()))
  })
}

/** Image tags every seeded repository holds. */
export const SEEDED_TAGS = ['v1', 'v2', 'v1.2.3', 'crash-1']

/** An endpoint with what the example expects to exist: its cluster, listeners, file systems, image tags. */
export async function endpointFor(example: string, options: EndpointOptions = {}): Promise<{ endpoint: Endpoint; region: string }> {
  const text = readFileSync(join(repoRoot, 'examples', example), 'utf8')
  const region = /^region: (\S+)/m.exec(text)?.[1] ?? 'us-east-1'
  const account = /arn:aws:[a-z-]+:[a-z0-9-]*:(\d{12}):/.exec(text)?.[1] ?? '123456789012'
  const endpoint = await startEndpoint({ accountId: account, region, ...options })
  open.push(endpoint)
  endpoint.seed.cluster(/^cluster: (\S+)/m.exec(text)?.[1] ?? 'default')
  for (const [, arn] of text.matchAll(/listener: (arn:\S+)/g)) endpoint.seed.listener({ arn: arn as string })
  for (const [, id] of text.matchAll(/fileSystemId: (fs-[0-9a-f]+)/g)) endpoint.seed.fileSystem({ id: id as string, name: `fs-of-${example}` })
  for (const [, repository] of text.matchAll(/dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com\/([^:\s]+):/g)) {
    for (const tag of SEEDED_TAGS) endpoint.seed.image(repository as string, tag)
  }
  return { endpoint, region }
}

/** The built binary against `endpoint`, with IMAGE_TAG=v1 unless `env` says otherwise. */
export function cli(endpoint: Endpoint, region: string, args: string[], env: Record<string, string> = {}, timeoutMs = 60_000): Promise<CliResult> {
  return runCli(args, { env: { ...endpoint.env(region), IMAGE_TAG: 'v1', ...env }, timeoutMs })
}

export const writes = (endpoint: Endpoint) => endpoint.requests.filter((request) => !request.readOnly)
export const succeeded = (endpoint: Endpoint, service: Parameters<Endpoint['calls']>[0], operation: string) =>
  endpoint.calls(service, operation).filter((request) => request.status === 200)
export const registrations = (endpoint: Endpoint) => succeeded(endpoint, 'ecs', 'RegisterTaskDefinition')
