// What every AWS command does for each manifest it was given: pick the region, share clients
// between manifests of the same region, and work on several services at once within a bound.
import pLimit from 'p-limit'
import type { AwsClients, ClientOptions } from '../aws/clients.js'
import type { LoadedManifest } from '../manifest/load.js'
import type { Manifest } from '../manifest/schema.js'

export interface ServiceTarget {
  file: string
  manifest: Manifest
  /** --region, else the manifest's; undefined leaves it to AWS_REGION and the profile. */
  region?: string
}

export function serviceTargets(loaded: readonly LoadedManifest[], regionFlag: string | undefined): ServiceTarget[] {
  return loaded.map(({ file, manifest }) => ({ file, manifest, region: regionFlag ?? manifest.region }))
}

export interface ClientPool {
  clientsFor(region: string | undefined): AwsClients
  destroy(): void
}

/** One set of clients per region, so that credentials resolve once per region and run. */
export function createClientPool(options: Omit<ClientOptions, 'region'>, factory: (options: ClientOptions) => AwsClients): ClientPool {
  const pool = new Map<string, AwsClients>()
  return {
    clientsFor(region) {
      const key = region ?? ''
      let clients = pool.get(key)
      if (!clients) {
        clients = factory({ ...options, region })
        pool.set(key, clients)
      }
      return clients
    },
    destroy() {
      for (const clients of pool.values()) clients.destroy()
      pool.clear()
    },
  }
}

export type Settled<T> = { target: ServiceTarget; ok: true; value: T } | { target: ServiceTarget; ok: false; error: unknown }

/**
 * Runs `work` for every target, at most `concurrency` at a time. One failing does not stop the
 * others: each outcome is reported, in the order of the targets.
 */
export async function forEachService<T>(targets: readonly ServiceTarget[], concurrency: number, work: (target: ServiceTarget) => Promise<T>): Promise<Settled<T>[]> {
  const limit = pLimit(Math.max(1, concurrency))
  return Promise.all(
    targets.map((target) =>
      limit(async (): Promise<Settled<T>> => {
        try {
          return { target, ok: true, value: await work(target) }
        } catch (error) {
          return { target, ok: false, error }
        }
      }),
    ),
  )
}
