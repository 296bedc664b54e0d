// The one service a command such as status, scale or run works on: named with --service and
// --cluster, or taken from exactly one manifest; and reading it, with a clear error when it is gone.
import type { Service } from '@aws-sdk/client-ecs'
import * as Flags from '@oclif/core/flags'
import type { AwsClients } from '../aws/clients.js'
import { readService } from '../aws/readers/ecs.js'
import { EcsctlError, invalid } from '../errors.js'
import type { LoadedManifest } from '../manifest/load.js'
import { ManifestError } from '../manifest/problems.js'
import type { Manifest } from '../manifest/schema.js'
import { family } from '../render/names.js'

/** --service and --cluster, shared by every command that works on one service. */
export const serviceFlags = {
  service: Flags.string({ summary: 'Service name, to work without a manifest (with --cluster).', dependsOn: ['cluster'] }),
  cluster: Flags.string({ summary: 'Cluster name or ARN of --service.', dependsOn: ['service'] }),
}

export interface ServiceRef {
  service: string
  cluster: string
  /** --region, else the manifest's; undefined leaves it to AWS_REGION and the profile. */
  region?: string
  /** The task definition family, when a manifest says it; otherwise read from the service. */
  family?: string
  /** The manifest the service came from, if any: delete uses it to find more of what ecsctl made. */
  manifest?: Manifest
  file?: string
}

export interface ServiceSelection {
  service?: string
  cluster?: string
  region?: string
  /** Whether -f (or ECSCTL_FILE) named manifests; without it the default file is looked for. */
  filesGiven: boolean
  load: () => Promise<LoadedManifest[]>
  /** For messages: `ecsctl scale works on one service`. */
  commandId?: string
}

const WITHOUT_MANIFEST_HINT = 'Pass --service NAME --cluster NAME to work on a service without a manifest, or -f PATH for a manifest elsewhere.'

/**
 * --service/--cluster win and need no manifest (a service deployed by other means can be read
 * or scaled too); otherwise exactly one manifest names the service. `load` is only called
 * without --service.
 */
export async function resolveServiceRef(selection: ServiceSelection): Promise<ServiceRef> {
  if (selection.service !== undefined || selection.cluster !== undefined) {
    if (!selection.service || !selection.cluster) throw invalid('--service and --cluster go together: give both, or neither to use the manifest.')
    return { service: selection.service, cluster: selection.cluster, region: selection.region }
  }
  let loaded: LoadedManifest[]
  try {
    loaded = await selection.load()
  } catch (error) {
    // Only "no ecsctl.yml here" can fail this way without -f; say how to go without a manifest.
    if (!selection.filesGiven && error instanceof EcsctlError && error.kind === 'invalid' && !(error instanceof ManifestError)) {
      throw invalid(error.message, { hint: WITHOUT_MANIFEST_HINT, cause: error })
    }
    throw error
  }
  if (loaded.length !== 1) {
    const names = loaded.map((l) => `${l.manifest.name} (${l.file})`).join(', ')
    const command = selection.commandId ? `ecsctl ${selection.commandId}` : 'This command'
    throw invalid(`${command} works on one service, and ${loaded.length} manifests were given: ${names}.`, { hint: 'Pass -f FILE for one of them, or --service NAME --cluster NAME.' })
  }
  const [{ file, manifest }] = loaded as [LoadedManifest]
  return { service: manifest.name, cluster: manifest.cluster, region: selection.region ?? manifest.region, family: family(manifest), manifest, file }
}

/** The service, or an AWS error (exit 4) saying it does not exist and what to check. */
export async function requireService(clients: AwsClients, ref: ServiceRef): Promise<Service> {
  const service = await readService(clients, ref.cluster, ref.service)
  if (service) return service
  const region = await clients.region().catch(() => ref.region)
  throw new EcsctlError('aws', `Service "${ref.service}" does not exist in cluster "${ref.cluster}"${region ? ` (region ${region})` : ''}.`, {
    hint: ref.file
      ? `Create it with \`ecsctl deploy -f ${ref.file}\`, or check the region (--region, the manifest's region, AWS_REGION).`
      : `Check --service, --cluster and the region (--region, AWS_REGION); \`aws ecs list-services --cluster ${ref.cluster}\` lists its services.`,
    details: { service: ref.service, cluster: ref.cluster, ...(region ? { region } : {}) },
  })
}
