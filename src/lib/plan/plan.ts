// Manifest + live state -> the plan. Both sides go through the same normaliser before they are
// compared, so that AWS's defaults, echoed read-only fields and list orders are no difference.
// Pure: no AWS call, no clock; it reads only its arguments.
import type { CreateServiceCommandInput } from '@aws-sdk/client-ecs'
import type { CreateRuleCommandInput, ModifyListenerCommandInput } from '@aws-sdk/client-elastic-load-balancing-v2'
import type { LiveListenerRule, LiveState } from '../aws/live-state.js'
import type { Manifest } from '../manifest/schema.js'
import {
  renderAccessPoints,
  renderLoadBalancing,
  renderLogGroups,
  renderScaling,
  renderScheduledTasks,
  renderService,
  renderTaskDefinition,
  type RenderContext,
} from '../render/index.js'
import { managedAccessPoints } from '../render/efs.js'
import { OWNER_TAG, accountWidePrefix, family, placeholder, policyPrefix, scalableResourceId } from '../render/names.js'
import { diffValues, type FieldChange, type ListKeys } from './diff.js'
import { APPLY_ORDER, IMPACT, KIND_LABEL, type ChangeAction, type Plan, type ResourceChange, type ResourceKind } from './model.js'
import { taskDefinitionRef, type NormalizeContext } from './normalize/common.js'
import { accessPointFromLive, accessPointListKeys, accessPointNameOf, canonicalAccessPoint } from './normalize/efs.js'
import { canonicalEventRule, eventRuleFromLive, eventRuleFromRendered, eventRuleListKeys } from './normalize/events.js'
import {
  IMMUTABLE_TARGET_GROUP_FIELDS,
  canonicalListenerDefaultActions,
  canonicalListenerRule,
  canonicalTargetGroup,
  forwardedTargetGroups,
  isDocumentedDefaultTimeout,
  listenerListKeys,
  listenerRuleFromLive,
  listenerRuleListKeys,
  targetGroupFromLive,
  targetGroupListKeys,
  type TargetGroupInput,
} from './normalize/loadBalancing.js'
import { logGroupFromLive, logGroupFromRendered } from './normalize/logs.js'
import {
  alarmFromLive,
  alarmListKeys,
  canonicalAlarm,
  canonicalScalableTarget,
  canonicalScalingPolicy,
  canonicalScheduledAction,
  scalableTargetFromLive,
  scalingPolicyFromLive,
  scalingPolicyListKeys,
  scheduledActionFromLive,
} from './normalize/scaling.js'
import { canonicalService, serviceFromLive, serviceListKeys, type ServiceComparison } from './normalize/service.js'
import { canonicalTaskDefinition, taskDefinitionFromLive, taskDefinitionListKeys } from './normalize/taskDefinition.js'
import { placeholderValuesFrom, resolvePlaceholders, unresolvedPlaceholders, withoutPlaceholders, type PlaceholderValues } from './placeholders.js'

/** What the service's `taskDefinition` will be when the task definition needs a new revision. */
export const newRevisionOf = (taskDefinitionFamily: string): string => `${taskDefinitionFamily}:(new revision)`

/**
 * The plan for deploying `manifest` over `live`. `context` is the one render gets; where its
 * account id is a placeholder, the live state's account (taken from ARNs) is used.
 */
export function planService(manifest: Manifest, live: LiveState, context: RenderContext): Plan {
  const accountId = live.accountId ?? (context.accountId === placeholder.accountId ? undefined : context.accountId)
  const normalizeContext: NormalizeContext = { region: context.region, accountId }
  const resolvedContext: RenderContext = { region: context.region, accountId: accountId ?? context.accountId }
  const initialValues = placeholderValuesFrom(manifest, live, resolvedContext)

  const logGroups = planLogGroups(manifest, live)
  const accessPoints = planAccessPoints(manifest, live, initialValues)
  const targetGroups = planTargetGroups(manifest, live, initialValues)
  // A resource that must be created anew gets a new id or ARN: what refers to it changes too.
  const values = withoutPlaceholders(initialValues, [...accessPoints.replaced, ...targetGroups.replaced])

  const taskDefinition = planTaskDefinition(manifest, live, resolvedContext, values, normalizeContext)
  const routing = planRouting(manifest, live, values)
  const service = planServiceResource(manifest, live, values, taskDefinition)
  const scaling = planScaling(manifest, live, values)
  const events = planEventRules(manifest, live, resolvedContext, values, normalizeContext)

  return {
    service: manifest.name,
    cluster: manifest.cluster,
    resources: inApplyOrder([
      ...logGroups,
      ...accessPoints.resources,
      taskDefinition.resource,
      ...targetGroups.resources,
      ...routing,
      service,
      ...scaling,
      ...events,
    ]),
  }
}

/** Creates and updates in apply order; deletes last, in reverse (what is removed may be in use until the new deployment is done). */
function inApplyOrder(resources: ResourceChange[]): ResourceChange[] {
  const rank = (resource: ResourceChange) => {
    const position = APPLY_ORDER.indexOf(resource.kind)
    return resource.action === 'delete' ? APPLY_ORDER.length * 2 - position : position
  }
  // Array.prototype.sort is stable: within a kind, the manifest's order stays.
  return [...resources].sort((a, b) => rank(a) - rank(b))
}

// --- one resource -------------------------------------------------------------------------

interface Compared {
  kind: ResourceKind
  name: string
  /** What a deploy sends, placeholders resolved; undefined when the manifest no longer declares it. */
  sent?: unknown
  /** Both sides in canonical form; `live` undefined when AWS has no such resource. */
  desired?: unknown
  live?: unknown
  listKeys: ListKeys
  /** The live resource's ARN or id, for apply. */
  liveId?: string
}

function resourceChange({ kind, name, sent, desired, live, listKeys, liveId }: Compared, impactOf?: (changes: FieldChange[]) => string | undefined): ResourceChange {
  let action: ChangeAction
  let changes: FieldChange[]
  if (desired === undefined) {
    action = 'delete'
    changes = []
  } else if (live === undefined) {
    action = 'create'
    changes = diffValues(undefined, sent, listKeys)
  } else {
    changes = diffValues(live, desired, listKeys)
    action = changes.length > 0 ? 'update' : 'unchanged'
  }
  const impact = action === 'delete' ? IMPACT.deletes(kind) : action === 'update' && impactOf ? impactOf(changes) : undefined
  return {
    resource: `${KIND_LABEL[kind]} ${name}`,
    kind,
    name,
    action,
    changes,
    ...(impact ? { impact } : {}),
    ...(action === 'delete' ? {} : { input: sent }),
    ...(liveId === undefined ? {} : { liveId }),
  }
}

const deleted = (kind: ResourceKind, name: string, liveId?: string): ResourceChange => resourceChange({ kind, name, listKeys: {}, liveId })

/** Whether a change touches `field` or anything below it. */
const touches = (changes: FieldChange[], field: string) =>
  changes.some((change) => change.path === field || change.path.startsWith(`${field}.`) || change.path.startsWith(`${field}[`))

const isOwnedBy = (manifest: Manifest, tags: readonly { Key?: string; Value?: string }[] | undefined) =>
  (tags ?? []).some((tag) => tag.Key === OWNER_TAG && tag.Value === manifest.name)

// --- log groups and access points ----------------------------------------------------------

/** Log groups are keyed by exact name and never deleted: logs outlive deployments. */
function planLogGroups(manifest: Manifest, live: LiveState): ResourceChange[] {
  return renderLogGroups(manifest).map((rendered) => {
    const desired = logGroupFromRendered(rendered)
    const found = live.logGroups[desired.logGroupName]
    return resourceChange({ kind: 'log-group', name: desired.logGroupName, sent: desired, desired, live: found && logGroupFromLive(found), listKeys: {} })
  })
}

interface Planned {
  resources: ResourceChange[]
  /** Placeholders whose values change because their resource is created anew. */
  replaced: string[]
}

function planAccessPoints(manifest: Manifest, live: LiveState, values: PlaceholderValues): Planned {
  const owned = Object.values(live.accessPoints)
    .flat()
    .filter((accessPoint) => isOwnedBy(manifest, accessPoint.Tags))
  const matched = new Set<string>()
  const resources: ResourceChange[] = []
  const replaced: string[] = []
  const specs = managedAccessPoints(manifest)
  renderAccessPoints(manifest).forEach((rendered, index) => {
    const sent = resolvePlaceholders(rendered, values)
    const name = rendered.Tags?.find((tag) => tag.Key === 'Name')?.Value ?? ''
    const named = owned.filter((accessPoint) => accessPointNameOf(accessPoint) === name)
    // The one created from this very definition first: after a replacement whose old access point
    // is not deleted yet, both carry the same name.
    const found =
      named.find((accessPoint) => accessPoint.ClientToken === sent.ClientToken) ??
      named.find((accessPoint) => accessPoint.FileSystemId === sent.FileSystemId) ??
      named[0]
    if (found?.AccessPointId) matched.add(found.AccessPointId)
    const change = resourceChange(
      {
        kind: 'access-point',
        name,
        sent,
        desired: canonicalAccessPoint(sent),
        live: found && canonicalAccessPoint(accessPointFromLive(found)),
        listKeys: accessPointListKeys,
        liveId: found?.AccessPointId,
      },
      // EFS changes only tags in place.
      (changes) => (changes.every((c) => touches([c], 'Tags')) ? undefined : IMPACT.recreateAccessPoint),
    )
    // renderAccessPoints keeps the order of managedAccessPoints: same index, same volume.
    const volume = specs[index]?.volume
    if (volume && (change.action === 'create' || change.impact === IMPACT.recreateAccessPoint)) replaced.push(placeholder.accessPointId(volume))
    resources.push(change)
  })
  for (const accessPoint of owned) {
    if (accessPoint.AccessPointId && !matched.has(accessPoint.AccessPointId)) resources.push(deleted('access-point', accessPointNameOf(accessPoint) ?? accessPoint.AccessPointId, accessPoint.AccessPointId))
  }
  return { resources, replaced }
}

// --- task definition -----------------------------------------------------------------------

interface PlannedTaskDefinition {
  resource: ResourceChange
  /** What the service's taskDefinition should be: the live revision, or a new one. */
  serviceReference: string
  networkModeChanged: boolean
}

/** Compared with the family's latest ACTIVE revision: a service deploys that one. */
function planTaskDefinition(
  manifest: Manifest,
  live: LiveState,
  context: RenderContext,
  values: PlaceholderValues,
  normalizeContext: NormalizeContext,
): PlannedTaskDefinition {
  const sent = resolvePlaceholders(renderTaskDefinition(manifest, context), values)
  const latest = live.taskDefinition
  const resource = resourceChange(
    {
      kind: 'task-definition',
      name: family(manifest),
      sent,
      desired: canonicalTaskDefinition(sent, normalizeContext),
      live: latest && canonicalTaskDefinition(taskDefinitionFromLive(latest), normalizeContext),
      listKeys: taskDefinitionListKeys,
      liveId: latest?.taskDefinition.taskDefinitionArn,
    },
    // Tags change in place (TagResource); anything else is a new revision.
    (changes) => (changes.every((change) => touches([change], 'tags')) ? undefined : IMPACT.newRevision),
  )
  const latestReference = taskDefinitionRef(latest?.taskDefinition.taskDefinitionArn)
  const needsRevision = resource.action === 'create' || resource.impact === IMPACT.newRevision
  return {
    resource,
    serviceReference: needsRevision || !latestReference ? newRevisionOf(family(manifest)) : latestReference,
    networkModeChanged: resource.action === 'update' && touches(resource.changes, 'networkMode'),
  }
}

// --- load balancing ------------------------------------------------------------------------

function planTargetGroups(manifest: Manifest, live: LiveState, values: PlaceholderValues): Planned {
  const resources: ResourceChange[] = []
  const replaced: string[] = []
  for (const rendered of renderLoadBalancing(manifest)) {
    const sent: TargetGroupInput = resolvePlaceholders(
      { ...rendered.createTargetGroup, Attributes: rendered.modifyTargetGroupAttributes?.Attributes },
      values,
    )
    const name = sent.Name ?? ''
    const found = live.targetGroups[name]
    const current = found && canonicalTargetGroup(targetGroupFromLive(found))
    const desired = canonicalTargetGroup(sent)
    // AWS documents two defaults for an unset timeout (see isDocumentedDefaultTimeout): either is no difference.
    if (sent.HealthCheckTimeoutSeconds === undefined && isDocumentedDefaultTimeout(sent.Protocol, current?.HealthCheckTimeoutSeconds)) {
      desired.HealthCheckTimeoutSeconds = current?.HealthCheckTimeoutSeconds
    }
    const change = resourceChange(
      {
        kind: 'target-group',
        name,
        sent,
        desired,
        live: current,
        listKeys: targetGroupListKeys,
        liveId: found?.targetGroup.TargetGroupArn,
      },
      (changes) => (IMMUTABLE_TARGET_GROUP_FIELDS.some((field) => touches(changes, field)) ? IMPACT.recreateTargetGroup : undefined),
    )
    if (change.action === 'create' || change.impact === IMPACT.recreateTargetGroup) {
      replaced.push(placeholder.targetGroupArn(name), placeholder.targetGroupId(name))
    }
    resources.push(change)
  }
  // One the service still uses but the manifest no longer names goes once the rollout moved off it
  // (apply defers it); one no service uses any more is not seen, so not planned.
  for (const [name, { arn, tags }] of Object.entries(live.undeclaredTargetGroups)) {
    if (isOwnedBy(manifest, tags)) resources.push(deleted('target-group', name, arn))
  }
  return { resources, replaced }
}

/** ALB listener rules and NLB listener default actions. */
function planRouting(manifest: Manifest, live: LiveState, values: PlaceholderValues): ResourceChange[] {
  const resources: ResourceChange[] = []
  const matchedRules = new Set<string>()
  for (const rendered of renderLoadBalancing(manifest)) {
    const targetGroup = rendered.createTargetGroup.Name ?? ''
    if (rendered.createRule) resources.push(planListenerRule(manifest, live, resolvePlaceholders(rendered.createRule, values), targetGroup, matchedRules))
    if (rendered.modifyListener) resources.push(planListenerDefaultAction(live, resolvePlaceholders(rendered.modifyListener, values)))
  }
  // Rules ecsctl created for this service (owner tag) that the manifest no longer declares.
  for (const rules of Object.values(live.listenerRules)) {
    for (const { rule, tags } of rules) {
      if (!rule.IsDefault && rule.RuleArn && !matchedRules.has(rule.RuleArn) && isOwnedBy(manifest, tags)) {
        resources.push(deleted('listener-rule', `priority ${rule.Priority ?? '?'}`, rule.RuleArn))
      }
    }
  }
  return resources
}

/**
 * The live rule for a declared one: ours forwarding to its target group, else any rule forwarding
 * there, else ours at the same priority (its target group is being replaced). `matched` collects
 * the rules taken, so that the others of ours can be deleted.
 */
function planListenerRule(manifest: Manifest, live: LiveState, sent: CreateRuleCommandInput, targetGroup: string, matched: Set<string>): ResourceChange {
  const listenerArn = sent.ListenerArn ?? ''
  const rules = (live.listenerRules[listenerArn] ?? []).filter((candidate) => !candidate.rule.IsDefault)
  const targets = forwardedTargetGroups(sent.Actions)
  const forwardsHere = (candidate: LiveListenerRule) => forwardedTargetGroups(candidate.rule.Actions).some((arn) => targets.includes(arn))
  const owned = (candidate: LiveListenerRule) => isOwnedBy(manifest, candidate.tags)
  const samePriority = (candidate: LiveListenerRule) => Number(candidate.rule.Priority) === sent.Priority
  const found = rules.find((c) => owned(c) && forwardsHere(c)) ?? rules.find(forwardsHere) ?? rules.find((c) => owned(c) && samePriority(c))
  if (found?.rule.RuleArn) matched.add(found.rule.RuleArn)
  const change = resourceChange({
    kind: 'listener-rule',
    name: targetGroup,
    sent,
    desired: canonicalListenerRule(sent),
    live: found && canonicalListenerRule(listenerRuleFromLive(listenerArn, found)),
    listKeys: listenerRuleListKeys,
    liveId: found?.rule.RuleArn,
  })
  if (live.listenerRules[listenerArn] === undefined) return { ...change, impact: IMPACT.missingListener }
  // CreateRule and SetRulePriorities refuse a priority another rule holds.
  const holder = rules.find((c) => c !== found && samePriority(c))
  if (holder) return { ...change, impact: owned(holder) ? IMPACT.priorityTakenByOwnRule(sent.Priority) : IMPACT.priorityTaken(sent.Priority) }
  return withTrafficMoveImpact(change, targets)
}

/** An NLB listener is the service's own: its default action forwards to the service's target group. */
function planListenerDefaultAction(live: LiveState, sent: ModifyListenerCommandInput): ResourceChange {
  const listenerArn = sent.ListenerArn ?? ''
  const listener = live.listeners[listenerArn]
  const compared: Compared = {
    kind: 'listener',
    name: listenerArn.replace(/^.*:listener\//, ''),
    sent,
    desired: canonicalListenerDefaultActions(sent),
    // A missing listener is compared with nothing, so that every field shows; it is not created.
    live: listener ? canonicalListenerDefaultActions({ ListenerArn: listener.ListenerArn ?? listenerArn, DefaultActions: listener.DefaultActions }) : {},
    listKeys: listenerListKeys,
    liveId: listener?.ListenerArn,
  }
  const change = resourceChange(compared)
  return listener ? withTrafficMoveImpact(change, forwardedTargetGroups(sent.DefaultActions)) : { ...change, impact: IMPACT.missingListener }
}

/**
 * An update that forwards to a target group created by this deploy (its ARN is still a
 * placeholder) sends traffic there before any task is registered in it: say so.
 */
function withTrafficMoveImpact(change: ResourceChange, forwardedTo: readonly string[]): ResourceChange {
  const toNewGroup = forwardedTo.some((arn) => unresolvedPlaceholders(arn).length > 0)
  return change.action === 'update' && toNewGroup ? { ...change, impact: IMPACT.movesTrafficToNewTargetGroup } : change
}

// --- the service ---------------------------------------------------------------------------

function planServiceResource(manifest: Manifest, live: LiveState, values: PlaceholderValues, taskDefinition: PlannedTaskDefinition): ResourceChange {
  const sent = resolvePlaceholders(renderService(manifest), values)
  const comparison: ServiceComparison = {
    ignoreDesiredCount: manifest.autoscaling !== undefined,
    ignoreCapacityProviderStrategy: manifest.launchType === undefined && manifest.capacityProviders === undefined,
  }
  const desired = canonicalService({ ...sent, taskDefinition: taskDefinition.serviceReference }, comparison)
  const current = live.service && serviceFromLive(live.service)
  return resourceChange(
    {
      kind: 'service',
      name: manifest.name,
      sent,
      desired,
      live: current && canonicalService(current, comparison),
      listKeys: serviceListKeys,
      liveId: live.service?.serviceArn,
    },
    (changes) => serviceImpact(changes, sent, current, taskDefinition.networkModeChanged),
  )
}

/**
 * Per the UpdateService reference: serviceName, cluster, schedulingStrategy and the launch type
 * cannot be updated (a launch type can only become a capacity provider strategy, and back);
 * load balancers can be updated only under the ECS deployment controller. A network mode switch
 * changes how tasks attach to the load balancer, so ecsctl recreates the service for it.
 * taskDefinition, networkConfiguration, platformVersion and loadBalancers start a deployment.
 */
function serviceImpact(
  changes: FieldChange[],
  desired: CreateServiceCommandInput,
  live: CreateServiceCommandInput | undefined,
  networkModeChanged: boolean,
): string | undefined {
  const desiredHasStrategy = (desired.capacityProviderStrategy?.length ?? 0) > 0
  const liveHasStrategy = (live?.capacityProviderStrategy?.length ?? 0) > 0
  const launchTypeSwitch = touches(changes, 'launchType') && !desiredHasStrategy && !liveHasStrategy
  const controller = live?.deploymentController?.type ?? 'ECS'
  if (
    ['serviceName', 'cluster', 'schedulingStrategy'].some((field) => touches(changes, field)) ||
    launchTypeSwitch ||
    (controller !== 'ECS' && touches(changes, 'loadBalancers')) ||
    networkModeChanged
  ) {
    return IMPACT.recreateService
  }
  if (['taskDefinition', 'networkConfiguration', 'platformVersion', 'loadBalancers'].some((field) => touches(changes, field))) return IMPACT.newDeployment
  return undefined
}

// --- autoscaling ---------------------------------------------------------------------------

function planScaling(manifest: Manifest, live: LiveState, values: PlaceholderValues): ResourceChange[] {
  const rendered = renderScaling(manifest)
  const resources: ResourceChange[] = []
  const resourceId = scalableResourceId(manifest)
  const prefix = policyPrefix(manifest)

  if (rendered) {
    const sent = resolvePlaceholders(rendered.registerScalableTarget, values)
    const found = live.scalableTarget?.ResourceId === resourceId ? live.scalableTarget : undefined
    resources.push(
      resourceChange({
        kind: 'scalable-target',
        name: resourceId,
        sent,
        desired: canonicalScalableTarget(sent),
        live: found && canonicalScalableTarget(scalableTargetFromLive(found)),
        listKeys: {},
      }),
    )
  } else if (live.scalableTarget?.ResourceId === resourceId && isEcsTagged(manifest, live)) {
    // The service is ecsctl's, so is the scalable target registered on it by name.
    resources.push(deleted('scalable-target', resourceId))
  }

  const policies = [...(rendered?.targetTrackingPolicies ?? []), ...(rendered?.stepScaling.map((step) => step.policy) ?? [])]
  resources.push(
    ...planNamed(
      {
        kind: 'scaling-policy',
        declared: policies,
        nameOf: (policy) => policy.PolicyName,
        live: live.scalingPolicies,
        canonical: canonicalScalingPolicy,
        fromLive: scalingPolicyFromLive,
        listKeys: scalingPolicyListKeys,
        liveIdOf: (policy) => policy.PolicyARN,
        isOwned: (name, policy) => name.startsWith(prefix) && policy.ResourceId === resourceId,
      },
      values,
    ),
    ...planNamed(
      {
        kind: 'alarm',
        declared: rendered?.stepScaling.map((step) => step.alarm) ?? [],
        nameOf: (alarm) => alarm.AlarmName,
        live: live.alarms,
        canonical: canonicalAlarm,
        fromLive: alarmFromLive,
        listKeys: alarmListKeys,
        liveIdOf: (alarm) => alarm.alarm.AlarmArn,
        // The account-wide prefix of `web` also begins `web-api`'s alarm names: only the owner tag proves ours.
        isOwned: (name, alarm) => name.startsWith(accountWidePrefix(manifest)) && isOwnedBy(manifest, alarm.tags),
      },
      values,
    ),
    ...planNamed(
      {
        kind: 'scheduled-action',
        declared: rendered?.scheduledActions ?? [],
        nameOf: (action) => action.ScheduledActionName,
        live: live.scheduledActions,
        canonical: canonicalScheduledAction,
        fromLive: scheduledActionFromLive,
        listKeys: {},
        isOwned: (name, action) => name.startsWith(prefix) && action.ResourceId === resourceId,
      },
      values,
    ),
  )
  return resources
}

/** Resources AWS keys by a name ecsctl gives them: the declared ones compared by name, and those ecsctl owns but no longer declares deleted. */
interface NamedResources<Sent, Live> {
  kind: ResourceKind
  declared: readonly Sent[]
  nameOf: (sent: Sent) => string | undefined
  live: Readonly<Record<string, Live>>
  canonical: (sent: Sent) => unknown
  fromLive: (live: Live) => Sent
  listKeys: ListKeys
  liveIdOf?: (live: Live) => string | undefined
  /** Whether a live resource the manifest does not declare is this service's, made by ecsctl. */
  isOwned: (name: string, live: Live) => boolean
}

function planNamed<Sent, Live>(spec: NamedResources<Sent, Live>, values: PlaceholderValues): ResourceChange[] {
  const declaredNames = new Set(spec.declared.map(spec.nameOf))
  const changes = spec.declared.map((declared) => {
    const sent = resolvePlaceholders(declared, values)
    const name = spec.nameOf(sent) ?? ''
    const found = spec.live[name]
    return resourceChange({
      kind: spec.kind,
      name,
      sent,
      desired: spec.canonical(sent),
      live: found && spec.canonical(spec.fromLive(found)),
      listKeys: spec.listKeys,
      liveId: found && spec.liveIdOf?.(found),
    })
  })
  for (const [name, found] of Object.entries(spec.live)) {
    if (!declaredNames.has(name) && spec.isOwned(name, found)) changes.push(deleted(spec.kind, name, spec.liveIdOf?.(found)))
  }
  return changes
}

const isEcsTagged = (manifest: Manifest, live: LiveState) =>
  (live.service?.tags ?? []).some((tag) => tag.key === OWNER_TAG && tag.value === manifest.name)

// --- scheduled tasks -----------------------------------------------------------------------

function planEventRules(
  manifest: Manifest,
  live: LiveState,
  context: RenderContext,
  values: PlaceholderValues,
  normalizeContext: NormalizeContext,
): ResourceChange[] {
  const resources: ResourceChange[] = []
  const declared = new Set<string>()
  for (const task of renderScheduledTasks(manifest, context)) {
    const sent = resolvePlaceholders(eventRuleFromRendered(task.putRule, task.putTargets), values)
    const name = sent.Name ?? ''
    declared.add(name)
    const found = live.eventRules[name]
    resources.push(
      resourceChange({
        kind: 'event-rule',
        name,
        sent,
        desired: canonicalEventRule(sent, normalizeContext),
        live: found && canonicalEventRule(eventRuleFromLive(found), normalizeContext),
        listKeys: eventRuleListKeys,
        liveId: found?.rule.Arn,
      }),
    )
  }
  for (const [name, rule] of Object.entries(live.eventRules)) {
    if (!declared.has(name) && name.startsWith(accountWidePrefix(manifest)) && isOwnedBy(manifest, rule.tags)) resources.push(deleted('event-rule', name, rule.rule.Arn))
  }
  return resources
}
