// `ecsctl history`: the task definition revisions of the service's family, newest first, with
// the images they ran, and the deployments ECS still lists for the service.
import type { TaskDefinition } from '@aws-sdk/client-ecs'
import pLimit from 'p-limit'
import { callAws } from '../aws/call.js'
import type { AwsClients } from '../aws/clients.js'
import { allPages } from '../aws/pages.js'
import { shortTaskDefinition } from '../deploy/explain.js'
import type { Colors } from '../output/terminal.js'
import { deploymentStatus, familyOf, type DeploymentStatus } from './status.js'
import { requireService, type ServiceRef } from './service.js'

/** DescribeTaskDefinition requests at once: enough to be quick, few enough not to be throttled. */
export const DESCRIBE_CONCURRENCY = 5

export interface RevisionImage {
  container: string
  image: string
  /** `v1.2.3`, or `sha256:…` for an image pinned by digest, or `latest` when none is written. */
  tag: string
}

export interface RevisionEntry {
  revision: number
  /** `web:42` */
  name: string
  taskDefinitionArn: string
  status?: string
  registeredAt?: string
  registeredBy?: string
  images: RevisionImage[]
  /** The revision the service's PRIMARY deployment runs. */
  current: boolean
}

export interface HistoryReport {
  service: string
  cluster: string
  family: string
  revisions: RevisionEntry[]
  /** The deployments ECS lists for the service now: the current one, and those being replaced. */
  deployments: DeploymentStatus[]
}

export interface HistoryOptions {
  /** At most this many revisions, newest first. */
  limit: number
}

export async function readHistory(clients: AwsClients, ref: ServiceRef, options: HistoryOptions): Promise<HistoryReport> {
  // With a manifest the family is known and both reads start at once; without, the service says it.
  const [service, knownArns] = await Promise.all([
    requireService(clients, ref),
    ref.family ? listRevisionArns(clients, ref.family, options.limit) : Promise.resolve(undefined),
  ])
  const familyName = ref.family ?? familyOf(service.taskDefinition ?? '')
  const arns = knownArns ?? (await listRevisionArns(clients, familyName, options.limit))
  const definitions = await describeRevisions(clients, arns)
  const primary = service.deployments?.find((d) => d.status === 'PRIMARY')?.taskDefinition ?? service.taskDefinition
  return {
    service: ref.service,
    cluster: ref.cluster,
    family: familyName,
    revisions: definitions.map((definition) => revisionEntry(definition, primary)),
    deployments: (service.deployments ?? []).map((d) => deploymentStatus(d, [])),
  }
}

/**
 * The newest `limit` ACTIVE revisions of exactly `family`. ListTaskDefinitions filters by prefix
 * and sorts by family then revision, so `web` also lists `web-api`, which comes first when sorted
 * descending: keep reading pages until enough revisions of the family itself were seen.
 */
export async function listRevisionArns(clients: AwsClients, family: string, limit: number): Promise<string[]> {
  const ecs = await clients.ecs()
  const { ListTaskDefinitionsCommand } = await import('@aws-sdk/client-ecs')
  const found: string[] = []
  await callAws(`ecs:ListTaskDefinitions (family "${family}")`, () =>
    allPages(
      (token) => ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: family, sort: 'DESC', maxResults: Math.min(100, Math.max(1, limit)), nextToken: token })),
      (page) => page.nextToken,
      {
        stopWhen: (page) => {
          for (const arn of page.taskDefinitionArns ?? []) if (familyOf(arn) === family) found.push(arn)
          return found.length >= limit
        },
      },
    ),
  )
  return found.slice(0, limit)
}

/** Each revision described, at most DESCRIBE_CONCURRENCY at a time, in the order given. */
async function describeRevisions(clients: AwsClients, arns: readonly string[]): Promise<TaskDefinition[]> {
  if (arns.length === 0) return []
  const ecs = await clients.ecs()
  const { DescribeTaskDefinitionCommand } = await import('@aws-sdk/client-ecs')
  const limit = pLimit(DESCRIBE_CONCURRENCY)
  const outputs = await Promise.all(
    arns.map((arn) =>
      limit(() => callAws(`ecs:DescribeTaskDefinition (${shortTaskDefinition(arn)})`, () => ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: arn })))),
    ),
  )
  return outputs.flatMap((output) => (output.taskDefinition ? [output.taskDefinition] : []))
}

function revisionEntry(definition: TaskDefinition, currentArn: string | undefined): RevisionEntry {
  const arn = definition.taskDefinitionArn ?? ''
  return {
    revision: definition.revision ?? 0,
    name: shortTaskDefinition(arn),
    taskDefinitionArn: arn,
    status: definition.status,
    registeredAt: definition.registeredAt?.toISOString(),
    registeredBy: definition.registeredBy,
    images: (definition.containerDefinitions ?? []).map((c) => ({ container: c.name ?? '?', image: c.image ?? '?', tag: imageTag(c.image ?? '') })),
    current: arn !== '' && arn === currentArn,
  }
}

/** The tag of an image reference: `repo:tag`, `repo@sha256:…`, or `latest` when it has neither. */
export function imageTag(image: string): string {
  const at = image.indexOf('@')
  if (at >= 0) return image.slice(at + 1)
  const lastSlash = image.lastIndexOf('/')
  const colon = image.lastIndexOf(':')
  // A colon before the last slash belongs to a registry port (localhost:5000/app).
  return colon > lastSlash ? image.slice(colon + 1) : 'latest'
}

export function formatHistory(report: HistoryReport, color: Colors): string {
  const { bold, dim, green } = color
  const lines = [bold(`Task definition revisions of ${report.family}`) + dim(` (service ${report.service} in cluster ${report.cluster}, newest first)`)]
  for (const r of report.revisions) {
    const tags = r.images.map((i) => `${i.container}=${i.tag}`).join(' ')
    const marker = r.current ? green(' <- running') : ''
    lines.push(`  ${r.name.padEnd(report.family.length + 5)} ${(r.registeredAt ?? '-').replace(/\.\d{3}Z$/, 'Z')}  ${r.status ?? ''}  ${tags}${marker}`)
  }
  if (report.revisions.length === 0) lines.push('  none registered (ACTIVE)')
  lines.push('', bold('Deployments ECS lists for the service'))
  for (const d of report.deployments) {
    const when = [d.createdAt ? `created ${d.createdAt.replace(/\.\d{3}Z$/, 'Z')}` : '', d.updatedAt ? `updated ${d.updatedAt.replace(/\.\d{3}Z$/, 'Z')}` : '']
      .filter(Boolean)
      .join(', ')
    lines.push(`  ${d.status.padEnd(7)} ${d.id}  ${d.rolloutState ?? '-'}  ${d.revision}  running ${d.running}/${d.desired}${when ? dim(`  ${when}`) : ''}`)
    if (d.rolloutStateReason) lines.push(dim(`          ${d.rolloutStateReason}`))
  }
  if (report.deployments.length === 0) lines.push('  none')
  return lines.join('\n')
}
