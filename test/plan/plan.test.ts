// planService beyond the examples' single changes: what it deletes and what it leaves alone, the
// count that autoscaling owns, the impacts, and that it changes neither of its inputs.
import type { AccessPointDescription } from '@aws-sdk/client-efs'
import type { ScalingPolicy } from '@aws-sdk/client-application-auto-scaling'
import { describe, expect, it } from 'vitest'
import type { LiveState } from '../../src/lib/aws/live-state.js'
import { refuseWhatCannotBeApplied } from '../../src/lib/deploy/apply.js'
import { IMPACT, newRevisionOf, planService } from '../../src/lib/plan/index.js'
import { loadExample } from '../support/examples.js'
import { deepFreeze } from '../support/manifests.js'
import { DEPLOYED_REVISION, deployContext, liveStateAfterDeploy, ownerTag } from './fixtures/live-after-deploy.js'
import { differences, edited, editedLive, planFor, present } from './support.js'

const complete = loadExample('complete')
const deployed = liveStateAfterDeploy(complete)

const policy = (name: string, resourceId = 'service/prod/web'): ScalingPolicy => ({
  PolicyARN: `arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:0e2a:resource/ecs/${resourceId}:policyName/${name}`,
  PolicyName: name,
  ServiceNamespace: 'ecs',
  ResourceId: resourceId,
  ScalableDimension: 'ecs:service:DesiredCount',
  PolicyType: 'TargetTrackingScaling',
  TargetTrackingScalingPolicyConfiguration: { TargetValue: 50, PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' } },
  CreationTime: new Date('2024-06-01T00:00:00Z'),
})

const OLD_TARGET_GROUP = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/prod-web-old-8080/0a1b2c3d4e5f6a7b'

describe('what ecsctl owns and no longer declares', () => {
  const listener = present(complete.loadBalancers?.[0]?.alb?.listener, 'listener')
  const withLeftovers = editedLive(deployed, (live) => {
    // Named with the service's policy prefix: ecsctl's.
    live.scalingPolicies['web.old-target'] = policy('web.old-target')
    live.scheduledActions['web.weekend'] = {
      ScheduledActionName: 'web.weekend',
      ScheduledActionARN: 'arn:aws:autoscaling:us-east-1:123456789012:scheduledAction:1:resource/ecs/service/prod/web:scheduledActionName/web.weekend',
      ServiceNamespace: 'ecs',
      Schedule: 'cron(0 0 ? * SAT *)',
      ResourceId: 'service/prod/web',
      ScalableDimension: 'ecs:service:DesiredCount',
      ScalableTargetAction: { MinCapacity: 1 },
      CreationTime: new Date('2024-06-01T00:00:00Z'),
    }
    // Account-wide names with the prefix, tagged as this service's: ecsctl's.
    const alarm = present(live.alarms['ecsctl.prod.web.slow-responses'], 'alarm')
    live.alarms['ecsctl.prod.web.old-step'] = { alarm: { ...alarm.alarm, AlarmName: 'ecsctl.prod.web.old-step' }, tags: [ownerTag(complete)] }
    const rule = present(live.eventRules['ecsctl.prod.web.nightly-report'], 'rule')
    live.eventRules['ecsctl.prod.web.old-task'] = { ...rule, rule: { ...rule.rule, Name: 'ecsctl.prod.web.old-task' }, tags: [ownerTag(complete)] }
    // A rule ecsctl created on the listener for an entry since removed.
    present(live.listenerRules[listener], 'rules').push({
      rule: { RuleArn: `${listener.replace(':listener/', ':listener-rule/')}/0a0b0c0d0e0f0a0b`, Priority: '30', Conditions: [], Actions: [], IsDefault: false },
      tags: [ownerTag(complete)],
    })
    const accessPoint: AccessPointDescription = {
      ...present(live.accessPoints['fs-0123456789abcdef0']?.[0], 'access point'),
      AccessPointId: 'fsap-0aaaabbbbccccdddd',
      Name: 'prod-web-cache',
      Tags: [ownerTag(complete), { Key: 'Name', Value: 'prod-web-cache' }],
    }
    present(live.accessPoints['fs-0123456789abcdef0'], 'access points').push(accessPoint)
    // A target group ecsctl created that the service still uses, for an entry since renamed.
    live.undeclaredTargetGroups['prod-web-old-8080'] = { arn: OLD_TARGET_GROUP, tags: [ownerTag(complete)] }
  })

  it('plans each for deletion, after every create and update, in reverse apply order', () => {
    expect(differences(planFor(complete, withLeftovers))).toEqual([
      { resource: 'event rule ecsctl.prod.web.old-task', action: 'delete', changes: [], impact: 'deletes an event rule ecsctl created' },
      { resource: 'scheduled action web.weekend', action: 'delete', changes: [], impact: 'deletes a scheduled action ecsctl created' },
      { resource: 'alarm ecsctl.prod.web.old-step', action: 'delete', changes: [], impact: 'deletes an alarm ecsctl created' },
      { resource: 'scaling policy web.old-target', action: 'delete', changes: [], impact: IMPACT.deletes('scaling-policy') },
      { resource: 'listener rule priority 30', action: 'delete', changes: [], impact: 'deletes a listener rule ecsctl created' },
      { resource: 'target group prod-web-old-8080', action: 'delete', changes: [], impact: 'deletes a target group ecsctl created' },
      { resource: 'access point prod-web-cache', action: 'delete', changes: [], impact: 'deletes an access point ecsctl created' },
    ])
    expect(IMPACT.deletes('scaling-policy')).toBe('deletes a scaling policy ecsctl created')
    expect(planFor(complete, withLeftovers).resources.find((change) => change.resource === 'target group prod-web-old-8080')?.liveId).toBe(OLD_TARGET_GROUP)
  })

  it('leaves alone what has the prefix but not the owner tag, or neither', () => {
    const others = editedLive(deployed, (live) => {
      // Without the policy prefix (the reader would not even list it).
      live.scalingPolicies['web-custom'] = policy('web-custom')
      // With the prefix but on another service's scalable target.
      live.scalingPolicies['web.other'] = policy('web.other', 'service/prod/web-old')
      const alarm = present(live.alarms['ecsctl.prod.web.slow-responses'], 'alarm')
      // Made by a person with a name that happens to share the prefix: no owner tag.
      live.alarms['ecsctl.prod.web.manual'] = { alarm: { ...alarm.alarm, AlarmName: 'ecsctl.prod.web.manual' }, tags: [{ Key: 'team', Value: 'payments' }] }
      // Another service's, tagged as such.
      live.alarms['ecsctl.prod.web-api.cpu'] = { alarm: { ...alarm.alarm, AlarmName: 'ecsctl.prod.web-api.cpu' }, tags: [{ Key: 'ecsctl:service', Value: 'web-api' }] }
      const rule = present(live.eventRules['ecsctl.prod.web.nightly-report'], 'rule')
      live.eventRules['ecsctl.prod.web.cleanup'] = { ...rule, rule: { ...rule.rule, Name: 'ecsctl.prod.web.cleanup' }, tags: [] }
      // A target group the service uses that someone else made.
      live.undeclaredTargetGroups['blue-green-8080'] = { arn: OLD_TARGET_GROUP.replace('prod-web-old-8080', 'blue-green-8080'), tags: [] }
    })
    // The listener's other rules (another team's, the default rule) are in every fixture already.
    expect(differences(planFor(complete, others))).toEqual([])
  })

  it('deregisters the scalable target of its own service when autoscaling is removed', () => {
    const withoutAutoscaling = edited(complete, (m) => {
      delete m.autoscaling
    })
    const scaledOut = editedLive(deployed, (live) => {
      present(live.service, 'service').desiredCount = 6
    })
    const found = differences(planFor(withoutAutoscaling, scaledOut))
    expect(found.filter((d) => d.action === 'delete').map((d) => d.resource)).toEqual([
      'scheduled action web.business-hours',
      'scheduled action web.night',
      'alarm ecsctl.prod.web.slow-responses',
      'scaling policy web.cpu',
      'scaling policy web.memory',
      'scaling policy web.requests',
      'scaling policy web.queue',
      'scaling policy web.step.slow-responses',
      'scalable target service/prod/web',
    ])
    // ...and the count is the manifest's again.
    expect(found.find((d) => d.resource === 'service web')).toEqual({ resource: 'service web', action: 'update', changes: [{ path: 'desiredCount', before: 6, after: 2 }] })
  })

  it('keeps a scalable target registered on a service ecsctl did not tag', () => {
    const untagged = editedLive(deployed, (live) => {
      present(live.service, 'service').tags = []
    })
    const withoutAutoscaling = edited(complete, (m) => {
      delete m.autoscaling
    })
    const resources = planFor(withoutAutoscaling, untagged).resources.map((r) => r.resource)
    expect(resources).not.toContain('scalable target service/prod/web')
  })
})

describe('desiredCount', () => {
  it('is no difference while autoscaling owns the count', () => {
    const scaledOut = editedLive(deployed, (live) => {
      const service = present(live.service, 'service')
      service.desiredCount = 17
      service.runningCount = 17
    })
    expect(differences(planFor(complete, scaledOut))).toEqual([])
  })

  it('is a difference without autoscaling, and starts no deployment', () => {
    const manifest = loadExample('fargate-web')
    const live = editedLive(liveStateAfterDeploy(manifest), (state) => {
      present(state.service, 'service').desiredCount = 5
    })
    expect(differences(planFor(manifest, live))).toEqual([{ resource: 'service shop-frontend', action: 'update', changes: [{ path: 'desiredCount', before: 5, after: 2 }] }])
  })
})

describe('the task definition', () => {
  it('is compared with the latest ACTIVE revision: a service still on an older one rolls to it', () => {
    const behind = editedLive(deployed, (live) => {
      present(live.service, 'service').taskDefinition = `arn:aws:ecs:us-east-1:123456789012:task-definition/web:${DEPLOYED_REVISION - 2}`
    })
    expect(differences(planFor(complete, behind))).toEqual([
      {
        resource: 'service web',
        action: 'update',
        changes: [{ path: 'taskDefinition', before: `web:${DEPLOYED_REVISION - 2}`, after: `web:${DEPLOYED_REVISION}` }],
        impact: IMPACT.newDeployment,
      },
    ])
  })

  it('needs no new revision for a change of tags only (they change in place)', () => {
    const retagged = edited(complete, (m) => {
      m.tags = { team: 'payments', costCenter: '42' }
    })
    const taskDefinition = present(
      differences(planFor(retagged, deployed)).find((d) => d.resource === 'task definition web'),
      'task definition',
    )
    expect(taskDefinition).toEqual({ resource: 'task definition web', action: 'update', changes: [{ path: 'tags[costCenter]', after: '42' }] })
    expect(differences(planFor(retagged, deployed)).find((d) => d.resource === 'service web')?.changes).toEqual([{ path: 'tags[costCenter]', after: '42' }])
  })

  it('is all new when the family has no ACTIVE revision', () => {
    const gone = editedLive(deployed, (live) => {
      delete live.taskDefinition
    })
    const found = differences(planFor(complete, gone))
    expect(found.map((d) => `${d.resource}: ${d.action}`)).toEqual(['task definition web: create', 'service web: update'])
    expect(found[1]).toMatchObject({ changes: [{ path: 'taskDefinition', before: `web:${DEPLOYED_REVISION}`, after: newRevisionOf('web') }], impact: IMPACT.newDeployment })
  })

  it('matches a role written as a name against the ARN ECS stores', () => {
    // complete.yml gives the execution role by name; the live revision holds its ARN.
    expect(deployed.taskDefinition?.taskDefinition.executionRoleArn).toBe('arn:aws:iam::123456789012:role/ecsTaskExecutionRole')
    const byName = editedLive(deployed, (live) => {
      present(live.taskDefinition, 'task definition').taskDefinition.taskRoleArn = 'web-task'
    })
    expect(differences(planFor(complete, byName))).toEqual([])
  })
})

describe('impacts', () => {
  it('a launch type switch cannot be done in place', () => {
    const onEc2 = editedLive(deployed, (live) => {
      present(live.service, 'service').launchType = 'EC2'
    })
    expect(differences(planFor(complete, onEc2))).toEqual([
      { resource: 'service web', action: 'update', changes: [{ path: 'launchType', before: 'EC2', after: 'FARGATE' }], impact: IMPACT.recreateService },
    ])
  })

  it('moving from a launch type to capacity providers is an update in place', () => {
    const toSpot = edited(complete, (m) => {
      delete m.launchType
      m.capacityProviders = [{ provider: 'FARGATE_SPOT', weight: 1 }]
    })
    const service = present(differences(planFor(toSpot, deployed)).find((d) => d.resource === 'service web'), 'service')
    // The manifest's fields first, then what only AWS has.
    expect(service.changes).toEqual([
      { path: 'capacityProviderStrategy[FARGATE_SPOT].capacityProvider', after: 'FARGATE_SPOT' },
      { path: 'capacityProviderStrategy[FARGATE_SPOT].weight', after: 1 },
      { path: 'capacityProviderStrategy[FARGATE_SPOT].base', after: 0 },
      { path: 'launchType', before: 'FARGATE' },
    ])
    expect(service.impact).toBeUndefined()
  })

  it('load balancers cannot change under the CodeDeploy controller', () => {
    const codeDeploy = editedLive(deployed, (live) => {
      present(live.service, 'service').deploymentController = { type: 'CODE_DEPLOY' }
    })
    const movedPort = edited(complete, (m) => {
      present(m.loadBalancers?.[0], 'load balancer').container = 'migrate'
    })
    const service = present(differences(planFor(movedPort, codeDeploy)).find((d) => d.resource === 'service web'), 'service')
    expect(service.impact).toBe(IMPACT.recreateService)
    expect(service.changes).toContainEqual({ path: 'deploymentController.type', before: 'CODE_DEPLOY', after: 'ECS' })
  })

  it('a network mode switch recreates the service', () => {
    const manifest = loadExample('ec2-bridge')
    const live = liveStateAfterDeploy(manifest)
    const toHost = edited(manifest, (m) => {
      m.networkMode = 'host'
    })
    const found = differences(planFor(toHost, live, manifest))
    // The manifest writes hostPort 0 itself, so only the mode differs.
    expect(found.find((d) => d.resource === 'task definition legacy-api')?.changes).toEqual([{ path: 'networkMode', before: 'bridge', after: 'host' }])
    expect(found.find((d) => d.resource === 'service legacy-api')?.impact).toBe(IMPACT.recreateService)
  })

  it('a renamed target group: created, and the rule moving traffic to it says that requests fail until the new tasks are healthy', () => {
    const renamed = edited(complete, (m) => {
      present(m.loadBalancers?.[0]?.alb, 'alb').targetGroupName = 'web-app-v2'
    })
    const found = differences(planFor(renamed, deployed))
    expect(found.find((d) => d.resource === 'target group web-app-v2')?.action).toBe('create')
    expect(found.find((d) => d.resource === 'listener rule web-app-v2')).toMatchObject({ action: 'update', impact: IMPACT.movesTrafficToNewTargetGroup })
    // An update that forwards to the group already there is no such move.
    const samePath = edited(complete, (m) => {
      present(m.loadBalancers?.[0]?.alb, 'alb').rule.paths = ['/v2/*']
    })
    const rule = present(differences(planFor(samePath, deployed)).find((d) => d.resource === 'listener rule web-app-8080'), 'rule')
    expect(rule.action).toBe('update')
    expect(rule.impact).toBeUndefined()
  })

  it('a target group port cannot change in place: what points at the group changes with it', () => {
    const newPort = edited(complete, (m) => {
      const lb = present(m.loadBalancers?.[0], 'load balancer')
      lb.port = 9090
      present(m.containers.app, 'app').ports = [8080, 9090]
    })
    const found = differences(planFor(newPort, deployed))
    const targetGroupArn = present(deployed.targetGroups['web-app-8080']?.targetGroup.TargetGroupArn, 'target group ARN')
    expect(found.find((d) => d.resource === 'target group web-app-8080')).toEqual({
      resource: 'target group web-app-8080',
      action: 'update',
      changes: [{ path: 'Port', before: 8080, after: 9090 }],
      impact: IMPACT.recreateTargetGroup,
    })
    // A new target group has a new ARN: the rule and the service must follow.
    expect(found.find((d) => d.resource === 'listener rule web-app-8080')?.changes).toEqual([
      { path: 'Actions[forward].TargetGroupArn', before: targetGroupArn, after: '<target-group:web-app-8080:arn>' },
    ])
    const service = present(found.find((d) => d.resource === 'service web'), 'service')
    expect(service.impact).toBe(IMPACT.newDeployment)
    expect(service.changes).toContainEqual({ path: 'loadBalancers[app:9090].targetGroupArn', after: '<target-group:web-app-8080:arn>' })
  })

  it('a health check change is an update in place', () => {
    const newPath = edited(complete, (m) => {
      present(present(m.loadBalancers?.[0]?.alb, 'alb').healthCheck, 'health check').path = '/ready'
    })
    expect(differences(planFor(newPath, deployed))).toEqual([
      { resource: 'target group web-app-8080', action: 'update', changes: [{ path: 'HealthCheckPath', before: '/healthz', after: '/ready' }] },
    ])
  })

  it('a changed access point is a new one, with a new id in a new revision', () => {
    const newPath = edited(complete, (m) => {
      const accessPoint = present(m.volumes?.data?.efs?.accessPoint, 'access point')
      if (typeof accessPoint === 'string') throw new Error('expected an access point ecsctl creates')
      accessPoint.path = '/web-v2'
    })
    const found = differences(planFor(newPath, deployed))
    expect(found.find((d) => d.resource === 'access point prod-web-data')).toEqual({
      resource: 'access point prod-web-data',
      action: 'update',
      changes: [{ path: 'RootDirectory.Path', before: '/web', after: '/web-v2' }],
      impact: IMPACT.recreateAccessPoint,
    })
    expect(found.find((d) => d.resource === 'task definition web')).toMatchObject({
      changes: [{ path: 'volumes[data].efsVolumeConfiguration.authorizationConfig.accessPointId', after: '<access-point:data:id>' }],
      impact: IMPACT.newRevision,
    })
  })

  it('a rule priority taken by a rule ecsctl did not create is said', () => {
    const taken = edited(complete, (m) => {
      present(m.loadBalancers?.[0]?.alb, 'alb').rule.priority = 5
    })
    expect(differences(planFor(taken, deployed))).toEqual([
      { resource: 'listener rule web-app-8080', action: 'update', changes: [{ path: 'Priority', before: 10, after: 5 }], impact: IMPACT.priorityTaken(5) },
    ])
  })

  it('a rule priority held by another rule ecsctl created for the service is said as such, and refused before any write', () => {
    const listener = present(complete.loadBalancers?.[0]?.alb?.listener, 'listener')
    const withOldRule = editedLive(deployed, (live) => {
      present(live.listenerRules[listener], 'rules').push({
        rule: { RuleArn: `${listener.replace(':listener/', ':listener-rule/')}/0a0b0c0d0e0f0a0b`, Priority: '7', Conditions: [], Actions: [], IsDefault: false },
        tags: [ownerTag(complete)],
      })
    })
    const taken = edited(complete, (m) => {
      present(m.loadBalancers?.[0]?.alb, 'alb').rule.priority = 7
    })
    const plan = planFor(taken, withOldRule)
    expect(differences(plan).find((d) => d.resource === 'listener rule web-app-8080')?.impact).toBe(IMPACT.priorityTakenByOwnRule(7))
    expect(() => refuseWhatCannotBeApplied(plan)).toThrow(/held by another rule ecsctl created for this service.*Deploy once with a free priority/s)
  })

  it('a listener that does not exist is said, not planned as a create', () => {
    const nlb = loadExample('nlb-service')
    const live = editedLive(liveStateAfterDeploy(nlb), (state) => {
      state.listeners = {}
    })
    const listener = present(differences(planFor(nlb, live)).find((d) => d.resource.startsWith('listener ')), 'listener')
    expect(listener).toMatchObject({ action: 'update', impact: IMPACT.missingListener })
  })
})

describe('planService', () => {
  it('changes neither the manifest nor the live state', () => {
    const manifest = deepFreeze(structuredClone(complete))
    const live: LiveState = deepFreeze(liveStateAfterDeploy(complete))
    expect(() => planService(manifest, live, deployContext(complete))).not.toThrow()
  })

  it('takes the account from the live state when the context has only a placeholder', () => {
    const plan = planService(complete, deployed, { region: 'us-east-1', accountId: '<account-id>' })
    expect(differences(plan)).toEqual([])
  })
})
