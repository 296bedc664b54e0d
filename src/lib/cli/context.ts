// Builds the inputs the library layers take from flags and the environment, in one place.
import { loadManifests } from '../manifest/load.js'
import type { Manifest } from '../manifest/schema.js'
import type { ServiceSelection } from '../ops/service.js'
import { placeholder } from '../render/names.js'

export interface ManifestSelection {
  files: string[]
  env?: string
  vars: Record<string, string | undefined>
  cwd: string
}

export function manifestSelection(flags: { file?: string[]; env?: string }, processEnv: Record<string, string | undefined>, cwd: string): ManifestSelection {
  return { files: flags.file ?? [], env: flags.env, vars: processEnv, cwd }
}

/**
 * --region wins, then the manifest's own region, then AWS_REGION / AWS_DEFAULT_REGION. When none
 * is known offline commands print a placeholder; AWS commands let the profile decide.
 */
export function resolveRegion(flag: string | undefined, manifest: Pick<Manifest, 'region'>, env: Record<string, string | undefined>): string | undefined {
  return flag ?? manifest.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION
}

export const offlineRenderContext = (region: string | undefined) => ({ region: region ?? placeholder.region, accountId: placeholder.accountId })

/** Which one service a command works on: --service/--cluster, else the manifest loaded on demand. */
export function serviceSelection(
  flags: { service?: string; cluster?: string; region?: string; file?: string[]; env?: string },
  commandId: string | undefined,
): ServiceSelection {
  return {
    service: flags.service,
    cluster: flags.cluster,
    region: flags.region,
    filesGiven: (flags.file ?? []).length > 0,
    commandId,
    load: () => loadManifests(manifestSelection(flags, process.env, process.cwd())),
  }
}
