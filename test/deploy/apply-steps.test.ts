// Each apply step over one change to a deployed example: the plan decides what changed, the step
// sends exactly the requests that change needs (and only for what ecsctl owns), with the defaults
// of fields the manifest dropped sent explicitly so that the next plan finds nothing to do.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createClients, type AwsClients } from '../../src/lib/aws/clients.js'
import type { LiveState } from '../../src/lib/aws/live-state.js'
import { ApplyError, applyAfterRollout, applyPlan, type ApplyInput, type ApplyResult } from '../../src/lib/deploy/apply.js'
import { primaryDeploymentId } from '../../src/lib/deploy/steps/index.js'
import type { Manifest } from '../../src/lib/manifest/schema.js'
import { planService, type Plan } from '../../src/lib/plan/index.js'
import { loadExample } from '../support/examples.js'
import { deployContext, liveStateAfterDeploy, ownerTag } from '../plan/fixtures/live-after-deploy.js'
import { edited, editedLive, present } from '../plan/support.js'
import { awsError } from './support.js'
import { answer, answerWrites, expectNothingUnexpected, inputsOf, newAccessPointId, NEW_DEPLOYMENT, onlyInputOf, resetAws, writeOperations, type WriteOptions } from './deploy-harness.js'

let clients: AwsClients

beforeEach(() => {
  resetAws()
  clients = createClients({ region: 'us-east-1' })
})

afterEach(() => expectNothingUnexpected())

interface Applied {
  result: ApplyResult
  input: ApplyInput
  plan: Plan
}

interface ChangeOptions {
  writes?: WriteOptions
  /** Answers that replace the harness's own, installed after them. */
  answers?: () => Promise<void>
}

/**
 * Deploys `example` changed by `edit` over the fixture's state after a deploy of the unchanged
 * example (changed by `editLive`), answering every write.
 */
async function applyChange(
  example: string,
  edit: (manifest: Manifest) => void,
  editLive: (live: LiveState) => void = () => {},
  options: ChangeOptions = {},
): Promise<Applied> {
  const deployed = loadExample(example)
  const manifest = edited(deployed, edit)
  const live = editedLive(liveStateAfterDeploy(deployed), editLive)
  const context = deployContext(deployed)
  await answerWrites({ region: context.region, accountId: context.accountId, revision: 8, ...options.writes })
  await options.answers?.()
  const plan = planService(manifest, live, context)
  const input: ApplyInput = { clients, manifest, live, plan, context }
  return { result: await applyPlan(input), input, plan }
}

const app = (manifest: Manifest) => present(manifest.containers.app, 'container app')
const alb = (manifest: Manifest) => present(manifest.loadBalancers?.[0]?.alb, 'alb')
const autoscaling = (manifest: Manifest) => present(manifest.autoscaling, 'autoscaling')

describe('log group', () => {
  it('a changed retention is put', async () => {
    await applyChange('complete', (m) => {
      app(m).logging = { group: '/ecs/web', retentionDays: 90 }
    })
    expect(writeOperations()).toEqual(['PutRetentionPolicy'])
    expect(onlyInputOf('PutRetentionPolicy')).toEqual({ logGroupName: '/ecs/web', retentionInDays: 90 })
  })

  it('a dropped retention goes back to "never expire"', async () => {
    await applyChange('complete', (m) => {
      app(m).logging = { group: '/ecs/web' }
    })
    expect(writeOperations()).toEqual(['DeleteRetentionPolicy'])
    expect(onlyInputOf('DeleteRetentionPolicy')).toEqual({ logGroupName: '/ecs/web' })
  })

  it('a group created meanwhile (by the awslogs driver, another deploy) is no failure', async () => {
    const { result } = await applyChange(
      'complete',
      () => {},
      (live) => {
        live.logGroups = {}
      },
      {
        answers: async () => {
          const { CreateLogGroupCommand } = await import('@aws-sdk/client-cloudwatch-logs')
          answer('logs', CreateLogGroupCommand, () => {
            throw awsError('ResourceAlreadyExistsException', 'The specified log group already exists')
          })
        },
      },
    )
    expect(result.actions).toEqual([{ resource: 'log group /ecs/web', action: 'create', requests: ['logs:CreateLogGroup', 'logs:PutRetentionPolicy'] }])
  })
})

/** A changed access point definition: EFS cannot change one in place, so a new one is made. */
const newAccessPointPath = (m: Manifest) => {
  const efs = present(m.volumes?.data?.efs, 'efs')
  efs.accessPoint = { path: '/web-v2', posixUser: { uid: 1000, gid: 1000 }, permissions: '0755' }
}

/** The access point the registered revision's volume names. */
const registeredAccessPointId = () =>
  onlyInputOf<{ volumes: { efsVolumeConfiguration?: { authorizationConfig?: { accessPointId?: string } } }[] }>('RegisterTaskDefinition').volumes[0]?.efsVolumeConfiguration
    ?.authorizationConfig?.accessPointId

describe('access point', () => {
  it('a changed definition: a new access point, named in the new revision; the old one deleted only after the rollout', async () => {
    const { result, input } = await applyChange('complete', newAccessPointPath)
    expect(writeOperations()).toEqual(['CreateAccessPoint', 'RegisterTaskDefinition', 'UpdateService'])
    expect(registeredAccessPointId()).toBe(newAccessPointId(1))
    const old = present(input.live.accessPoints['fs-0123456789abcdef0']?.[0]?.AccessPointId, 'old access point')
    expect(result.afterRollout).toEqual([expect.objectContaining({ kind: 'access-point', action: 'delete', liveId: old })])

    const later = await applyAfterRollout(result.afterRollout, input)
    expect(onlyInputOf('DeleteAccessPoint')).toEqual({ AccessPointId: old })
    expect(later).toEqual([{ resource: 'access point prod-web-data', action: 'delete', requests: ['elasticfilesystem:DeleteAccessPoint'] }])
  })

  it('a client token EFS has seen: the access point it names is the one used, not an error', async () => {
    const { result } = await applyChange(
      'complete',
      newAccessPointPath,
      () => {},
      {
        answers: async () => {
          const { CreateAccessPointCommand } = await import('@aws-sdk/client-efs')
          answer('efs', CreateAccessPointCommand, () => {
            throw Object.assign(new Error('Access point with client token already exists.'), {
              name: 'AccessPointAlreadyExists',
              AccessPointId: 'fsap-0feedfacefeedface',
              $metadata: { httpStatusCode: 409 },
            })
          })
        },
      },
    )
    expect(registeredAccessPointId()).toBe('fsap-0feedfacefeedface')
    expect(result.actions[0]).toMatchObject({ resource: 'access point prod-web-data', note: expect.stringContaining('created fsap-0feedfacefeedface') })
  })

  it('a later step fails: the replaced access point, still to delete, is listed as not applied', async () => {
    const failed = await applyChange(
      'complete',
      newAccessPointPath,
      () => {},
      {
        answers: async () => {
          const { RegisterTaskDefinitionCommand } = await import('@aws-sdk/client-ecs')
          answer('ecs', RegisterTaskDefinitionCommand, () => {
            throw awsError('ClientException', 'Too many revisions.')
          })
        },
      },
    ).then(
      () => undefined,
      (error: unknown) => error as ApplyError,
    )
    expect(failed?.applied.map((action) => action.resource)).toEqual(['access point prod-web-data'])
    expect(failed?.notApplied).toEqual(['update task definition web', 'update service web', 'delete access point prod-web-data'])
  })

  it('changed tags only: tagged in place', async () => {
    await applyChange('complete', (m) => {
      m.tags = { team: 'payments', costCenter: '42' }
    })
    const tagged = inputsOf('TagResource')
    expect(tagged).toContainEqual({ ResourceId: expect.stringMatching(/^fsap-/), Tags: [{ Key: 'costCenter', Value: '42' }] })
    expect(writeOperations()).not.toContain('CreateAccessPoint')
  })
})

describe('task definition', () => {
  it('identical to the latest ACTIVE revision: reused, nothing registered', async () => {
    const { result } = await applyChange('complete', () => {})
    expect(writeOperations()).toEqual([])
    expect(result.taskDefinition).toEqual({ arn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:7', revision: 'web:7', registered: false })
  })

  it('different: one revision registered, and the service moved to its ARN', async () => {
    const { result } = await applyChange('complete', (m) => {
      app(m).environment = { ...app(m).environment, LOG_LEVEL: 'debug' }
    })
    expect(writeOperations()).toEqual(['RegisterTaskDefinition', 'UpdateService'])
    expect(onlyInputOf('UpdateService')).toEqual({ cluster: 'prod', service: 'web', taskDefinition: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:8' })
    expect(result.service).toEqual({ deploymentId: NEW_DEPLOYMENT, startedDeployment: true })
    expect(result.previousTaskDefinition).toBe('arn:aws:ecs:us-east-1:123456789012:task-definition/web:7')
  })
})

describe('target group', () => {
  it('a dropped health check path and matcher go back to the defaults, sent explicitly', async () => {
    await applyChange('complete', (m) => {
      alb(m).healthCheck = { interval: 15, healthyThreshold: 2 }
    })
    expect(writeOperations()).toEqual(['ModifyTargetGroup'])
    expect(onlyInputOf('ModifyTargetGroup')).toEqual({
      TargetGroupArn: expect.stringMatching(/:targetgroup\/web-app-8080\//),
      HealthCheckPath: '/',
      Matcher: { HttpCode: '200' },
    })
  })

  it('an unset timeout accepts either default AWS documents for HTTP (5 or 6 seconds); a dropped one goes back to 6', async () => {
    const deployed = loadExample('complete')
    const withTimeout = (seconds: number) => (live: LiveState) => {
      present(live.targetGroups['web-app-8080'], 'target group').targetGroup.HealthCheckTimeoutSeconds = seconds
    }
    await applyChange('complete', () => {}, withTimeout(5))
    expect(writeOperations()).toEqual([])

    resetAws()
    await applyChange('complete', () => {}, withTimeout(20))
    expect(onlyInputOf('ModifyTargetGroup')).toEqual({ TargetGroupArn: expect.stringMatching(/web-app-8080/), HealthCheckTimeoutSeconds: 6 })
    // ...which the next plan takes as the default.
    const after = editedLive(liveStateAfterDeploy(deployed), withTimeout(6))
    expect(planService(deployed, after, deployContext(deployed)).resources.every((r) => r.action === 'unchanged')).toBe(true)
  })

  it('a dropped deregistration delay goes back to 300 seconds', async () => {
    await applyChange('complete', (m) => {
      delete alb(m).deregistrationDelay
    })
    expect(writeOperations()).toEqual(['ModifyTargetGroupAttributes'])
    expect(onlyInputOf('ModifyTargetGroupAttributes')).toMatchObject({ Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '300' }] })
  })

  it('tags: added and removed through AddTags and RemoveTags, on the target group and the rule', async () => {
    await applyChange('complete', (m) => {
      m.tags = { owner: 'web-team' }
    })
    const added = inputsOf<{ ResourceArns: string[]; Tags: unknown }>('AddTags')
    const removed = inputsOf<{ ResourceArns: string[]; TagKeys: string[] }>('RemoveTags')
    expect(added.map((i) => i.ResourceArns[0])).toEqual([expect.stringMatching(/:targetgroup\//), expect.stringMatching(/:listener-rule\//)])
    for (const input of added) expect(input.Tags).toEqual([{ Key: 'owner', Value: 'web-team' }])
    // The owner tag stays; only the manifest's own tag that was dropped goes.
    for (const input of removed) expect(input.TagKeys).toEqual(['team'])
  })
})

describe('listener rule', () => {
  it('a new priority: SetRulePriorities on the rule ecsctl created', async () => {
    const { input } = await applyChange('complete', (m) => {
      alb(m).rule.priority = 11
    })
    const listener = alb(loadExample('complete')).listener
    const ours = present(input.live.listenerRules[listener]?.find((r) => r.tags.some((t) => t.Key === 'ecsctl:service')), 'our rule')
    expect(writeOperations()).toEqual(['SetRulePriorities'])
    expect(onlyInputOf('SetRulePriorities')).toEqual({ RulePriorities: [{ RuleArn: ours.rule.RuleArn, Priority: 11 }] })
  })

  it('new hosts: ModifyRule with the conditions and the forward action', async () => {
    await applyChange('complete', (m) => {
      alb(m).rule.hosts = ['api.example.com', 'www.example.com']
    })
    expect(writeOperations()).toEqual(['ModifyRule'])
    expect(onlyInputOf('ModifyRule')).toMatchObject({
      Conditions: [
        { Field: 'host-header', HostHeaderConfig: { Values: ['api.example.com', 'www.example.com'] } },
        { Field: 'path-pattern', PathPatternConfig: { Values: ['/v1/*'] } },
      ],
      Actions: [{ Type: 'forward', TargetGroupArn: expect.stringMatching(/:targetgroup\/web-app-8080\//) }],
    })
  })
})

describe('nlb listener', () => {
  it('a default action forwarding elsewhere is pointed back at the service target group', async () => {
    await applyChange(
      'nlb-service',
      () => {},
      (live) => {
        for (const listener of Object.values(live.listeners)) listener.DefaultActions = [{ Type: 'forward', TargetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/other/1' }]
      },
    )
    expect(writeOperations()).toEqual(['ModifyListener'])
    expect(onlyInputOf<{ DefaultActions: unknown }>('ModifyListener').DefaultActions).toEqual([{ Type: 'forward', TargetGroupArn: expect.stringMatching(/:targetgroup\//) }])
  })
})

describe('service', () => {
  it('under autoscaling: a changed desiredCount is not sent, not even with a new revision', async () => {
    await applyChange(
      'complete',
      (m) => {
        m.desiredCount = 3
        app(m).image = `${app(m).image}-2`
      },
      (live) => {
        present(live.service, 'service').desiredCount = 12
      },
    )
    expect(writeOperations()).toEqual(['RegisterTaskDefinition', 'UpdateService'])
    expect(onlyInputOf('UpdateService')).not.toHaveProperty('desiredCount')
  })

  it('without autoscaling: desiredCount alone is an update that starts no deployment', async () => {
    // ECS answers with the PRIMARY deployment the service already had.
    const current = present(primaryDeploymentId(liveStateAfterDeploy(loadExample('fargate-web')).service), 'deployment')
    const { result } = await applyChange(
      'fargate-web',
      (m) => {
        m.desiredCount = 4
      },
      () => {},
      { writes: { keepsDeployment: current } },
    )
    expect(onlyInputOf('UpdateService')).toEqual({ cluster: 'staging', service: 'shop-frontend', desiredCount: 4 })
    expect(result.service).toEqual({ deploymentId: current, startedDeployment: false })
  })

  it('a dropped circuit breaker and grace period go back to ECS defaults, sent explicitly', async () => {
    await applyChange('complete', (m) => {
      delete m.deployment.circuitBreaker
      delete m.healthCheckGracePeriod
    })
    expect(onlyInputOf('UpdateService')).toEqual({
      cluster: 'prod',
      service: 'web',
      healthCheckGracePeriodSeconds: 0,
      deploymentConfiguration: {
        maximumPercent: 200,
        minimumHealthyPercent: 100,
        deploymentCircuitBreaker: { enable: false, rollback: false },
        strategy: 'ROLLING',
        alarms: { alarmNames: [], enable: false, rollback: false },
      },
    })
  })

  it('a new capacity provider strategy forces a new deployment', async () => {
    const { result } = await applyChange('spot-worker', (m) => {
      m.capacityProviders = [{ provider: 'FARGATE', weight: 1 }]
    })
    expect(onlyInputOf('UpdateService')).toMatchObject({ capacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1 }], forceNewDeployment: true })
    expect(result.service?.startedDeployment).toBe(true)
  })

  it('tags change through TagResource and UntagResource, not UpdateService', async () => {
    await applyChange('fargate-web', (m) => {
      m.tags = { team: 'shop' }
    })
    expect(writeOperations()).not.toContain('UpdateService')
    expect(inputsOf('TagResource')).toContainEqual({ resourceArn: expect.stringMatching(/:service\/staging\/shop-frontend$/), tags: [{ key: 'team', value: 'shop' }] })
  })
})

describe('autoscaling', () => {
  it('a new maximum: RegisterScalableTarget, without tags for an existing target', async () => {
    await applyChange('complete', (m) => {
      autoscaling(m).max = 30
    })
    expect(writeOperations()).toEqual(['RegisterScalableTarget'])
    expect(onlyInputOf('RegisterScalableTarget')).toEqual({ ServiceNamespace: 'ecs', ResourceId: 'service/prod/web', ScalableDimension: 'ecs:service:DesiredCount', MinCapacity: 2, MaxCapacity: 30 })
  })

  it("a new alarm threshold: PutMetricAlarm with the live step policy's ARN as its action", async () => {
    const { input } = await applyChange('complete', (m) => {
      const step = present(autoscaling(m).steps?.[0], 'step')
      step.alarm.threshold = 0.8
    })
    expect(writeOperations()).toEqual(['PutMetricAlarm'])
    const policyArn = input.live.scalingPolicies['web.step.slow-responses']?.PolicyARN
    expect(onlyInputOf('PutMetricAlarm')).toMatchObject({ AlarmName: 'ecsctl.prod.web.slow-responses', Threshold: 0.8, AlarmActions: [policyArn] })
    expect(onlyInputOf('PutMetricAlarm')).not.toHaveProperty('Tags')
  })

  it('new step adjustments: PutScalingPolicy, whose answer is the ARN the alarm keeps', async () => {
    await applyChange('complete', (m) => {
      const step = present(autoscaling(m).steps?.[0], 'step')
      step.adjustments = [{ lower: 0, change: 2 }]
    })
    expect(writeOperations()).toEqual(['PutScalingPolicy'])
  })

  it('a dropped time zone goes back to UTC, sent explicitly', async () => {
    await applyChange('complete', (m) => {
      const schedule = present(autoscaling(m).schedules?.[0], 'schedule')
      delete schedule.timezone
    })
    expect(writeOperations()).toEqual(['PutScheduledAction'])
    expect(onlyInputOf('PutScheduledAction')).toMatchObject({ ScheduledActionName: 'web.business-hours', Timezone: 'UTC' })
  })

  it('a dropped minimum: the scheduled action is deleted and put again (PutScheduledAction keeps what it is not sent)', async () => {
    const { result } = await applyChange('complete', (m) => {
      const schedule = present(autoscaling(m).schedules?.[1], 'schedule')
      delete schedule.min
    })
    expect(writeOperations()).toEqual(['DeleteScheduledAction', 'PutScheduledAction'])
    expect(onlyInputOf('PutScheduledAction')).toMatchObject({ ScheduledActionName: 'web.night', ScalableTargetAction: { MaxCapacity: 5 } })
    expect(result.actions[0]?.note).toMatch(/deleted and put again/)
  })
})

describe('EventBridge rules', () => {
  it('a new schedule: PutRule alone, without tags; the targets stay', async () => {
    await applyChange('complete', (m) => {
      present(m.tasks?.['nightly-report'], 'task').schedule = 'cron(0 4 * * ? *)'
    })
    expect(writeOperations()).toEqual(['PutRule'])
    expect(onlyInputOf('PutRule')).toMatchObject({ Name: 'ecsctl.prod.web.nightly-report', ScheduleExpression: 'cron(0 4 * * ? *)' })
    expect(onlyInputOf('PutRule')).not.toHaveProperty('Tags')
  })

  it('a new command: PutTargets alone, the task definition by family (its latest revision)', async () => {
    await applyChange('complete', (m) => {
      present(m.tasks?.['nightly-report'], 'task').command = ['node', 'report.js', '--full']
    })
    expect(writeOperations()).toEqual(['PutTargets'])
    const target = present(onlyInputOf<{ Targets: { Input: string; EcsParameters: { TaskDefinitionArn: string } }[] }>('PutTargets').Targets[0], 'target')
    expect(JSON.parse(target.Input)).toEqual({ containerOverrides: [{ name: 'app', command: ['node', 'report.js', '--full'] }] })
    expect(target.EcsParameters.TaskDefinitionArn).toBe('arn:aws:ecs:us-east-1:123456789012:task-definition/web')
  })
})

const OLD_TARGET_GROUP = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/prod-web-old-8080/0a1b2c3d4e5f6a7b'

describe('deletes', () => {
  const complete = loadExample('complete')
  const listener = alb(complete).listener
  const leftovers = (live: LiveState) => {
    const policy = present(live.scalingPolicies['web.cpu'], 'policy')
    live.scalingPolicies['web.old-target'] = { ...policy, PolicyName: 'web.old-target', PolicyARN: `${policy.PolicyARN ?? ''}-old` }
    // Same prefix, another service's scalable target: not ours to delete.
    live.scalingPolicies['web.elsewhere'] = { ...policy, PolicyName: 'web.elsewhere', ResourceId: 'service/prod/web-old' }
    const action = present(live.scheduledActions['web.night'], 'action')
    live.scheduledActions['web.weekend'] = { ...action, ScheduledActionName: 'web.weekend' }
    const alarm = present(live.alarms['ecsctl.prod.web.slow-responses'], 'alarm')
    live.alarms['ecsctl.prod.web.old-step'] = { alarm: { ...alarm.alarm, AlarmName: 'ecsctl.prod.web.old-step' }, tags: [ownerTag(complete)] }
    // The prefix, but made by a person (no owner tag), and another service's: both stay.
    live.alarms['ecsctl.prod.web.manual'] = { alarm: { ...alarm.alarm, AlarmName: 'ecsctl.prod.web.manual' }, tags: [] }
    live.alarms['ecsctl.prod.web-api.cpu'] = { alarm: { ...alarm.alarm, AlarmName: 'ecsctl.prod.web-api.cpu' }, tags: [{ Key: 'ecsctl:service', Value: 'web-api' }] }
    const rule = present(live.eventRules['ecsctl.prod.web.nightly-report'], 'rule')
    live.eventRules['ecsctl.prod.web.old-task'] = { ...rule, rule: { ...rule.rule, Name: 'ecsctl.prod.web.old-task' }, tags: [ownerTag(complete)] }
    live.eventRules['ecsctl.prod.web.cleanup'] = { ...rule, rule: { ...rule.rule, Name: 'ecsctl.prod.web.cleanup' }, tags: [] }
    present(live.listenerRules[listener], 'rules').push({
      rule: { RuleArn: `${listener.replace(':listener/', ':listener-rule/')}/0a0b0c0d0e0f0a0b`, Priority: '30', Conditions: [], Actions: [], IsDefault: false },
      tags: [ownerTag(complete)],
    })
    const accessPoint = present(live.accessPoints['fs-0123456789abcdef0']?.[0], 'access point')
    present(live.accessPoints['fs-0123456789abcdef0'], 'access points').push({
      ...accessPoint,
      AccessPointId: 'fsap-0aaaabbbbccccdddd',
      Name: 'prod-web-cache',
      Tags: [ownerTag(complete), { Key: 'Name', Value: 'prod-web-cache' }],
    })
    // The service still uses a target group ecsctl made for an entry since renamed; and one someone else made.
    live.undeclaredTargetGroups['prod-web-old-8080'] = { arn: OLD_TARGET_GROUP, tags: [ownerTag(complete)] }
    live.undeclaredTargetGroups['blue-green'] = { arn: OLD_TARGET_GROUP.replace('prod-web-old-8080', 'blue-green'), tags: [] }
  }

  it('deletes what ecsctl created and no longer declares, and nothing else; access points and target groups after the rollout', async () => {
    const { result, input } = await applyChange('complete', () => {}, leftovers)
    expect(writeOperations()).toEqual(['RemoveTargets', 'DeleteRule', 'DeleteScheduledAction', 'DeleteAlarms', 'DeleteScalingPolicy', 'DeleteRule'])
    expect(inputsOf('RemoveTargets')).toEqual([{ Rule: 'ecsctl.prod.web.old-task', Ids: ['nightly-report'] }])
    expect(inputsOf('DeleteRule')).toEqual([{ Name: 'ecsctl.prod.web.old-task' }, { RuleArn: expect.stringMatching(/\/0a0b0c0d0e0f0a0b$/) }])
    expect(onlyInputOf('DeleteScheduledAction')).toEqual({ ServiceNamespace: 'ecs', ResourceId: 'service/prod/web', ScalableDimension: 'ecs:service:DesiredCount', ScheduledActionName: 'web.weekend' })
    expect(onlyInputOf('DeleteAlarms')).toEqual({ AlarmNames: ['ecsctl.prod.web.old-step'] })
    expect(onlyInputOf('DeleteScalingPolicy')).toEqual({ PolicyName: 'web.old-target', ServiceNamespace: 'ecs', ResourceId: 'service/prod/web', ScalableDimension: 'ecs:service:DesiredCount' })
    expect(result.afterRollout.map((c) => c.liveId)).toEqual([OLD_TARGET_GROUP, 'fsap-0aaaabbbbccccdddd'])
    // No deployment started, so what waited may go now.
    const later = await applyAfterRollout(result.afterRollout, input)
    expect(onlyInputOf('DeleteTargetGroup')).toEqual({ TargetGroupArn: OLD_TARGET_GROUP })
    expect(onlyInputOf('DeleteAccessPoint')).toEqual({ AccessPointId: 'fsap-0aaaabbbbccccdddd' })
    expect(later.map((action) => action.requests)).toEqual([['elasticloadbalancing:DeleteTargetGroup'], ['elasticfilesystem:DeleteAccessPoint']])
  })

  it('without autoscaling in the manifest: its policies, alarm, schedules and finally the scalable target go', async () => {
    await applyChange(
      'complete',
      (m) => {
        delete m.autoscaling
      },
      (live) => {
        present(live.service, 'service').desiredCount = 6
      },
    )
    const ops = writeOperations()
    expect(ops.filter((op) => op !== 'UpdateService')).toEqual([
      'DeleteScheduledAction',
      'DeleteScheduledAction',
      'DeleteAlarms',
      'DeleteScalingPolicy',
      'DeleteScalingPolicy',
      'DeleteScalingPolicy',
      'DeleteScalingPolicy',
      'DeleteScalingPolicy',
      'DeregisterScalableTarget',
    ])
    // The count is the manifest's again once autoscaling no longer owns it.
    expect(onlyInputOf('UpdateService')).toEqual({ cluster: 'prod', service: 'web', desiredCount: 2 })
  })
})
