// `ecsctl delete`: the service and what ecsctl created for it, and nothing else.
//
// Ownership is proved twice: a resource must carry the owner tag `ecsctl:service=<name>` AND be
// tied to this service in this cluster (by its name prefix, which holds the cluster, or because
// the service or its task definition uses it). The tag alone is not enough: a service `web` in
// staging and one in prod carry the same tag value.
//
// Order: the scalable target first (else Application Auto Scaling could raise the count back to
// its minimum while the service drains), the alarms and scheduled-task rules, then the service
// (count 0, DeleteService, wait until its tasks are gone), and only then what the tasks used:
// listener rules, target groups, EFS access points. A step that fails does not stop the others,
// except that nothing the service's tasks use is touched while the service may still run.
//
// Kept on purpose: task definitions (they record what ran, cost nothing, and `ecsctl history` and
// a re-created service read them; deregistering would not delete them anyway, only make them
// INACTIVE) and log groups (logs are evidence, often needed after a service is gone).
import type { Service, TaskDefinition } from '@aws-sdk/client-ecs'
import type { Rule, Tag as ElbTag } from '@aws-sdk/client-elastic-load-balancing-v2'
import { callAws, callAwsOrAbsent } from '../aws/call.js'
import type { AwsClients } from '../aws/clients.js'
import { hasErrorCode } from '../aws/errors.js'
import { allPages, chunks } from '../aws/pages.js'
import { readScalableTarget } from '../aws/readers/autoscaling.js'
import { readAlarms } from '../aws/readers/cloudwatch.js'
import { readLatestTaskDefinition } from '../aws/readers/ecs.js'
import { readFileSystemsByName, readOwnedAccessPoints } from '../aws/readers/efs.js'
import { readEventRules } from '../aws/readers/eventbridge.js'
import { formatDuration } from '../deploy/explain.js'
import { EcsctlError, invalid } from '../errors.js'
import { managedLoadBalancers } from '../render/loadBalancing.js'
import { OWNER_TAG, accessPointName, accountWidePrefix, family, logGroupName, scalableResourceId, targetGroupName } from '../render/names.js'
import { type ServiceRef } from './service.js'
import { type Prompter, type Waiting } from './terminal.js'

export type ResourceType =
  | 'scalable target'
  | 'alarm'
  | 'event rule'
  | 'service'
  | 'listener rule'
  | 'target group'
  | 'access point'
  | 'task definition family'
  | 'log group'

export interface Resource {
  type: ResourceType
  id: string
}

export interface KeptResource extends Resource {
  reason: string
}

export type ServiceStatus = 'ACTIVE' | 'DRAINING' | 'INACTIVE' | 'MISSING'

/** What delete found: what it will delete, in order, and what it leaves and why. */
export interface DeletionPlan {
  cluster: string
  service: string
  serviceStatus: ServiceStatus
  desiredCount: number
  /** The scalable target's resource id, when one is registered. */
  scalableTarget?: string
  alarms: string[]
  eventRules: { name: string; targetIds: string[] }[]
  listenerRules: string[]
  targetGroups: { arn: string; name: string }[]
  accessPoints: { id: string; fileSystemId: string }[]
  kept: KeptResource[]
}

const ownedBy = (tags: readonly { Key?: string; Value?: string }[] | undefined, service: string) =>
  (tags ?? []).some((tag) => tag.Key === OWNER_TAG && tag.Value === service)

const notOwned = `not tagged ${OWNER_TAG} for this service: ecsctl did not create it`

// ---------------------------------------------------------------------------------------------
// Finding what to delete (read calls only)

/** Reads everything delete needs to decide; sends nothing that changes anything. */
export async function planDeletion(clients: AwsClients, ref: ServiceRef): Promise<DeletionPlan> {
  const names = { name: ref.service, cluster: ref.cluster }
  const prefix = accountWidePrefix(names)
  const [service, scalableTarget, alarms, eventRules] = await Promise.all([
    describeServiceInAnyState(clients, ref),
    readScalableTarget(clients, scalableResourceId(names)),
    readAlarms(clients, prefix),
    readEventRules(clients, prefix),
  ])
  const taskDefinition = await readTaskDefinition(clients, ref, service)
  const [targetGroups, accessPoints] = await Promise.all([findTargetGroups(clients, ref, service), findAccessPoints(clients, ref, taskDefinition)])
  const listeners = await findListenerRules(clients, ref, targetGroups.owned)

  const kept: KeptResource[] = []
  for (const [name, alarm] of Object.entries(alarms)) if (!ownedBy(alarm.tags, ref.service)) kept.push({ type: 'alarm', id: name, reason: notOwned })
  for (const [name, rule] of Object.entries(eventRules)) if (!ownedBy(rule.tags, ref.service)) kept.push({ type: 'event rule', id: name, reason: notOwned })
  kept.push(...listeners.kept, ...targetGroups.kept, ...accessPoints.kept, ...keptOnPurpose(ref, taskDefinition))

  return {
    cluster: ref.cluster,
    service: ref.service,
    serviceStatus: service ? ((service.status as ServiceStatus | undefined) ?? 'ACTIVE') : 'MISSING',
    desiredCount: service?.desiredCount ?? 0,
    ...(scalableTarget?.ResourceId ? { scalableTarget: scalableTarget.ResourceId } : {}),
    alarms: Object.entries(alarms)
      .filter(([, alarm]) => ownedBy(alarm.tags, ref.service))
      .map(([name]) => name),
    eventRules: Object.entries(eventRules)
      .filter(([, rule]) => ownedBy(rule.tags, ref.service))
      .map(([name, rule]) => ({ name, targetIds: rule.targets.flatMap((target) => (target.Id ? [target.Id] : [])) })),
    listenerRules: listeners.owned,
    targetGroups: targetGroups.owned,
    accessPoints: accessPoints.owned,
    kept,
  }
}

/**
 * The service as ECS describes it, INACTIVE included: ECS keeps describing a deleted service for
 * a while, and its load balancers and task definition still say what it used (a rerun after a
 * partial failure needs them). Undefined when ECS reports it MISSING.
 */
async function describeServiceInAnyState(clients: AwsClients, ref: ServiceRef): Promise<Service | undefined> {
  const ecs = await clients.ecs()
  const { DescribeServicesCommand } = await import('@aws-sdk/client-ecs')
  const context = `ecs:DescribeServices (service "${ref.service}" in cluster "${ref.cluster}")`
  const output = await callAwsOrAbsent(
    context,
    () => ecs.send(new DescribeServicesCommand({ cluster: ref.cluster, services: [ref.service] })),
    // A cluster that is gone holds no service either.
    (error) => hasErrorCode(error, 'ClusterNotFoundException'),
  )
  const failure = output?.failures?.find((f) => f.reason !== 'MISSING')
  if (failure) throw new EcsctlError('aws', `${context}: ECS could not describe the service: ${failure.reason ?? 'no reason given'}.`)
  return output?.services?.find((s) => s.serviceName === ref.service)
}

/**
 * The revision whose volumes and logs to look at: the service's, else the latest of the family
 * (the manifest's, else named after the service), which stays registered after a delete.
 */
async function readTaskDefinition(clients: AwsClients, ref: ServiceRef, service: Service | undefined): Promise<TaskDefinition | undefined> {
  const familyName = ref.manifest ? family(ref.manifest) : ref.service
  // DescribeTaskDefinition takes an ARN as well as a family; a missing one is undefined.
  const found = await readLatestTaskDefinition(clients, service?.taskDefinition ?? familyName)
  return found?.taskDefinition
}

interface Found<T> {
  owned: T[]
  kept: KeptResource[]
}

/**
 * Target groups the service uses, and those the manifest's load balancers name (a rerun finds
 * them after the service is gone); those tagged for this service are ecsctl's.
 */
async function findTargetGroups(clients: AwsClients, ref: ServiceRef, service: Service | undefined): Promise<Found<{ arn: string; name: string; loadBalancerArns: string[] }>> {
  const arns = distinct((service?.loadBalancers ?? []).map((lb) => lb.targetGroupArn))
  const manifestNames = ref.manifest ? distinct(managedLoadBalancers(ref.manifest).map(({ lb }) => targetGroupName(ref.manifest!, lb))) : []
  const elbv2 = await clients.elbv2()
  const { DescribeTargetGroupsCommand } = await import('@aws-sdk/client-elastic-load-balancing-v2')
  const lookups: { TargetGroupArns?: string[]; Names?: string[] }[] = [...arns.map((arn) => ({ TargetGroupArns: [arn] })), ...manifestNames.map((name) => ({ Names: [name] }))]
  // One request per target group: DescribeTargetGroups fails whole when one of several is missing.
  const described = await Promise.all(
    lookups.map((lookup) =>
      callAwsOrAbsent(
        `elasticloadbalancing:DescribeTargetGroups (target group "${lookup.TargetGroupArns?.[0] ?? lookup.Names?.[0]}")`,
        () => elbv2.send(new DescribeTargetGroupsCommand(lookup)),
        (error) => hasErrorCode(error, 'TargetGroupNotFoundException', 'TargetGroupNotFound'),
      ),
    ),
  )
  const byArn = new Map(described.flatMap((output) => output?.TargetGroups ?? []).flatMap((tg) => (tg.TargetGroupArn ? [[tg.TargetGroupArn, tg] as const] : [])))
  const tags = await readElbTags(clients, [...byArn.keys()], `target groups of service "${ref.service}"`)
  const found: Found<{ arn: string; name: string; loadBalancerArns: string[] }> = { owned: [], kept: [] }
  for (const [arn, tg] of byArn) {
    const name = tg.TargetGroupName ?? arn
    if (ownedBy(tags.get(arn), ref.service)) found.owned.push({ arn, name, loadBalancerArns: tg.LoadBalancerArns ?? [] })
    else found.kept.push({ type: 'target group', id: name, reason: notOwned })
  }
  return found
}

async function readElbTags(clients: AwsClients, arns: string[], what: string): Promise<Map<string, ElbTag[]>> {
  if (arns.length === 0) return new Map()
  const elbv2 = await clients.elbv2()
  const { DescribeTagsCommand } = await import('@aws-sdk/client-elastic-load-balancing-v2')
  // DescribeTags takes at most 20 ARNs.
  const outputs = await Promise.all(
    chunks(arns, 20).map((batch) => callAws(`elasticloadbalancing:DescribeTags (${what})`, () => elbv2.send(new DescribeTagsCommand({ ResourceArns: batch })))),
  )
  return new Map(outputs.flatMap((output) => output.TagDescriptions ?? []).flatMap((d) => (d.ResourceArn ? [[d.ResourceArn, d.Tags ?? []] as const] : [])))
}

const forwardsTo = (actions: Rule['Actions'], targetGroupArn: string): boolean =>
  (actions ?? []).some((action) => action.TargetGroupArn === targetGroupArn || (action.ForwardConfig?.TargetGroups ?? []).some((t) => t.TargetGroupArn === targetGroupArn))

/**
 * The listener rules that forward to our target groups, found through the target groups' load
 * balancers (so no manifest is needed). Ours when tagged for this service. A listener whose
 * default action forwards to one is the user's: it is reported, and blocks that target group.
 */
async function findListenerRules(clients: AwsClients, ref: ServiceRef, targetGroups: { arn: string; name: string; loadBalancerArns: string[] }[]): Promise<Found<string>> {
  const found: Found<string> = { owned: [], kept: [] }
  const loadBalancerArns = distinct(targetGroups.flatMap((tg) => tg.loadBalancerArns))
  if (loadBalancerArns.length === 0) return found
  const elbv2 = await clients.elbv2()
  const { DescribeListenersCommand, DescribeRulesCommand } = await import('@aws-sdk/client-elastic-load-balancing-v2')
  const listenerPages = await Promise.all(
    loadBalancerArns.map((arn) =>
      callAws(`elasticloadbalancing:DescribeListeners (load balancer ${arn})`, () =>
        allPages(
          (marker) => elbv2.send(new DescribeListenersCommand({ LoadBalancerArn: arn, Marker: marker })),
          (page) => page.NextMarker,
        ),
      ),
    ),
  )
  const listeners = listenerPages.flat().flatMap((page) => page.Listeners ?? [])
  for (const listener of listeners) {
    for (const tg of targetGroups) {
      if (forwardsTo(listener.DefaultActions, tg.arn)) {
        found.kept.push({
          type: 'listener rule',
          id: `default action of ${listener.ListenerArn ?? '?'}`,
          reason: `a listener's default action forwards to target group ${tg.name}; ecsctl does not change listeners, so that target group cannot be deleted until the listener points elsewhere`,
        })
      }
    }
  }
  // Only HTTP(S) listeners have rules besides the default one.
  const albListeners = listeners.flatMap((l) => (l.ListenerArn && (l.Protocol === 'HTTP' || l.Protocol === 'HTTPS') ? [l.ListenerArn] : []))
  const rulePages = await Promise.all(
    albListeners.map((arn) =>
      callAws(`elasticloadbalancing:DescribeRules (listener ${arn})`, () =>
        allPages(
          (marker) => elbv2.send(new DescribeRulesCommand({ ListenerArn: arn, Marker: marker })),
          (page) => page.NextMarker,
        ),
      ),
    ),
  )
  const rules = rulePages
    .flat()
    .flatMap((page) => page.Rules ?? [])
    .filter((rule) => !rule.IsDefault && rule.RuleArn && targetGroups.some((tg) => forwardsTo(rule.Actions, tg.arn)))
  const tags = await readElbTags(clients, rules.map((rule) => rule.RuleArn as string), `listener rules of service "${ref.service}"`)
  for (const rule of rules) {
    const arn = rule.RuleArn as string
    if (ownedBy(tags.get(arn), ref.service)) found.owned.push(arn)
    else found.kept.push({ type: 'listener rule', id: arn, reason: `${notOwned}; it forwards to this service's target group, which stays until it is gone` })
  }
  return found
}

/**
 * Access points tagged for this service on the file systems its task definition or manifest
 * uses, and tied to this cluster: used by the task definition, or named as ecsctl names the
 * manifest's volumes (`cluster-service-volume`).
 */
async function findAccessPoints(clients: AwsClients, ref: ServiceRef, taskDefinition: TaskDefinition | undefined): Promise<Found<{ id: string; fileSystemId: string }>> {
  const efsVolumes = (taskDefinition?.volumes ?? []).flatMap((volume) => (volume.efsVolumeConfiguration ? [volume.efsVolumeConfiguration] : []))
  const usedAccessPoints = new Set(efsVolumes.flatMap((efs) => (efs.authorizationConfig?.accessPointId ? [efs.authorizationConfig.accessPointId] : [])))
  const manifestVolumes = Object.entries(ref.manifest?.volumes ?? {}).flatMap(([volume, { efs }]) => (efs ? [{ volume, efs }] : []))
  const expectedNames = new Set(ref.manifest ? manifestVolumes.map(({ volume }) => accessPointName(ref.manifest!, volume)) : [])
  const namedFileSystems = distinct(manifestVolumes.map(({ efs }) => (efs.fileSystemId ? undefined : efs.fileSystem)))
  const byName = await readFileSystemsByName(clients, namedFileSystems)
  const fileSystemIds = distinct([
    ...efsVolumes.map((efs) => efs.fileSystemId),
    ...manifestVolumes.map(({ efs }) => efs.fileSystemId),
    ...Object.values(byName).map((fs) => fs.FileSystemId),
  ])
  const perFileSystem = await Promise.all(fileSystemIds.map((id) => readOwnedAccessPoints(clients, id, OWNER_TAG, ref.service)))
  const found: Found<{ id: string; fileSystemId: string }> = { owned: [], kept: [] }
  for (const accessPoint of perFileSystem.flatMap((list) => list ?? [])) {
    const id = accessPoint.AccessPointId
    if (!id || !accessPoint.FileSystemId) continue
    const name = accessPoint.Tags?.find((tag) => tag.Key === 'Name')?.Value ?? accessPoint.Name
    if (usedAccessPoints.has(id) || (name !== undefined && expectedNames.has(name))) found.owned.push({ id, fileSystemId: accessPoint.FileSystemId })
    else
      found.kept.push({
        type: 'access point',
        id,
        reason: `tagged for a service named ${ref.service}, but neither its task definition nor its manifest uses it: it may belong to the ${ref.service} of another cluster`,
      })
  }
  return found
}

/** Task definitions and log groups, always kept, with the reason. */
function keptOnPurpose(ref: ServiceRef, taskDefinition: TaskDefinition | undefined): KeptResource[] {
  const kept: KeptResource[] = []
  const familyName = taskDefinition?.family ?? (ref.manifest ? family(ref.manifest) : undefined)
  if (familyName) {
    kept.push({
      type: 'task definition family',
      id: familyName,
      reason: 'revisions record what ran and cost nothing; `aws ecs deregister-task-definition` retires one if you must',
    })
  }
  const fromTaskDefinition = (taskDefinition?.containerDefinitions ?? []).map((c) =>
    c.logConfiguration?.logDriver === 'awslogs' ? c.logConfiguration.options?.['awslogs-group'] : undefined,
  )
  const fromManifest = ref.manifest ? Object.values(ref.manifest.containers).map((c) => (c.logging === false ? undefined : logGroupName(ref.manifest!, c))) : []
  for (const group of distinct([...fromTaskDefinition, ...fromManifest])) {
    kept.push({ type: 'log group', id: group, reason: 'logs are evidence; delete it with `aws logs delete-log-group` when no longer needed' })
  }
  return kept
}

/** Everything the plan will delete, in the order it is deleted. */
export function plannedDeletions(plan: DeletionPlan): Resource[] {
  return [
    ...(plan.scalableTarget ? [{ type: 'scalable target' as const, id: plan.scalableTarget }] : []),
    ...plan.alarms.map((id) => ({ type: 'alarm' as const, id })),
    ...plan.eventRules.map((rule) => ({ type: 'event rule' as const, id: rule.name })),
    ...(plan.serviceStatus === 'ACTIVE' ? [{ type: 'service' as const, id: `${plan.cluster}/${plan.service}` }] : []),
    ...plan.listenerRules.map((id) => ({ type: 'listener rule' as const, id })),
    ...plan.targetGroups.map((tg) => ({ type: 'target group' as const, id: tg.name })),
    ...plan.accessPoints.map((ap) => ({ type: 'access point' as const, id: ap.id })),
  ]
}

const describeResource = (r: Resource) => `${r.type} ${r.id}`

/** What a person confirms: what goes, what stays. */
export function formatDeletionPlan(plan: DeletionPlan): string {
  const deletions = plannedDeletions(plan)
  const lines = [`Deleting service ${plan.service} in cluster ${plan.cluster} (${plan.serviceStatus}${plan.serviceStatus === 'ACTIVE' ? `, desired ${plan.desiredCount}` : ''}).`]
  if (deletions.length === 0) lines.push('Nothing to delete.')
  else {
    lines.push('Will delete:')
    for (const resource of deletions) {
      const note = resource.type === 'scalable target' ? ' (with its scaling policies and scheduled actions)' : resource.type === 'service' ? ' (scaled to 0 first)' : ''
      lines.push(`  - ${describeResource(resource)}${note}`)
    }
  }
  if (plan.kept.length > 0) {
    lines.push('Will keep:')
    for (const kept of plan.kept) lines.push(`  = ${describeResource(kept)}: ${kept.reason}`)
  }
  return lines.join('\n')
}

// ---------------------------------------------------------------------------------------------
// Deleting

export interface DeletionReport {
  cluster: string
  service: string
  deleted: Resource[]
  /** Gone already (deleted by an earlier run or by someone else): fine. */
  alreadyAbsent: Resource[]
  failed: (Resource & { error: string })[]
  /** Not tried, because something before them did not finish (the service still exists). */
  notAttempted: (Resource & { reason: string })[]
  kept: KeptResource[]
  /** Everything planned is gone. */
  complete: boolean
  /** Set when waiting for the service to drain ended early. */
  stoppedBy?: 'timeout' | 'interrupted'
}

type Outcome = 'deleted' | 'absent'

/** Sends the deletions in order; a failure is recorded, not thrown, so that the report is whole. */
export async function applyDeletion(clients: AwsClients, plan: DeletionPlan, timeoutMs: number, waiting: Waiting): Promise<DeletionReport> {
  const report: DeletionReport = {
    cluster: plan.cluster,
    service: plan.service,
    deleted: [],
    alreadyAbsent: [],
    failed: [],
    notAttempted: [],
    kept: plan.kept,
    complete: false,
  }
  const attempt = async (resource: Resource, remove: () => Promise<Outcome>): Promise<boolean> => {
    try {
      const outcome = await remove()
      ;(outcome === 'deleted' ? report.deleted : report.alreadyAbsent).push(resource)
      waiting.progress.event(`${outcome === 'deleted' ? 'deleted' : 'already gone:'} ${describeResource(resource)}`)
      return true
    } catch (error) {
      report.failed.push({ ...resource, error: error instanceof Error ? error.message : String(error) })
      waiting.progress.event(`could not delete ${describeResource(resource)}`)
      return false
    }
  }
  const names = { name: plan.service, cluster: plan.cluster }

  const resourceId = plan.scalableTarget ?? scalableResourceId(names)
  if (plan.scalableTarget) await attempt({ type: 'scalable target', id: resourceId }, () => deregisterScalableTarget(clients, resourceId))
  else report.alreadyAbsent.push({ type: 'scalable target', id: resourceId })
  for (const alarm of plan.alarms) await attempt({ type: 'alarm', id: alarm }, () => deleteAlarm(clients, alarm))
  for (const rule of plan.eventRules) await attempt({ type: 'event rule', id: rule.name }, () => deleteEventRule(clients, rule))

  const serviceResource: Resource = { type: 'service', id: `${plan.cluster}/${plan.service}` }
  let serviceGone: boolean
  if (plan.serviceStatus === 'ACTIVE') serviceGone = await attempt(serviceResource, () => scaleToZeroAndDelete(clients, plan))
  else {
    report.alreadyAbsent.push(serviceResource)
    serviceGone = true
  }
  let blockedBecause: string | undefined = serviceGone ? undefined : 'the service could not be deleted, and its tasks may still use it'
  if (serviceGone && plan.serviceStatus !== 'INACTIVE' && plan.serviceStatus !== 'MISSING') {
    try {
      await waitUntilInactive(clients, plan, timeoutMs, waiting)
    } catch (error) {
      if (!(error instanceof EcsctlError) || (error.kind !== 'timeout' && error.kind !== 'interrupted')) throw error
      report.stoppedBy = error.kind === 'timeout' ? 'timeout' : 'interrupted'
      blockedBecause = `the service's tasks were still stopping when ecsctl stopped waiting (${error.kind === 'timeout' ? 'timed out' : 'interrupted'}); run \`ecsctl delete\` again to finish`
    }
  }

  const afterService: [Resource, () => Promise<Outcome>][] = [
    ...plan.listenerRules.map((arn): [Resource, () => Promise<Outcome>] => [{ type: 'listener rule', id: arn }, () => deleteListenerRule(clients, arn)]),
    ...plan.targetGroups.map((tg): [Resource, () => Promise<Outcome>] => [{ type: 'target group', id: tg.name }, () => deleteTargetGroup(clients, tg.arn, tg.name)]),
    ...plan.accessPoints.map((ap): [Resource, () => Promise<Outcome>] => [{ type: 'access point', id: ap.id }, () => deleteAccessPoint(clients, ap.id)]),
  ]
  for (const [resource, remove] of afterService) {
    if (blockedBecause) report.notAttempted.push({ ...resource, reason: blockedBecause })
    else await attempt(resource, remove)
  }
  report.complete = report.failed.length === 0 && report.notAttempted.length === 0
  return report
}

async function deregisterScalableTarget(clients: AwsClients, resourceId: string): Promise<Outcome> {
  const autoscaling = await clients.autoscaling()
  const { DeregisterScalableTargetCommand } = await import('@aws-sdk/client-application-auto-scaling')
  // Deregistering drops the target's scaling policies and scheduled actions with it.
  const output = await callAwsOrAbsent(
    `application-autoscaling:DeregisterScalableTarget (${resourceId})`,
    () => autoscaling.send(new DeregisterScalableTargetCommand({ ServiceNamespace: 'ecs', ScalableDimension: 'ecs:service:DesiredCount', ResourceId: resourceId })),
    (error) => hasErrorCode(error, 'ObjectNotFoundException'),
  )
  return output ? 'deleted' : 'absent'
}

async function deleteAlarm(clients: AwsClients, name: string): Promise<Outcome> {
  const cloudwatch = await clients.cloudwatch()
  const { DeleteAlarmsCommand } = await import('@aws-sdk/client-cloudwatch')
  // One alarm per request: DeleteAlarms deletes none of a batch when one name is missing.
  const output = await callAwsOrAbsent(
    `cloudwatch:DeleteAlarms (alarm "${name}")`,
    () => cloudwatch.send(new DeleteAlarmsCommand({ AlarmNames: [name] })),
    (error) => hasErrorCode(error, 'ResourceNotFound', 'ResourceNotFoundException'),
  )
  return output ? 'deleted' : 'absent'
}

async function deleteEventRule(clients: AwsClients, rule: { name: string; targetIds: string[] }): Promise<Outcome> {
  const eventbridge = await clients.eventbridge()
  const { RemoveTargetsCommand, DeleteRuleCommand } = await import('@aws-sdk/client-eventbridge')
  const isGone = (error: unknown) => hasErrorCode(error, 'ResourceNotFoundException')
  // A rule with targets cannot be deleted.
  if (rule.targetIds.length > 0) {
    const removed = await callAwsOrAbsent(
      `events:RemoveTargets (rule "${rule.name}")`,
      () => eventbridge.send(new RemoveTargetsCommand({ Rule: rule.name, Ids: rule.targetIds })),
      isGone,
    )
    if (!removed) return 'absent'
    if ((removed.FailedEntryCount ?? 0) > 0) {
      const reasons = (removed.FailedEntries ?? []).map((entry) => `${entry.TargetId ?? '?'}: ${entry.ErrorMessage ?? entry.ErrorCode ?? 'failed'}`)
      throw new EcsctlError('aws', `events:RemoveTargets (rule "${rule.name}"): ${reasons.join('; ')}`)
    }
  }
  const deleted = await callAwsOrAbsent(`events:DeleteRule (rule "${rule.name}")`, () => eventbridge.send(new DeleteRuleCommand({ Name: rule.name })), isGone)
  return deleted ? 'deleted' : 'absent'
}

/** DesiredCount 0, then DeleteService without force: ECS stops the tasks as the service drains. */
async function scaleToZeroAndDelete(clients: AwsClients, plan: DeletionPlan): Promise<Outcome> {
  const ecs = await clients.ecs()
  const { UpdateServiceCommand, DeleteServiceCommand } = await import('@aws-sdk/client-ecs')
  const where = `service "${plan.service}" in cluster "${plan.cluster}"`
  const isGone = (error: unknown) => hasErrorCode(error, 'ServiceNotFoundException', 'ServiceNotActiveException', 'ClusterNotFoundException')
  if (plan.desiredCount > 0) {
    const updated = await callAwsOrAbsent(`ecs:UpdateService (${where}, desired count 0)`, () =>
      ecs.send(new UpdateServiceCommand({ cluster: plan.cluster, service: plan.service, desiredCount: 0 })), isGone)
    if (!updated) return 'absent'
  }
  const deleted = await callAwsOrAbsent(`ecs:DeleteService (${where})`, () => ecs.send(new DeleteServiceCommand({ cluster: plan.cluster, service: plan.service })), isGone)
  return deleted ? 'deleted' : 'absent'
}

/** Poll every 3 s, up to every 10 s: draining takes the load balancer's deregistration delay. */
const DRAIN_POLL = { initialMs: 3000, factor: 1.5, maxMs: 10000 } as const

/** Waits until ECS reports the service INACTIVE (or no longer knows it): its tasks are gone. */
async function waitUntilInactive(clients: AwsClients, plan: DeletionPlan, timeoutMs: number, waiting: Waiting): Promise<void> {
  const started = waiting.now()
  let delay: number = DRAIN_POLL.initialMs
  let last = ''
  const interrupted = () =>
    new EcsctlError('interrupted', `Stopped waiting for service ${plan.service} to drain; ECS carries on deleting it.`, { hint: 'Run `ecsctl delete` again to finish.' })
  try {
    for (;;) {
      if (waiting.signal?.aborted) throw interrupted()
      const service = await describeServiceInAnyState(clients, { cluster: plan.cluster, service: plan.service })
      if (!service || service.status === 'INACTIVE') {
        waiting.progress.done(`service ${plan.service} is gone`)
        return
      }
      const state = `service ${plan.service} ${service.status ?? '?'}: running ${service.runningCount ?? 0}, pending ${service.pendingCount ?? 0}`
      delay = state === last ? Math.min(DRAIN_POLL.maxMs, delay * DRAIN_POLL.factor) : DRAIN_POLL.initialMs
      if (state !== last) waiting.progress.state(state)
      last = state
      const left = started + timeoutMs - waiting.now()
      if (left <= 0) throw new EcsctlError('timeout', `Timed out after ${formatDuration(timeoutMs)} waiting for ${state} to drain.`)
      try {
        await waiting.sleep(Math.min(delay, left), waiting.signal)
      } catch (error) {
        if (waiting.signal?.aborted) throw interrupted()
        throw error
      }
    }
  } catch (error) {
    waiting.progress.fail(error instanceof Error ? error.message : String(error))
    throw error
  }
}

async function deleteListenerRule(clients: AwsClients, arn: string): Promise<Outcome> {
  const elbv2 = await clients.elbv2()
  const { DeleteRuleCommand } = await import('@aws-sdk/client-elastic-load-balancing-v2')
  const output = await callAwsOrAbsent(`elasticloadbalancing:DeleteRule (rule ${arn})`, () => elbv2.send(new DeleteRuleCommand({ RuleArn: arn })), (error) =>
    hasErrorCode(error, 'RuleNotFoundException', 'RuleNotFound'),
  )
  return output ? 'deleted' : 'absent'
}

async function deleteTargetGroup(clients: AwsClients, arn: string, name: string): Promise<Outcome> {
  const elbv2 = await clients.elbv2()
  const { DeleteTargetGroupCommand } = await import('@aws-sdk/client-elastic-load-balancing-v2')
  const output = await callAwsOrAbsent(
    `elasticloadbalancing:DeleteTargetGroup (target group "${name}")`,
    () => elbv2.send(new DeleteTargetGroupCommand({ TargetGroupArn: arn })),
    (error) => hasErrorCode(error, 'TargetGroupNotFoundException', 'TargetGroupNotFound'),
  )
  return output ? 'deleted' : 'absent'
}

async function deleteAccessPoint(clients: AwsClients, id: string): Promise<Outcome> {
  const efs = await clients.efs()
  const { DeleteAccessPointCommand } = await import('@aws-sdk/client-efs')
  const output = await callAwsOrAbsent(`elasticfilesystem:DeleteAccessPoint (${id})`, () => efs.send(new DeleteAccessPointCommand({ AccessPointId: id })), (error) =>
    hasErrorCode(error, 'AccessPointNotFound'),
  )
  return output ? 'deleted' : 'absent'
}

// ---------------------------------------------------------------------------------------------
// The whole command

export interface DeleteInput {
  clients: AwsClients
  ref: ServiceRef
  /** --yes: no question asked. */
  yes: boolean
  /** Present in a terminal; without it and without --yes, delete refuses. */
  prompter?: Prompter
  /** Where the plan is shown before the question (stderr). */
  show: (text: string) => void
  timeoutMs: number
  waiting: Waiting
}

/** Find, confirm, delete. Refuses before any request when nobody can confirm. */
export async function deleteServiceAndResources(input: DeleteInput): Promise<DeletionReport> {
  if (!input.yes && !input.prompter) {
    throw invalid(`Deleting service ${input.ref.service} needs confirmation: pass --yes to delete without a terminal.`, {
      hint: 'Nothing was read or deleted. Run it in a terminal to see what would go and confirm by typing the name.',
    })
  }
  const plan = await planDeletion(input.clients, input.ref)
  const nothingToDelete = plannedDeletions(plan).length === 0
  if (!input.yes && input.prompter && !nothingToDelete) {
    input.show(formatDeletionPlan(plan))
    const answer = await input.prompter.input({ message: `Type the service name (${plan.service}) to delete it:` })
    if (answer.trim() !== plan.service) {
      throw invalid(`"${answer.trim()}" is not "${plan.service}": nothing was deleted.`)
    }
  }
  return applyDeletion(input.clients, plan, input.timeoutMs, input.waiting)
}

/** The report as text: what went, what was gone already, what failed or waits, what stays. */
export function formatDeletionReport(report: DeletionReport): string {
  const lines: string[] = []
  const section = (title: string, items: string[]) => {
    if (items.length === 0) return
    lines.push(title, ...items.map((item) => `  ${item}`))
  }
  section('Deleted:', report.deleted.map(describeResource))
  section('Already gone:', report.alreadyAbsent.map(describeResource))
  section('Failed:', report.failed.map((r) => `${describeResource(r)}: ${r.error}`))
  section('Not attempted:', report.notAttempted.map((r) => `${describeResource(r)}: ${r.reason}`))
  section('Kept:', report.kept.map((r) => `${describeResource(r)}: ${r.reason}`))
  lines.push(
    report.complete
      ? `Service ${report.service} in cluster ${report.cluster} and what ecsctl created for it are deleted.`
      : `Service ${report.service} in cluster ${report.cluster} is not fully deleted; run \`ecsctl delete\` again once the failures above are fixed: what is gone already is skipped.`,
  )
  return lines.join('\n')
}

function distinct(values: readonly (string | undefined)[]): string[] {
  return [...new Set(values.filter((value): value is string => value !== undefined && value !== ''))]
}
