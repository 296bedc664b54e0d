// read -> plan for one service: the part of the pipeline that diff and deploy share.
import type { AwsClients } from '../aws/clients.js'
import { readLiveState, type LiveState } from '../aws/read.js'
import { planService, type Plan } from '../plan/index.js'
import type { RenderContext } from '../render/index.js'
import { placeholder } from '../render/names.js'
import type { ServiceTarget } from './services.js'

export interface PlannedService {
  target: ServiceTarget
  context: RenderContext
  live: LiveState
  plan: Plan
}

/**
 * Reads what AWS holds for the service and plans the manifest against it. The account comes from
 * the caller (deploy asks STS) or from the ARNs read; a first diff without either keeps the
 * account placeholder, where everything is a create anyway.
 */
export async function planTarget(target: ServiceTarget, clients: AwsClients, accountId?: string): Promise<PlannedService> {
  const [region, live] = await Promise.all([clients.region(), readLiveState(clients, target.manifest, { accountId })])
  const context: RenderContext = { region, accountId: accountId ?? live.accountId ?? placeholder.accountId }
  return { target, context, live, plan: planService(target.manifest, live, context) }
}
