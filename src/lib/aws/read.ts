// Reads everything AWS holds for one service, in parallel. Every reader starts at once; the
// only dependent requests are a second step after a lookup (target group by name -> its
// attributes and tags; listener rules -> their tags; file system by name -> its access points;
// alarms by prefix -> their tags; rules by prefix -> each rule's description, targets and tags;
// the service -> the tags of target groups it uses that the manifest no longer names),
// so the longest chain is 2 requests. The pages of one list follow each other, as they must.
//
// The account id: no reader needs it, as every lookup is by a name or an ARN from the manifest.
// LiveState.accountId is taken from the ARNs at hand; STS GetCallerIdentity would give it on a
// first deploy with no ARN in the manifest, but it is one more client and request, not added.
import type { Manifest } from '../manifest/schema.js'
import {
  OWNER_TAG,
  accountWidePrefix,
  family,
  logGroupName,
  policyPrefix,
  scalableResourceId,
  targetGroupName,
} from '../render/names.js'
import { loadBalancerArnOf } from '../render/loadBalancing.js'
import type { Service } from '@aws-sdk/client-ecs'
import type { AwsClients } from './clients.js'
import type { LiveState } from './live-state.js'
import { readEach } from './pages.js'
import { readScalableTarget, readScalingPolicies, readScheduledActions } from './readers/autoscaling.js'
import { readAlarms } from './readers/cloudwatch.js'
import { readLatestTaskDefinition, readService } from './readers/ecs.js'
import { readFileSystemsByName, readOwnedAccessPoints } from './readers/efs.js'
import { readExternalTargetGroup, readListener, readListenerRules, readLoadBalancer, readTargetGroup, readTargetGroupTags } from './readers/elbv2.js'
import { readEventRules } from './readers/eventbridge.js'
import { readLogGroup } from './readers/logs.js'

export type { LiveState } from './live-state.js'

export interface ReadContext {
  /** When the caller knows it (e.g. from STS); else LiveState.accountId is taken from ARNs. */
  accountId?: string
}

/** The names and ARNs the readers look for, derived from the manifest with the names of render. */
export interface ReadTargets {
  cluster: string
  serviceName: string
  family: string
  /** Target groups ecsctl manages (alb/nlb). */
  targetGroupNames: string[]
  /** `targetGroup:` references, as written (ARN or name). */
  externalTargetGroups: string[]
  albListeners: string[]
  nlbListeners: string[]
  /** The load balancers of those listeners (their ARN is part of the listener ARN). */
  loadBalancerArns: string[]
  fileSystemIds: string[]
  fileSystemNames: string[]
  scalableResourceId: string
  policyPrefix: string
  accountWidePrefix: string
  logGroups: string[]
}

/** What to read for `manifest`; every list is distinct and in manifest order. */
export function readTargets(manifest: Manifest): ReadTargets {
  const loadBalancers = manifest.loadBalancers ?? []
  const efsVolumes = Object.values(manifest.volumes ?? {}).flatMap((volume) => (volume.efs ? [volume.efs] : []))
  return {
    cluster: manifest.cluster,
    serviceName: manifest.name,
    family: family(manifest),
    targetGroupNames: distinct(loadBalancers.filter((lb) => lb.alb || lb.nlb).map((lb) => targetGroupName(manifest, lb))),
    externalTargetGroups: distinct(loadBalancers.map((lb) => lb.targetGroup)),
    albListeners: distinct(loadBalancers.map((lb) => lb.alb?.listener)),
    nlbListeners: distinct(loadBalancers.map((lb) => lb.nlb?.listener)),
    loadBalancerArns: distinct(loadBalancers.map((lb) => lb.alb?.listener ?? lb.nlb?.listener).map((arn) => (arn ? loadBalancerArnOf(arn) : undefined))),
    fileSystemIds: distinct(efsVolumes.map((efs) => efs.fileSystemId)),
    fileSystemNames: distinct(efsVolumes.map((efs) => (efs.fileSystemId ? undefined : efs.fileSystem))),
    scalableResourceId: scalableResourceId(manifest),
    policyPrefix: policyPrefix(manifest),
    accountWidePrefix: accountWidePrefix(manifest),
    logGroups: distinct(Object.values(manifest.containers).map((container) => (container.logging === false ? undefined : logGroupName(manifest, container)))),
  }
}

/**
 * Reads the live state of the service `manifest` describes. Absent resources are absent in the
 * result; a failure is an EcsctlError (kind 'aws', or 'invalid' for a missing region).
 */
export async function readLiveState(clients: AwsClients, manifest: Manifest, context: ReadContext = {}): Promise<LiveState> {
  const targets = readTargets(manifest)
  const [{ service, undeclaredTargetGroups }, taskDefinition, targetGroups, externalTargetGroups, listenerRules, listeners, loadBalancers, efs, scaling, alarms, eventRules, logGroups] =
    await Promise.all([
      readService(clients, targets.cluster, targets.serviceName).then(async (found) => ({
        service: found,
        undeclaredTargetGroups: await readUndeclaredTargetGroups(clients, found, targets),
      })),
      readLatestTaskDefinition(clients, targets.family),
      readEach(targets.targetGroupNames, (name) => readTargetGroup(clients, name)),
      readEach(targets.externalTargetGroups, (reference) => readExternalTargetGroup(clients, reference)),
      readEach(targets.albListeners, (arn) => readListenerRules(clients, arn)),
      readEach(targets.nlbListeners, (arn) => readListener(clients, arn)),
      readEach(targets.loadBalancerArns, (arn) => readLoadBalancer(clients, arn)),
      readEfs(clients, targets),
      readScaling(clients, targets),
      readAlarms(clients, targets.accountWidePrefix),
      readEventRules(clients, targets.accountWidePrefix),
      readEach(targets.logGroups, (name) => readLogGroup(clients, name)),
    ])

  const live: LiveState = {
    service,
    taskDefinition,
    targetGroups,
    undeclaredTargetGroups,
    externalTargetGroups,
    listenerRules,
    listeners,
    loadBalancers,
    fileSystems: efs.fileSystems,
    accessPoints: efs.accessPoints,
    scalableTarget: scaling.scalableTarget,
    scalingPolicies: scaling.scalingPolicies,
    scheduledActions: scaling.scheduledActions,
    alarms,
    eventRules,
    logGroups,
  }
  live.accountId = context.accountId ?? accountIdFrom(live, manifest)
  return live
}

/**
 * The target groups the live service uses that the manifest neither manages nor names (it named
 * another, or dropped the load balancer), with their tags. Their names come from their ARNs, so
 * only the tags are read: the chain is DescribeServices, then DescribeTags.
 */
async function readUndeclaredTargetGroups(clients: AwsClients, service: Service | undefined, targets: ReadTargets): Promise<LiveState['undeclaredTargetGroups']> {
  const arns = distinct((service?.loadBalancers ?? []).flatMap((lb) => (lb.targetGroupArn ? [lb.targetGroupArn] : [])))
  const undeclared = arns.filter((arn) => {
    const name = targetGroupNameOf(arn)
    return !targets.targetGroupNames.includes(name) && !targets.externalTargetGroups.some((reference) => reference === arn || reference === name)
  })
  const tags = await readTargetGroupTags(clients, undeclared)
  return Object.fromEntries(undeclared.flatMap((arn) => (tags.has(arn) ? [[targetGroupNameOf(arn), { arn, tags: tags.get(arn) ?? [] }]] : [])))
}

/** `arn:aws:elasticloadbalancing:...:targetgroup/NAME/0123456789abcdef` -> NAME */
export const targetGroupNameOf = (arn: string): string => /:targetgroup\/([^/]+)\//.exec(arn)?.[1] ?? arn

/**
 * File systems given by id are read at once; those given by name need DescribeFileSystems first.
 * Both branches run in parallel, so the longest chain is 2.
 */
async function readEfs(clients: AwsClients, targets: ReadTargets): Promise<Pick<LiveState, 'fileSystems' | 'accessPoints'>> {
  const readAccessPoints = (ids: string[]) => readEach(ids, (id) => readOwnedAccessPoints(clients, id, OWNER_TAG, targets.serviceName))
  const [byId, named] = await Promise.all([
    readAccessPoints(targets.fileSystemIds),
    (async () => {
      const fileSystems = await readFileSystemsByName(clients, targets.fileSystemNames)
      const ids = Object.values(fileSystems).flatMap((fileSystem) => (fileSystem.FileSystemId ? [fileSystem.FileSystemId] : []))
      // A file system named in one volume and given by id in another is read once, by id.
      const accessPoints = await readAccessPoints(ids.filter((id) => !targets.fileSystemIds.includes(id)))
      return { fileSystems, accessPoints }
    })(),
  ])
  return { fileSystems: named.fileSystems, accessPoints: { ...byId, ...named.accessPoints } }
}

async function readScaling(
  clients: AwsClients,
  targets: ReadTargets,
): Promise<Pick<LiveState, 'scalableTarget' | 'scalingPolicies' | 'scheduledActions'>> {
  const [scalableTarget, scalingPolicies, scheduledActions] = await Promise.all([
    readScalableTarget(clients, targets.scalableResourceId),
    readScalingPolicies(clients, targets.scalableResourceId, targets.policyPrefix),
    readScheduledActions(clients, targets.scalableResourceId, targets.policyPrefix),
  ])
  return { scalableTarget, scalingPolicies, scheduledActions }
}

/** The account of the first ARN at hand: live resources first, then the manifest's own ARNs. */
export function accountIdFrom(live: Pick<LiveState, 'service' | 'taskDefinition' | 'targetGroups'>, manifest: Manifest): string | undefined {
  const candidates = [
    live.service?.serviceArn,
    live.taskDefinition?.taskDefinition.taskDefinitionArn,
    ...Object.values(live.targetGroups).map((tg) => tg.targetGroup.TargetGroupArn),
    ...(manifest.loadBalancers ?? []).flatMap((lb) => [lb.alb?.listener, lb.nlb?.listener]),
    manifest.roles?.task,
    manifest.roles?.execution,
    manifest.roles?.events,
  ]
  for (const arn of candidates) {
    const account = arn === undefined ? undefined : accountOfArn(arn)
    if (account) return account
  }
  return undefined
}

/** The 12-digit account of an ARN (`arn:PARTITION:SERVICE:REGION:ACCOUNT:...`), if it has one. */
export function accountOfArn(arn: string): string | undefined {
  const account = arn.split(':')[4]
  return arn.startsWith('arn:') && account && /^\d{12}$/.test(account) ? account : undefined
}

function distinct(values: readonly (string | undefined)[]): string[] {
  return [...new Set(values.filter((value): value is string => value !== undefined))]
}
