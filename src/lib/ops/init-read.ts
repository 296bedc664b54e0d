// Reads one live service for `ecsctl init --from-service`, starting from the service itself rather
// than from a manifest: its own task definition revision, the target groups its load balancers
// name, the listeners and rules that forward to them, its scalable target with every policy and
// scheduled action, the alarms of its step policies, the access points ecsctl created on its file
// systems, its log groups, and the EventBridge rules ecsctl created for it. The answer has the
// LiveState shape the plan compares with, so the plan can say what a diff will still show.
import type { Service } from '@aws-sdk/client-ecs'
import type { Listener } from '@aws-sdk/client-elastic-load-balancing-v2'
import { callAws, callAwsOrAbsent } from '../aws/call.js'
import type { AwsClients } from '../aws/clients.js'
import { hasErrorCode } from '../aws/errors.js'
import type { LiveAlarm, LiveListenerRule, LiveState, LiveTaskDefinition } from '../aws/live-state.js'
import { allPages, chunks, readEach } from '../aws/pages.js'
import { accountOfArn } from '../aws/read.js'
import { readScalableTarget, readScalingPolicies, readScheduledActions } from '../aws/readers/autoscaling.js'
import { readAlarms } from '../aws/readers/cloudwatch.js'
import { readService } from '../aws/readers/ecs.js'
import { readOwnedAccessPoints } from '../aws/readers/efs.js'
import { readListenerRules, readLoadBalancer, readTargetGroup } from '../aws/readers/elbv2.js'
import { readEventRules } from '../aws/readers/eventbridge.js'
import { readLogGroup } from '../aws/readers/logs.js'
import { EcsctlError, invalid } from '../errors.js'
import { OWNER_TAG, accountWidePrefix, scalableResourceId } from '../render/names.js'
import type { ServiceSnapshot } from './init-live.js'

/** Which service: `CLUSTER/SERVICE`, or the service's ARN. */
export interface ServiceAddress {
  cluster: string
  service: string
}

export function parseServiceAddress(text: string): ServiceAddress {
  const fromArn = /^arn:[^:]+:ecs:[^:]*:\d{12}:service\/([^/]+)\/([^/]+)$/.exec(text)
  const match = fromArn ?? /^([A-Za-z0-9_-]{1,255})\/([A-Za-z0-9_-]{1,255})$/.exec(text)
  if (!match?.[1] || !match[2]) {
    throw invalid(`--from-service takes CLUSTER/SERVICE (e.g. prod/web) or the service's ARN, not "${text}".`)
  }
  return { cluster: match[1], service: match[2] }
}

/** Everything `manifestFromLive` needs for the service at `address`; a missing service is an AWS error (exit 4). */
export async function readServiceSnapshot(clients: AwsClients, address: ServiceAddress): Promise<ServiceSnapshot> {
  const service = await readService(clients, address.cluster, address.service)
  if (!service) {
    const region = await clients.region()
    throw new EcsctlError('aws', `Service "${address.service}" was not found in cluster "${address.cluster}" (region ${region}), or it was deleted.`, {
      hint: `List the services with \`aws ecs list-services --cluster ${address.cluster} --region ${region}\`; pass --region if the service lives in another region.`,
    })
  }
  const names = { name: address.service, cluster: address.cluster }
  const [taskDefinitionParts, routing, scaling, eventRules] = await Promise.all([
    readTaskDefinitionParts(clients, service, address.service),
    readRouting(clients, service),
    readScaling(clients, scalableResourceId(names), accountWidePrefix(names)),
    readEventRules(clients, accountWidePrefix(names)),
  ])
  return {
    accountId: accountOfArn(service.serviceArn ?? ''),
    service,
    ...taskDefinitionParts,
    ...routing,
    // The manifest is written from this service: every target group it uses is declared.
    undeclaredTargetGroups: {},
    externalTargetGroups: {},
    fileSystems: {},
    ...scaling,
    eventRules,
  }
}

// --- the task definition and what it names ---------------------------------------------------

async function readTaskDefinitionParts(
  clients: AwsClients,
  service: Service,
  serviceName: string,
): Promise<{ taskDefinition: LiveTaskDefinition } & Pick<LiveState, 'accessPoints' | 'logGroups'>> {
  const taskDefinition = await readServiceTaskDefinition(clients, service)
  const definition = taskDefinition.taskDefinition
  const fileSystemIds = (definition.volumes ?? []).flatMap((volume) => (volume.efsVolumeConfiguration?.fileSystemId ? [volume.efsVolumeConfiguration.fileSystemId] : []))
  const logGroupNames = (definition.containerDefinitions ?? []).flatMap((container) => {
    const group = container.logConfiguration?.logDriver === 'awslogs' ? container.logConfiguration.options?.['awslogs-group'] : undefined
    return group ? [group] : []
  })
  const [accessPoints, logGroups] = await Promise.all([
    readEach(fileSystemIds, (id) => readOwnedAccessPoints(clients, id, OWNER_TAG, serviceName)),
    readEach(logGroupNames, (name) => readLogGroup(clients, name)),
  ])
  return { taskDefinition, accessPoints, logGroups }
}

/** The revision the service runs (not the family's latest), with its tags. */
async function readServiceTaskDefinition(clients: AwsClients, service: Service): Promise<LiveTaskDefinition> {
  const reference = service.taskDefinition ?? ''
  const ecs = await clients.ecs()
  const { DescribeTaskDefinitionCommand } = await import('@aws-sdk/client-ecs')
  const output = await callAws(`ecs:DescribeTaskDefinition (${reference})`, () =>
    ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: reference, include: ['TAGS'] })),
  )
  if (!output.taskDefinition) throw new EcsctlError('aws', `ECS returned no task definition for ${reference}.`)
  return { taskDefinition: output.taskDefinition, tags: output.tags ?? [] }
}

// --- load balancing ------------------------------------------------------------------------

/**
 * Target groups by the name in their ARN (as the plan keys them), then their load balancers and
 * listeners, then the rules of application listeners, which say which rule forwards where.
 */
async function readRouting(clients: AwsClients, service: Service): Promise<Pick<LiveState, 'targetGroups' | 'loadBalancers' | 'listeners' | 'listenerRules'>> {
  const names = (service.loadBalancers ?? []).flatMap((lb) => {
    const name = lb.targetGroupArn && /:targetgroup\/([^/]+)\//.exec(lb.targetGroupArn)?.[1]
    return name ? [name] : []
  })
  const targetGroups = await readEach(names, (name) => readTargetGroup(clients, name))
  const loadBalancerArns = [...new Set(Object.values(targetGroups).flatMap((group) => group.targetGroup.LoadBalancerArns ?? []))]
  const [loadBalancers, listenersByLoadBalancer] = await Promise.all([
    readEach(loadBalancerArns, (arn) => readLoadBalancer(clients, arn)),
    readEach(loadBalancerArns, (arn) => readListenersOf(clients, arn)),
  ])
  const allListeners = Object.values(listenersByLoadBalancer).flat()
  // ALB rules decide where requests go; an NLB listener forwards by its default action alone.
  const isApplication = (listener: Listener) => listener.Protocol === 'HTTP' || listener.Protocol === 'HTTPS'
  const applicationListeners = allListeners.flatMap((listener) => (isApplication(listener) && listener.ListenerArn ? [listener.ListenerArn] : []))
  const listenerRules: Record<string, LiveListenerRule[]> = await readEach(applicationListeners, (arn) => readListenerRules(clients, arn))
  const listeners = Object.fromEntries(allListeners.flatMap((listener) => (!isApplication(listener) && listener.ListenerArn ? [[listener.ListenerArn, listener] as const] : [])))
  return { targetGroups, loadBalancers, listeners, listenerRules }
}

/** Every listener of a load balancer (all pages), or undefined when the load balancer is gone. */
async function readListenersOf(clients: AwsClients, loadBalancerArn: string): Promise<Listener[] | undefined> {
  const elbv2 = await clients.elbv2()
  const { DescribeListenersCommand } = await import('@aws-sdk/client-elastic-load-balancing-v2')
  const pages = await callAwsOrAbsent(
    `elasticloadbalancing:DescribeListeners (load balancer ${loadBalancerArn})`,
    () =>
      allPages(
        (marker) => elbv2.send(new DescribeListenersCommand({ LoadBalancerArn: loadBalancerArn, Marker: marker })),
        (page) => page.NextMarker,
      ),
    (error) => hasErrorCode(error, 'LoadBalancerNotFoundException', 'LoadBalancerNotFound'),
  )
  return pages?.flatMap((page) => page.Listeners ?? [])
}

// --- autoscaling ---------------------------------------------------------------------------

/**
 * Every policy and scheduled action of the service, whatever its name; the alarms its step
 * policies list, and those named with ecsctl's prefix (what `diff` reads, and the alarms to
 * look through when a policy does not list its own).
 */
async function readScaling(
  clients: AwsClients,
  resourceId: string,
  alarmPrefix: string,
): Promise<Pick<LiveState, 'scalableTarget' | 'scalingPolicies' | 'scheduledActions' | 'alarms'>> {
  const [scalableTarget, scalingPolicies, scheduledActions, prefixedAlarms] = await Promise.all([
    readScalableTarget(clients, resourceId),
    readScalingPolicies(clients, resourceId, ''),
    readScheduledActions(clients, resourceId, ''),
    readAlarms(clients, alarmPrefix),
  ])
  // Target tracking alarms belong to Application Auto Scaling; only step policies' alarms are the user's.
  const alarmNames = Object.values(scalingPolicies)
    .filter((policy) => policy.PolicyType === 'StepScaling')
    .flatMap((policy) => (policy.Alarms ?? []).flatMap((alarm) => (alarm.AlarmName && !prefixedAlarms[alarm.AlarmName] ? [alarm.AlarmName] : [])))
  const listedAlarms = await readAlarmsByName(clients, [...new Set(alarmNames)])
  return { scalableTarget, scalingPolicies, scheduledActions, alarms: { ...prefixedAlarms, ...listedAlarms } }
}

/** DescribeAlarms takes at most 100 names per request. */
const ALARM_NAMES_PER_REQUEST = 100

async function readAlarmsByName(clients: AwsClients, names: string[]): Promise<Record<string, LiveAlarm>> {
  if (names.length === 0) return {}
  const cloudwatch = await clients.cloudwatch()
  const { DescribeAlarmsCommand, ListTagsForResourceCommand } = await import('@aws-sdk/client-cloudwatch')
  const batches = await Promise.all(
    chunks(names, ALARM_NAMES_PER_REQUEST).map((batch) =>
      callAws(`cloudwatch:DescribeAlarms (${batch.length} alarm${batch.length === 1 ? '' : 's'} of step scaling policies)`, () =>
        allPages(
          (token) => cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: batch, AlarmTypes: ['MetricAlarm'], NextToken: token })),
          (page) => page.NextToken,
        ),
      ),
    ),
  )
  const alarms = batches.flat().flatMap((page) => page.MetricAlarms ?? [])
  const withTags = await Promise.all(
    alarms.map(async (alarm): Promise<[string, LiveAlarm]> => {
      const arn = alarm.AlarmArn
      const output = arn
        ? await callAws(`cloudwatch:ListTagsForResource (alarm "${alarm.AlarmName ?? arn}")`, () => cloudwatch.send(new ListTagsForResourceCommand({ ResourceARN: arn })))
        : undefined
      return [alarm.AlarmName ?? '', { alarm, tags: output?.Tags ?? [] }]
    }),
  )
  return Object.fromEntries(withTags)
}
