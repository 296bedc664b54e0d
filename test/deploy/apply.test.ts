// applyPlan as a whole, over the examples: a first deploy sends exactly the requests `render` lists,
// with every placeholder filled from what earlier steps created; a second deploy, planned from what
// AWS then holds, sends nothing and registers no revision; changes ecsctl refuses to make are
// refused before any write; a failing step stops the service with a report of what was applied.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { LiveState } from '../../src/lib/aws/live-state.js'
import { createClients, type AwsClients } from '../../src/lib/aws/clients.js'
import { ApplyError, applyPlan, type ApplyResult } from '../../src/lib/deploy/apply.js'
import { EcsctlError } from '../../src/lib/errors.js'
import type { Manifest } from '../../src/lib/manifest/schema.js'
import { placeholderValuesFrom, planService, resolvePlaceholders, unresolvedPlaceholders } from '../../src/lib/plan/index.js'
import { renderRequests } from '../../src/lib/render/index.js'
import { exampleNames, loadExample } from '../support/examples.js'
import { DEPLOYED_REVISION, deployContext, liveStateAfterDeploy, liveStateBeforeFirstDeploy } from '../plan/fixtures/live-after-deploy.js'
import { edited, editedLive, present } from '../plan/support.js'
import { answer, answerWrites, newAccessPointId, expectNothingUnexpected, inputsOf, resetAws, sent, writeOperations } from './deploy-harness.js'
import { awsError } from './support.js'

let clients: AwsClients

beforeEach(() => {
  resetAws()
  clients = createClients({ region: 'us-east-1' })
})

afterEach(() => expectNothingUnexpected())

/** Plans `manifest` over `live` in the fixtures' account and region, and applies the plan. */
function applyTo(manifest: Manifest, live: LiveState): Promise<ApplyResult> {
  const context = deployContext(manifest)
  return applyPlan({ clients, manifest, live, plan: planService(manifest, live, context), context })
}

const writes = () => sent.filter((request) => !/^(Describe|List|Get)/.test(request.operation)).map(({ operation, input }) => ({ operation, input }))

describe('a first deploy', () => {
  it.each(exampleNames())('%s: sends what render lists, placeholders filled from the earlier steps, the service pinned to the new revision', async (name) => {
    const manifest = loadExample(name)
    const context = deployContext(manifest)
    // AWS answers with the ids the fixture's state after a deploy holds.
    const after = liveStateAfterDeploy(manifest)
    await answerWrites({ ids: after, revision: DEPLOYED_REVISION, region: context.region, accountId: context.accountId })

    const result = await applyTo(manifest, liveStateBeforeFirstDeploy(manifest))

    const revisionArn = present(after.taskDefinition?.taskDefinition.taskDefinitionArn, 'revision')
    const values = placeholderValuesFrom(manifest, after, context)
    const expected = renderRequests(manifest, context).map(({ operation, input }) => ({
      operation,
      input: resolvePlaceholders(operation === 'CreateService' ? { ...input, taskDefinition: revisionArn } : input, values),
    }))
    expect(unresolvedPlaceholders(expected)).toEqual([])
    expect(writes()).toHaveLength(expected.length)
    expect(writes()).toEqual(expect.arrayContaining(expected))
    expect(result.taskDefinition).toEqual({ arn: revisionArn, revision: `${manifest.family ?? manifest.name}:${DEPLOYED_REVISION}`, registered: true })
    expect(result.service?.startedDeployment).toBe(true)
  })

  it('sends each request after those it takes values from', async () => {
    const manifest = loadExample('complete')
    const after = liveStateAfterDeploy(manifest)
    await answerWrites({ ids: after, revision: DEPLOYED_REVISION })
    await applyTo(manifest, liveStateBeforeFirstDeploy(manifest))

    const order = writeOperations()
    const before = (first: string, then: string) => expect(order.indexOf(first), `${first} before ${then}`).toBeLessThan(order.indexOf(then))
    before('CreateLogGroup', 'RegisterTaskDefinition')
    before('CreateAccessPoint', 'RegisterTaskDefinition')
    before('CreateTargetGroup', 'CreateRule')
    before('CreateRule', 'CreateService')
    before('RegisterTaskDefinition', 'CreateService')
    before('CreateService', 'RegisterScalableTarget')
    before('RegisterScalableTarget', 'PutScalingPolicy')
    before('PutScalingPolicy', 'PutMetricAlarm')
    before('PutRule', 'PutTargets')
  })

  it('fills the new target group ARN into the rule and the service, the policy ARN into the alarm, the access point id into the task definition', async () => {
    const manifest = loadExample('complete')
    await answerWrites({ revision: 1 })
    const tgArn = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-app-8080/0123456789abcdef'

    await applyTo(manifest, liveStateBeforeFirstDeploy(manifest))

    const rule = present(inputsOf<{ Actions: { TargetGroupArn: string }[] }>('CreateRule')[0], 'CreateRule')
    expect(rule.Actions[0]?.TargetGroupArn).toBe(tgArn)
    const service = present(inputsOf<{ loadBalancers: { targetGroupArn: string }[] }>('CreateService')[0], 'CreateService')
    expect(service.loadBalancers[0]?.targetGroupArn).toBe(tgArn)
    const stepPolicy = sent.find((r) => r.operation === 'PutScalingPolicy' && r.input.PolicyType === 'StepScaling')
    expect(stepPolicy).toBeDefined()
    const alarm = present(inputsOf<{ AlarmActions: string[]; Dimensions: { Name: string; Value: string }[] }>('PutMetricAlarm')[0], 'PutMetricAlarm')
    expect(alarm.AlarmActions).toEqual([expect.stringMatching(/:scalingPolicy:.*policyName\/web\.step\.slow-responses$/)])
    expect(alarm.Dimensions).toContainEqual({ Name: 'TargetGroup', Value: 'targetgroup/web-app-8080/0123456789abcdef' })
    const taskDefinition = present(inputsOf<{ volumes: { efsVolumeConfiguration?: { authorizationConfig?: { accessPointId?: string } } }[] }>('RegisterTaskDefinition')[0], 'TD')
    // The id the harness's CreateAccessPoint answered with.
    expect(taskDefinition.volumes[0]?.efsVolumeConfiguration?.authorizationConfig?.accessPointId).toBe(newAccessPointId(1))
  })
})

describe('a second deploy of the same manifest', () => {
  it.each(exampleNames())('%s: planned from what the first left, sends no write and reuses the revision', async (name) => {
    const manifest = loadExample(name)
    const after = liveStateAfterDeploy(manifest)
    // No write handler is installed: any write would be an unexpected call and fail the test.
    const result = await applyTo(manifest, after)

    expect(writes()).toEqual([])
    expect(result.actions).toEqual([])
    expect(result.taskDefinition).toEqual({ arn: after.taskDefinition?.taskDefinition.taskDefinitionArn, revision: `${manifest.family ?? manifest.name}:${DEPLOYED_REVISION}`, registered: false })
    expect(result.service).toBeUndefined()
  })
})

describe('a changed image', () => {
  it('registers one revision and updates the service with its ARN, and nothing else', async () => {
    const deployed = loadExample('fargate-web')
    const manifest = edited(deployed, (m) => {
      const web = present(m.containers.web, 'container')
      web.image = web.image.replace(/:[^:]+$/, ':v2')
    })
    await answerWrites({ revision: 9, region: 'eu-west-1', accountId: '210987654321' })
    const result = await applyTo(manifest, liveStateAfterDeploy(deployed))

    expect(writeOperations()).toEqual(['RegisterTaskDefinition', 'UpdateService'])
    const update = present(inputsOf('UpdateService')[0], 'UpdateService')
    expect(update).toEqual({ cluster: 'staging', service: 'shop-frontend', taskDefinition: 'arn:aws:ecs:eu-west-1:210987654321:task-definition/shop-frontend:9' })
    expect(result.taskDefinition).toMatchObject({ revision: 'shop-frontend:9', registered: true })
    expect(result.actions.map((a) => `${a.action} ${a.resource}: ${a.requests.join(',')}`)).toEqual([
      'update task definition shop-frontend: ecs:RegisterTaskDefinition',
      'update service shop-frontend: ecs:UpdateService',
    ])
  })
})

describe('what ecsctl refuses to apply', () => {
  it('a change that would need the service recreated: an error saying what to do, before any write', async () => {
    const deployed = loadExample('fargate-web')
    const live = editedLive(liveStateAfterDeploy(deployed), (l) => {
      // A service created with the EC2 launch type cannot become a Fargate one in place.
      const service = present(l.service, 'service')
      service.launchType = 'EC2'
      delete service.platformVersion
    })
    await answerWrites()
    const error = await applyTo(edited(deployed, (m) => m.containers.web && (m.containers.web.image += '-2')), live).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(EcsctlError)
    expect((error as EcsctlError).kind).toBe('invalid')
    expect((error as EcsctlError).message).toMatch(/service shop-frontend: launchType cannot change on an existing service/)
    expect((error as EcsctlError).message).toMatch(/delete-service --cluster staging --service shop-frontend/)
    expect(writes()).toEqual([])
  })

  it('a rule priority another rule holds', async () => {
    const deployed = loadExample('complete')
    // The fixture's listener has another service's rule at priority 5.
    const manifest = edited(deployed, (m) => {
      const alb = present(m.loadBalancers?.[0]?.alb, 'alb')
      alb.rule.priority = 5
    })
    await answerWrites()
    const error = await applyTo(manifest, liveStateAfterDeploy(deployed)).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect((error as EcsctlError).kind).toBe('aws')
    expect((error as EcsctlError).message).toMatch(/priority 5 is taken by a rule ecsctl did not create/)
    expect(writes()).toEqual([])
  })
})

describe('a step that fails', () => {
  it('stops there, and says what was applied and what was not', async () => {
    const manifest = loadExample('complete')
    await answerWrites({ revision: 1 })
    const { CreateServiceCommand } = await import('@aws-sdk/client-ecs')
    answer('ecs', CreateServiceCommand, () => {
      throw awsError('InvalidParameterException', 'The target group does not have an associated load balancer.')
    })

    const error = await applyTo(manifest, liveStateBeforeFirstDeploy(manifest)).then(
      () => undefined,
      (e: unknown) => e,
    )

    expect(error).toBeInstanceOf(ApplyError)
    const failed = error as ApplyError
    expect(failed.kind).toBe('aws')
    expect(failed.applied.map((a) => a.resource)).toEqual([
      'log group /ecs/web',
      'access point prod-web-data',
      'task definition web',
      'target group web-app-8080',
      'listener rule web-app-8080',
    ])
    expect(failed.notApplied[0]).toBe('create service web')
    expect(failed.notApplied).toContain('create event rule ecsctl.prod.web.ingest-upload')
    expect(failed.message).toMatch(/stopped at create service web: ecs:CreateService \(service web\): .*does not have an associated load balancer/)
    expect(failed.message).toMatch(/Applied: log group \/ecs\/web \(logs:CreateLogGroup, logs:PutRetentionPolicy\)/)
    expect(failed.message).toMatch(/Not applied: create service web, create scalable target/)
    expect(failed.hint).toMatch(/deploy again/)
    expect(failed.details).toMatchObject({ failedStep: 'create service web', notApplied: failed.notApplied })
    expect(failed.taskDefinition).toMatchObject({ revision: 'web:1', registered: true })
    // Nothing after the failing step was sent.
    expect(writeOperations().at(-1)).toBe('CreateService')
  })

  it('reports a step of several requests that failed half way as partly applied', async () => {
    const manifest = loadExample('complete')
    await answerWrites({ revision: 1 })
    const { PutRetentionPolicyCommand } = await import('@aws-sdk/client-cloudwatch-logs')
    answer('logs', PutRetentionPolicyCommand, () => {
      throw awsError('AccessDeniedException', 'not allowed')
    })
    const error = (await applyTo(manifest, liveStateBeforeFirstDeploy(manifest)).catch((e: unknown) => e)) as ApplyError
    expect(error.applied).toEqual([
      { resource: 'log group /ecs/web', action: 'create', requests: ['logs:CreateLogGroup'], note: 'partly applied: the request after these failed' },
    ])
    expect(error.notApplied[0]).toBe('create log group /ecs/web')
    expect(error.hint).toMatch(/Allow logs:PutRetentionPolicy/)
  })

  it('a rerun after the failure converges: what was created is unchanged, the rest is created', async () => {
    const manifest = loadExample('complete')
    const after = liveStateAfterDeploy(manifest)
    const first = liveStateBeforeFirstDeploy(manifest)
    // The state once everything before the service was applied: the earlier resources of `after`.
    const partial: LiveState = {
      ...first,
      logGroups: after.logGroups,
      accessPoints: after.accessPoints,
      taskDefinition: after.taskDefinition,
      targetGroups: after.targetGroups,
      listenerRules: after.listenerRules,
    }
    await answerWrites({ ids: after, revision: DEPLOYED_REVISION })
    const result = await applyTo(manifest, partial)
    expect(result.taskDefinition.registered).toBe(false)
    expect(writeOperations()[0]).toBe('CreateService')
    expect(writeOperations()).not.toContain('RegisterTaskDefinition')
    expect(writeOperations()).not.toContain('CreateTargetGroup')
  })
})
