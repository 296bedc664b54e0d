// `ecsctl rollback`: point the service back at an earlier revision of its task definition (the
// newest ACTIVE one before what it runs, or --to), then follow that deployment as deploy does.
// Only the service's task definition changes: load balancers, autoscaling and the rest stay.
import type { TaskDefinition } from '@aws-sdk/client-ecs'
import { callAws, callAwsOrAbsent } from '../aws/call.js'
import { hasErrorCode } from '../aws/errors.js'
import type { AwsClients } from '../aws/clients.js'
import { formatDuration, shortTaskDefinition } from '../deploy/explain.js'
import { primaryDeploymentId } from '../deploy/steps/service.js'
import { waitForDeployment, type WaitDeps } from '../deploy/wait.js'
import { EcsctlError, invalid } from '../errors.js'
import type { Colors } from '../output/terminal.js'
import { imageTag, listRevisionArns, type RevisionImage } from './history.js'
import { requireService, type ServiceRef } from './service.js'
import { familyOf } from './status.js'

/** Revisions read, newest first, to find the one before the current: ListTaskDefinitions' page size. */
const REVISIONS_SEARCHED = 100

export interface RollbackInput {
  clients: AwsClients
  ref: ServiceRef
  /** --to: `41`, `web:41` or a task definition ARN; the revision before the current one when absent. */
  to?: string
  /** Follow the deployment (default); false returns once ECS accepted the update. */
  wait: boolean
  timeoutMs: number
  signal?: AbortSignal
}

export interface RollbackResult {
  service: string
  cluster: string
  /** `web:42`: what the service ran. */
  from: string
  /** `web:41`: what it runs now, or is rolling out. */
  to: string
  taskDefinitionArn: string
  images: RevisionImage[]
  /** `completed`; `started` with --no-wait; `no changes` when it already ran that revision. */
  outcome: 'completed' | 'started' | 'no changes'
  deploymentId?: string
  durationMs: number
  /** Set when the service came from a manifest that still describes the newer revision. */
  note?: string
}

export async function rollbackService(input: RollbackInput, deps: WaitDeps): Promise<RollbackResult> {
  const started = deps.now()
  const { clients, ref } = input
  const service = await requireService(clients, ref)
  const primary = service.deployments?.find((d) => d.status === 'PRIMARY')
  const current = primary?.taskDefinition ?? service.taskDefinition
  if (!current) throw new EcsctlError('aws', `Service "${ref.service}" in cluster "${ref.cluster}" reports no task definition.`)
  const target = await chooseTarget(clients, current, input.to)
  const base = {
    service: ref.service,
    cluster: ref.cluster,
    from: shortTaskDefinition(current),
    to: shortTaskDefinition(target.taskDefinitionArn ?? ''),
    taskDefinitionArn: target.taskDefinitionArn ?? '',
    images: (target.containerDefinitions ?? []).map((c) => ({ container: c.name ?? '?', image: c.image ?? '?', tag: imageTag(c.image ?? '') })),
    ...(ref.manifest ? { note: `The manifest still describes the revision rolled back from: \`ecsctl diff\` shows the difference, and the next \`ecsctl deploy\` rolls forward again.` } : {}),
  }
  if (target.taskDefinitionArn === current && primary?.rolloutState !== 'FAILED') {
    deps.progress.done(`service ${ref.service} already runs ${base.to}: nothing to roll back`)
    return { ...base, note: undefined, outcome: 'no changes', deploymentId: primary?.id, durationMs: deps.now() - started }
  }

  const ecs = await clients.ecs()
  const { UpdateServiceCommand } = await import('@aws-sdk/client-ecs')
  const output = await callAws(`ecs:UpdateService (service "${ref.service}" in cluster "${ref.cluster}")`, () =>
    ecs.send(new UpdateServiceCommand({ cluster: ref.cluster, service: ref.service, taskDefinition: target.taskDefinitionArn })),
  )
  const deploymentId = primaryDeploymentId(output.service)
  deps.progress.event(`~ service ${ref.service}: ${base.from} -> ${base.to}${deploymentId ? `, deployment ${deploymentId} started` : ''}`)
  if (!input.wait || !deploymentId) return { ...base, outcome: 'started', deploymentId, durationMs: deps.now() - started }

  await waitForDeployment(
    { clients, cluster: ref.cluster, service: ref.service, deploymentId, timeoutMs: input.timeoutMs, signal: input.signal, previousTaskDefinition: current },
    deps,
  )
  return { ...base, outcome: 'completed', deploymentId, durationMs: deps.now() - started }
}

/** The revision to return to, described: --to, or the newest ACTIVE revision older than `current`. */
async function chooseTarget(clients: AwsClients, current: string, to: string | undefined): Promise<TaskDefinition> {
  const family = familyOf(current)
  const arn = to === undefined ? await previousRevision(clients, current) : revisionReference(to, family)
  const ecs = await clients.ecs()
  const { DescribeTaskDefinitionCommand } = await import('@aws-sdk/client-ecs')
  // ECS answers ClientException for a revision that does not exist.
  const definition = (
    await callAwsOrAbsent(`ecs:DescribeTaskDefinition (${shortTaskDefinition(arn)})`, () => ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: arn })), (error) =>
      hasErrorCode(error, 'ClientException'),
    )
  )?.taskDefinition
  if (!definition) {
    throw invalid(`${to === undefined ? '' : `--to ${to}: `}task definition ${shortTaskDefinition(arn)} does not exist.`, { hint: '`ecsctl history` lists the revisions of the service.' })
  }
  if (definition.status !== 'ACTIVE') {
    throw invalid(`Task definition ${shortTaskDefinition(arn)} is ${definition.status ?? 'not ACTIVE'}: ECS does not deploy a deregistered revision.`, {
      hint: '`ecsctl history` lists the ACTIVE revisions; pass one with --to.',
    })
  }
  return definition
}

/** The newest ACTIVE revision of the family with a lower number than `current`. */
async function previousRevision(clients: AwsClients, current: string): Promise<string> {
  const family = familyOf(current)
  const currentRevision = revisionNumber(current)
  const arns = await listRevisionArns(clients, family, REVISIONS_SEARCHED)
  const previous = arns.find((arn) => revisionNumber(arn) < currentRevision)
  if (!previous) {
    throw new EcsctlError('invalid', `Service runs ${shortTaskDefinition(current)}, and no earlier ACTIVE revision of family "${family}" exists to roll back to.`, {
      hint: '`ecsctl history` lists the revisions; `ecsctl rollback --to REVISION` picks one.',
    })
  }
  return previous
}

const revisionNumber = (arn: string): number => Number(/:(\d+)$/.exec(arn)?.[1] ?? Number.NaN)

/**
 * --to as DescribeTaskDefinition takes it: `41` -> `web:41`; `web:41` or an ARN as written. A
 * revision of another family is refused: the service would start running another application.
 */
export function revisionReference(to: string, family: string): string {
  const text = to.trim()
  if (/^\d+$/.test(text) && Number(text) > 0) return `${family}:${text}`
  const match = /^(?:arn:aws[\w-]*:ecs:[\w-]+:\d{12}:task-definition\/)?([A-Za-z0-9_-]{1,255}):(\d+)$/.exec(text)
  if (!match) throw invalid(`--to "${to}": write a revision number (41), FAMILY:REVISION (${family}:41) or a task definition ARN.`)
  if (match[1] !== family) {
    throw invalid(`--to "${to}" is a revision of family "${match[1]}", but the service runs family "${family}".`, { hint: `Pick a revision of ${family}: \`ecsctl history\` lists them.` })
  }
  return text
}

/** What a person reads: from, to, the images, the deployment, and what the manifest means now. */
export function formatRollbackResult(result: RollbackResult, colors: Colors): string {
  const headline =
    result.outcome === 'no changes'
      ? `Service ${result.service} in cluster ${result.cluster} already runs ${result.to}: nothing to roll back.`
      : `Service ${result.service} in cluster ${result.cluster}: ${result.from} -> ${result.to} ${colors.green(result.outcome === 'completed' ? 'completed' : 'started')} in ${formatDuration(result.durationMs)}`
  const lines = [colors.bold(headline)]
  for (const image of result.images) lines.push(`  ${image.container}: ${image.image}`)
  if (result.deploymentId && result.outcome !== 'no changes') lines.push(`  deployment ${result.deploymentId}`)
  if (result.outcome === 'started') lines.push(colors.dim('  ECS carries on with the rollout: `ecsctl status` follows it.'))
  if (result.note) lines.push(colors.dim(`  ${result.note}`))
  return lines.join('\n')
}
