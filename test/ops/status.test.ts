// `ecsctl status` at the library level: what it reads (and in how many round trips), the report
// it builds, the text it prints, and how a missing service or manifest is reported.
import { DescribeScalableTargetsCommand, DescribeScalingPoliciesCommand, DescribeScheduledActionsCommand } from '@aws-sdk/client-application-auto-scaling'
import { DescribeServicesCommand, DescribeTaskDefinitionCommand, type Service } from '@aws-sdk/client-ecs'
import { DescribeTargetHealthCommand } from '@aws-sdk/client-elastic-load-balancing-v2'
import { beforeEach, describe, expect, it } from 'vitest'
import { createClients, type AwsClients } from '../../src/lib/aws/clients.js'
import { EcsctlError, invalid } from '../../src/lib/errors.js'
import { ManifestError } from '../../src/lib/manifest/problems.js'
import { colorsFor } from '../../src/lib/output/terminal.js'
import { formatStatus, readStatus } from '../../src/lib/ops/status.js'
import { resolveServiceRef, type ServiceRef } from '../../src/lib/ops/service.js'
import { ACCOUNT, aws, minimalManifest, RequestGate, resetAwsMocks, sentCommands } from '../aws/support.js'

const plain = colorsFor({ isTTY: false }, {})
const NOW = new Date('2026-11-23T16:40:00Z')
const ref: ServiceRef = { service: 'web', cluster: 'prod', region: 'us-east-1' }
const tdArn = (revision: number) => `arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/web:${revision}`
const tgArn = `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:targetgroup/prod-web-8080/0123456789abcdef`
const RESOURCE_ID = 'service/prod/web'

let clients: AwsClients
beforeEach(() => {
  resetAwsMocks()
  clients = createClients({ region: 'us-east-1' })
})

function liveService(extra: Partial<Service> = {}): Service {
  return {
    serviceName: 'web',
    clusterArn: `arn:aws:ecs:us-east-1:${ACCOUNT}:cluster/prod`,
    status: 'ACTIVE',
    launchType: 'FARGATE',
    desiredCount: 2,
    runningCount: 3,
    pendingCount: 1,
    taskDefinition: tdArn(43),
    loadBalancers: [{ targetGroupArn: tgArn, containerName: 'app', containerPort: 8080 }],
    deployments: [
      { id: 'ecs-svc/2', status: 'PRIMARY', taskDefinition: tdArn(43), desiredCount: 2, runningCount: 1, pendingCount: 1, failedTasks: 0, rolloutState: 'IN_PROGRESS', rolloutStateReason: 'ECS deployment ecs-svc/2 in progress.', createdAt: new Date('2026-11-23T16:30:00Z'), updatedAt: new Date('2026-11-23T16:35:00Z') },
      { id: 'ecs-svc/1', status: 'ACTIVE', taskDefinition: tdArn(42), desiredCount: 2, runningCount: 2, pendingCount: 0, failedTasks: 0, rolloutState: 'COMPLETED', createdAt: new Date('2026-11-20T10:00:00Z') },
    ],
    // ECS lists events newest first.
    events: Array.from({ length: 7 }, (_, i) => ({ id: `e${7 - i}`, createdAt: new Date(NOW.getTime() - i * 60_000), message: `(service web) event ${7 - i}` })),
    ...extra,
  }
}

function mockHealthyReads(service: Service = liveService()): void {
  aws.ecs.on(DescribeServicesCommand, { cluster: 'prod', services: ['web'] }).resolves({ services: [service], failures: [] })
  for (const [revision, tag] of [[43, 'v2'], [42, 'v1']] as const) {
    aws.ecs.on(DescribeTaskDefinitionCommand, { taskDefinition: tdArn(revision) }).resolves({
      taskDefinition: { taskDefinitionArn: tdArn(revision), containerDefinitions: [{ name: 'app', image: `123.dkr.ecr.us-east-1.amazonaws.com/web:${tag}` }, { name: 'envoy', image: 'envoy:1.31' }] },
    })
  }
  aws.elbv2.on(DescribeTargetHealthCommand, { TargetGroupArn: tgArn }).resolves({
    TargetHealthDescriptions: [
      { Target: { Id: '10.0.1.5', Port: 8080 }, TargetHealth: { State: 'healthy' } },
      { Target: { Id: '10.0.1.6', Port: 8080 }, TargetHealth: { State: 'healthy' } },
      { Target: { Id: '10.0.1.7', Port: 8080 }, TargetHealth: { State: 'unhealthy', Reason: 'Target.ResponseCodeMismatch', Description: 'Health checks failed with these codes: [502]' } },
      { Target: { Id: '10.0.1.8', Port: 8080 }, TargetHealth: { State: 'initial', Reason: 'Elb.RegistrationInProgress' } },
    ],
  })
  aws.autoscaling.on(DescribeScalableTargetsCommand, { ResourceIds: [RESOURCE_ID] }).resolves({
    ScalableTargets: [{ ServiceNamespace: 'ecs', ResourceId: RESOURCE_ID, ScalableDimension: 'ecs:service:DesiredCount', MinCapacity: 1, MaxCapacity: 4, RoleARN: 'r', CreationTime: NOW, SuspendedState: { ScheduledScalingSuspended: false } }],
  })
  aws.autoscaling.on(DescribeScalingPoliciesCommand, { ResourceId: RESOURCE_ID }).resolves({
    ScalingPolicies: [
      {
        PolicyARN: 'p1', PolicyName: 'web.cpu', ServiceNamespace: 'ecs', ResourceId: RESOURCE_ID, ScalableDimension: 'ecs:service:DesiredCount', PolicyType: 'TargetTrackingScaling', CreationTime: NOW,
        TargetTrackingScalingPolicyConfiguration: { TargetValue: 60, PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' } },
      },
      { PolicyARN: 'p2', PolicyName: 'web.step.queue', ServiceNamespace: 'ecs', ResourceId: RESOURCE_ID, ScalableDimension: 'ecs:service:DesiredCount', PolicyType: 'StepScaling', CreationTime: NOW },
    ],
  })
  aws.autoscaling.on(DescribeScheduledActionsCommand, { ResourceId: RESOURCE_ID }).resolves({
    ScheduledActions: [
      { ScheduledActionName: 'web.night', ScheduledActionARN: 'a1', ServiceNamespace: 'ecs', ResourceId: RESOURCE_ID, Schedule: 'cron(0 20 ? * * *)', Timezone: 'Europe/Berlin', ScalableTargetAction: { MinCapacity: 1, MaxCapacity: 2 }, CreationTime: NOW },
      { ScheduledActionName: 'web.morning', ScheduledActionARN: 'a2', ServiceNamespace: 'ecs', ResourceId: RESOURCE_ID, Schedule: 'cron(0 7 ? * MON-FRI *)', Timezone: 'Europe/Berlin', ScalableTargetAction: { MinCapacity: 2, MaxCapacity: 4 }, CreationTime: NOW },
      { ScheduledActionName: 'web.launch', ScheduledActionARN: 'a3', ServiceNamespace: 'ecs', ResourceId: RESOURCE_ID, Schedule: 'at(2026-01-01T00:00:00)', ScalableTargetAction: { MinCapacity: 4 }, CreationTime: NOW },
    ],
  })
}

describe('readStatus', () => {
  it('reports the service, each deployment with its images, target health, autoscaling and the last events', async () => {
    mockHealthyReads()
    const report = await readStatus(clients, ref, { events: 5, now: NOW })

    expect(report.gaps).toEqual([])
    expect(report.service).toMatchObject({ name: 'web', cluster: 'prod', status: 'ACTIVE', launchType: 'FARGATE', desired: 2, running: 3, pending: 1, revision: 'web:43' })
    expect(report.deployments).toEqual([
      expect.objectContaining({
        id: 'ecs-svc/2', status: 'PRIMARY', rolloutState: 'IN_PROGRESS', running: 1, desired: 2, pending: 1, failed: 0, revision: 'web:43', createdAt: '2026-11-23T16:30:00.000Z',
        images: [{ container: 'app', image: '123.dkr.ecr.us-east-1.amazonaws.com/web:v2' }, { container: 'envoy', image: 'envoy:1.31' }],
      }),
      expect.objectContaining({ id: 'ecs-svc/1', status: 'ACTIVE', rolloutState: 'COMPLETED', revision: 'web:42', images: expect.arrayContaining([{ container: 'app', image: '123.dkr.ecr.us-east-1.amazonaws.com/web:v1' }]) }),
    ])
    expect(report.targetGroups).toEqual([
      {
        targetGroupArn: tgArn, targetGroupName: 'prod-web-8080', container: 'app', containerPort: 8080, healthy: 2, unhealthy: 1,
        states: { healthy: 2, unhealthy: 1, initial: 1 },
        problems: [
          { id: '10.0.1.7', port: 8080, state: 'unhealthy', reason: 'Target.ResponseCodeMismatch', description: 'Health checks failed with these codes: [502]' },
          { id: '10.0.1.8', port: 8080, state: 'initial', reason: 'Elb.RegistrationInProgress', description: undefined },
        ],
      },
    ])
    expect(report.autoscaling).toMatchObject({
      resourceId: RESOURCE_ID, min: 1, max: 4, suspended: [],
      policies: [
        { name: 'web.cpu', type: 'TargetTrackingScaling', metric: 'ECSServiceAverageCPUUtilization', targetValue: 60 },
        { name: 'web.step.queue', type: 'StepScaling' },
      ],
      // 20:00 in Berlin (UTC+1 in November) comes before the next weekday 07:00.
      nextScheduledAction: { name: 'web.night', nextRun: '2026-11-23T19:00:00.000Z', nextRunLocal: '2026-11-23 20:00', timezone: 'Europe/Berlin', min: 1, max: 2 },
    })
    expect(report.autoscaling?.scheduledActions.find((a) => a.name === 'web.launch')).toMatchObject({ nextRun: null, note: expect.stringMatching(/ended/) })
    // The five newest, oldest first.
    expect(report.events.map((e) => e.message)).toEqual([3, 4, 5, 6, 7].map((n) => `(service web) event ${n}`))
  })

  it('reads the service and autoscaling at once, then task definitions and target health at once: two round trips', async () => {
    const gate = new RequestGate()
    mockHealthyReadsThrough(gate, liveService())
    const reading = readStatus(clients, ref, { events: 5, now: NOW })
    await gate.untilStarted(4)
    gate.release()
    await gate.untilStarted(3)
    gate.open()
    const report = await reading
    expect(report.gaps).toEqual([])
    expect(gate.labels(0)).toEqual(['DescribeScalableTargets', 'DescribeScalingPolicies', 'DescribeScheduledActions', 'DescribeServices'])
    expect(gate.labels(1)).toEqual(['DescribeTargetHealth', 'DescribeTaskDefinition', 'DescribeTaskDefinition'])
    expect(gate.waves).toBe(2)
  })

  it('shows no autoscaling when the service has no scalable target', async () => {
    mockHealthyReads(liveService({ loadBalancers: [] }))
    aws.autoscaling.on(DescribeScalableTargetsCommand).resolves({ ScalableTargets: [] })
    const report = await readStatus(clients, ref, { events: 0, now: NOW })
    expect(report.autoscaling).toBeNull()
    expect(report.targetGroups).toEqual([])
    expect(report.events).toEqual([])
    expect(sentCommands()).not.toContain('DescribeTargetHealth')
  })

  it('still shows the service when autoscaling may not be read, and says what is missing', async () => {
    mockHealthyReads()
    const denied = Object.assign(new Error('User is not authorized to perform: application-autoscaling:DescribeScalableTargets'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } })
    aws.autoscaling.on(DescribeScalableTargetsCommand).rejects(denied)
    const report = await readStatus(clients, ref, { events: 5, now: NOW })
    expect(report.autoscaling).toBeNull()
    expect(report.deployments).toHaveLength(2)
    expect(report.gaps).toEqual([expect.stringMatching(/^autoscaling: application-autoscaling:DescribeScalableTargets .*access denied/)])
  })

  it('fails with an AWS error (exit 4) and a hint when the service does not exist', async () => {
    aws.ecs.on(DescribeServicesCommand).resolves({ services: [], failures: [{ arn: 'arn:aws:ecs:us-east-1:123456789012:service/prod/web', reason: 'MISSING' }] })
    aws.autoscaling.on(DescribeScalableTargetsCommand).resolves({ ScalableTargets: [] })
    aws.autoscaling.on(DescribeScalingPoliciesCommand).resolves({ ScalingPolicies: [] })
    aws.autoscaling.on(DescribeScheduledActionsCommand).resolves({ ScheduledActions: [] })
    const error = await readStatus(clients, ref, { events: 5, now: NOW }).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(EcsctlError)
    expect((error as EcsctlError).exitCode).toBe(4)
    expect((error as EcsctlError).message).toBe('Service "web" does not exist in cluster "prod" (region us-east-1).')
    expect((error as EcsctlError).hint).toMatch(/--service, --cluster and the region/)
  })

  it('treats an INACTIVE (deleted) service as missing, with a deploy hint when a manifest named it', async () => {
    aws.ecs.on(DescribeServicesCommand).resolves({ services: [liveService({ status: 'INACTIVE' })], failures: [] })
    aws.autoscaling.on(DescribeScalableTargetsCommand).resolves({ ScalableTargets: [] })
    aws.autoscaling.on(DescribeScalingPoliciesCommand).resolves({ ScalingPolicies: [] })
    aws.autoscaling.on(DescribeScheduledActionsCommand).resolves({ ScheduledActions: [] })
    const error = (await readStatus(clients, { ...ref, file: 'ecsctl.yml' }, { events: 5, now: NOW }).catch((e: unknown) => e)) as EcsctlError
    expect(error.exitCode).toBe(4)
    expect(error.hint).toContain('ecsctl deploy -f ecsctl.yml')
  })
})

/** The same answers as mockHealthyReads, each held by the gate and labelled with its operation. */
function mockHealthyReadsThrough(gate: RequestGate, service: Service): void {
  aws.ecs.on(DescribeServicesCommand).callsFake(gate.hold('DescribeServices', { services: [service], failures: [] }))
  aws.ecs.on(DescribeTaskDefinitionCommand).callsFake(
    gate.hold('DescribeTaskDefinition', (input) => ({ taskDefinition: { taskDefinitionArn: (input as { taskDefinition: string }).taskDefinition, containerDefinitions: [] } })),
  )
  aws.elbv2.on(DescribeTargetHealthCommand).callsFake(gate.hold('DescribeTargetHealth', { TargetHealthDescriptions: [] }))
  aws.autoscaling.on(DescribeScalableTargetsCommand).callsFake(gate.hold('DescribeScalableTargets', { ScalableTargets: [] }))
  aws.autoscaling.on(DescribeScalingPoliciesCommand).callsFake(gate.hold('DescribeScalingPolicies', { ScalingPolicies: [] }))
  aws.autoscaling.on(DescribeScheduledActionsCommand).callsFake(gate.hold('DescribeScheduledActions', { ScheduledActions: [] }))
}

describe('formatStatus', () => {
  it('prints each section for a person', async () => {
    mockHealthyReads()
    const text = formatStatus(await readStatus(clients, ref, { events: 2, now: NOW }), plain)
    expect(text).toContain('Service web in cluster prod (ACTIVE, FARGATE)\n  desired 2, running 3, pending 1; task definition web:43')
    expect(text).toMatch(/^ {2}PRIMARY ecs-svc\/2 {2}IN_PROGRESS {2}running 1\/2, pending 1 {2}web:43/m)
    expect(text).toContain('app: 123.dkr.ecr.us-east-1.amazonaws.com/web:v2')
    expect(text).toContain('prod-web-8080 (app:8080): 2 healthy, 1 unhealthy, 1 initial')
    expect(text).toContain('10.0.1.7:8080 unhealthy: Target.ResponseCodeMismatch: Health checks failed with these codes: [502]')
    expect(text).toContain('Autoscaling  min 1, max 4')
    expect(text).toContain('policy web.cpu (TargetTrackingScaling: ECSServiceAverageCPUUtilization at 60)')
    expect(text).toContain('next scheduled action: web.night at 2026-11-23 20:00 Europe/Berlin (2026-11-23T19:00:00Z): min 1, max 2')
    expect(text).toMatch(/Events \(last 2\)\n {2}2026-11-23T16:39:00Z \(service web\) event 6\n {2}2026-11-23T16:40:00Z \(service web\) event 7/)
  })
})

describe('resolveServiceRef', () => {
  const never = () => Promise.reject(new Error('the manifest must not be read'))

  it('uses --service and --cluster without reading a manifest', async () => {
    expect(await resolveServiceRef({ service: 'api', cluster: 'staging', region: 'eu-west-1', filesGiven: false, load: never })).toEqual({ service: 'api', cluster: 'staging', region: 'eu-west-1' })
  })

  it('takes the service, cluster, region and family from the one manifest', async () => {
    const manifest = minimalManifest({ region: 'eu-central-1', family: 'web-family' })
    const resolved = await resolveServiceRef({ filesGiven: true, load: async () => [{ file: 'ecsctl.yml', manifest }] })
    expect(resolved).toEqual({ service: 'web', cluster: 'prod', region: 'eu-central-1', family: 'web-family', manifest, file: 'ecsctl.yml' })
  })

  it('is a usage error (exit 2) with one of --service and --cluster, or several manifests', async () => {
    const half = await resolveServiceRef({ service: 'web', filesGiven: false, load: never }).catch((e: unknown) => e)
    expect((half as EcsctlError).exitCode).toBe(2)
    const manifest = minimalManifest()
    const several = (await resolveServiceRef({ filesGiven: true, load: async () => [{ file: 'a.yml', manifest }, { file: 'b.yml', manifest: minimalManifest({ name: 'api' }) }] }).catch((e: unknown) => e)) as EcsctlError
    expect(several.exitCode).toBe(2)
    expect(several.message).toContain('web (a.yml), api (b.yml)')
  })

  it('without a manifest and without --service, exits 2 and says how to name a service', async () => {
    const error = (await resolveServiceRef({ filesGiven: false, load: () => Promise.reject(invalid('no manifest found: /tmp has no ecsctl.yml or ecsctl.yaml')) }).catch((e: unknown) => e)) as EcsctlError
    expect(error.exitCode).toBe(2)
    expect(error.message).toMatch(/no manifest found/)
    expect(error.hint).toMatch(/--service NAME --cluster NAME/)
  })

  it('leaves an invalid manifest\'s error as it is', async () => {
    const problems = new ManifestError([{ file: 'ecsctl.yml', path: ['memory'], message: 'bad' } as never])
    const error = await resolveServiceRef({ filesGiven: false, load: () => Promise.reject(problems) }).catch((e: unknown) => e)
    expect(error).toBe(problems)
  })
})
