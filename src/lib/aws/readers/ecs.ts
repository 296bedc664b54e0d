// ECS: the service and the latest task definition of its family. Both are one request each and
// independent of everything else, so they start at once.
import type { Service } from '@aws-sdk/client-ecs'
import { EcsctlError } from '../../errors.js'
import { callAws, callAwsOrAbsent } from '../call.js'
import type { AwsClients } from '../clients.js'
import { hasErrorCode } from '../errors.js'
import type { LiveTaskDefinition } from '../live-state.js'

/** The service with its tags, or undefined when ECS reports it MISSING or INACTIVE (deleted). */
export async function readService(clients: AwsClients, cluster: string, serviceName: string): Promise<Service | undefined> {
  const ecs = await clients.ecs()
  const { DescribeServicesCommand } = await import('@aws-sdk/client-ecs')
  const context = `ecs:DescribeServices (service "${serviceName}" in cluster "${cluster}")`
  const output = await callAws(context, () => ecs.send(new DescribeServicesCommand({ cluster, services: [serviceName], include: ['TAGS'] })))

  const failure = output.failures?.find((f) => f.reason !== 'MISSING')
  if (failure) {
    throw new EcsctlError('aws', `${context}: ECS could not describe the service: ${failure.reason ?? 'no reason given'}${failure.detail ? ` (${failure.detail})` : ''}.`)
  }
  const service = output.services?.find((s) => s.serviceName === serviceName)
  return service && service.status !== 'INACTIVE' ? service : undefined
}

/** The latest ACTIVE revision of `family` with its tags, or undefined when the family has none. */
export async function readLatestTaskDefinition(clients: AwsClients, family: string): Promise<LiveTaskDefinition | undefined> {
  const ecs = await clients.ecs()
  const { DescribeTaskDefinitionCommand } = await import('@aws-sdk/client-ecs')
  // Given a family without a revision, ECS answers with its latest ACTIVE revision.
  const output = await callAwsOrAbsent(
    `ecs:DescribeTaskDefinition (family "${family}")`,
    () => ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: family, include: ['TAGS'] })),
    isMissingTaskDefinition,
  )
  if (!output?.taskDefinition) return undefined
  return { taskDefinition: output.taskDefinition, tags: output.tags ?? [] }
}

/** ECS has no "not found" code for task definitions: a ClientException with this text is one. */
function isMissingTaskDefinition(error: unknown): boolean {
  return hasErrorCode(error, 'ClientException') && error instanceof Error && /unable to describe task definition/i.test(error.message)
}

