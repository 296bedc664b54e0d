// An endpoint that holds what a manifest expects to exist before its first deploy: the cluster,
// the listeners, the EFS file systems, and the image tags in ECR. For the end-to-end tests, the
// demo and the benchmark, which all start from the examples.
import { readFileSync } from 'node:fs'
import { startEndpoint, type Endpoint, type EndpointOptions } from './index.js'

/** Image tags every seeded repository holds. */
export const SEEDED_TAGS = ['v1', 'v2', 'v1.2.3', 'crash-1']

export interface ManifestFacts {
  region: string
  account: string
  cluster: string
}

/** Region, account and cluster, as written in the manifest's text. */
export function manifestFacts(text: string): ManifestFacts {
  return {
    region: /^region: (\S+)/m.exec(text)?.[1] ?? 'us-east-1',
    account: /arn:aws:[a-z-]+:[a-z0-9-]*:(\d{12}):/.exec(text)?.[1] ?? '123456789012',
    cluster: /^cluster: (\S+)/m.exec(text)?.[1] ?? 'default',
  }
}

/** Seeds what `text` (a manifest) refers to and must exist already. */
export function seedForManifest(endpoint: Endpoint, text: string, tags: readonly string[] = SEEDED_TAGS): void {
  endpoint.seed.cluster(manifestFacts(text).cluster)
  for (const [, arn] of text.matchAll(/listener: (arn:\S+)/g)) endpoint.seed.listener({ arn: arn as string })
  for (const [, id] of text.matchAll(/fileSystemId: (fs-[0-9a-f]+)/g)) endpoint.seed.fileSystem({ id: id as string, name: `${id}-data` })
  for (const [, repository] of text.matchAll(/dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com\/([^:\s]+):/g)) {
    for (const tag of tags) endpoint.seed.image(repository as string, tag)
  }
}

/** A new endpoint in the manifest's account and region, seeded for it. */
export async function endpointForManifest(path: string, options: EndpointOptions = {}): Promise<{ endpoint: Endpoint; region: string }> {
  const text = readFileSync(path, 'utf8')
  const { region, account } = manifestFacts(text)
  const endpoint = await startEndpoint({ accountId: account, region, ...options })
  seedForManifest(endpoint, text)
  return { endpoint, region }
}
