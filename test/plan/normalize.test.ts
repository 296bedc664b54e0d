// The normalisers one rule at a time: what AWS reports and what render writes meet in one form.
// Each input is frozen, so a normaliser that changes its input fails here.
import { describe, expect, it } from 'vitest'
import { diffValues } from '../../src/lib/plan/diff.js'
import { compact, isAwsManagedTag, parsedJson, roleArnOf, taskDefinitionRef } from '../../src/lib/plan/normalize/common.js'
import { canonicalEventRule, eventRuleListKeys } from '../../src/lib/plan/normalize/events.js'
import { canonicalAction, canonicalListenerRule, canonicalTargetGroup, listenerRuleFromLive, targetGroupFromLive } from '../../src/lib/plan/normalize/loadBalancing.js'
import { canonicalAlarm, canonicalScalableTarget, canonicalScalingPolicy, canonicalScheduledAction } from '../../src/lib/plan/normalize/scaling.js'
import { canonicalService, serviceFromLive } from '../../src/lib/plan/normalize/service.js'
import { canonicalContainer, canonicalTaskDefinition, canonicalVolume, taskDefinitionFromLive } from '../../src/lib/plan/normalize/taskDefinition.js'
import { loadExample } from '../support/examples.js'
import { deepFreeze } from '../support/manifests.js'
import { liveStateAfterDeploy } from './fixtures/live-after-deploy.js'

const context = { region: 'us-east-1', accountId: '123456789012' }
const frozen = <T>(value: T): T => deepFreeze(structuredClone(value))

describe('common', () => {
  it('compact drops undefined, null, empty lists and empty objects at any depth', () => {
    expect(compact(frozen({ a: [], b: {}, c: { d: [], e: null }, f: 0, g: false, h: '', i: [{}] }))).toEqual({ f: 0, g: false, h: '', i: [{}] })
  })

  it('ignores only AWS-reserved and ECS-managed tags', () => {
    expect(['aws:cloudformation:stack-name', 'AWS:x', 'AmazonECSManaged'].every(isAwsManagedTag)).toBe(true)
    expect(['ecsctl:service', 'team', 'awsome'].some(isAwsManagedTag)).toBe(false)
  })

  it('writes a role name as the ARN in the account, and leaves ARNs and unknown accounts alone', () => {
    expect(roleArnOf('ecsTaskExecutionRole', context)).toBe('arn:aws:iam::123456789012:role/ecsTaskExecutionRole')
    expect(roleArnOf('x', { region: 'cn-north-1', accountId: '123456789012' })).toBe('arn:aws-cn:iam::123456789012:role/x')
    expect(roleArnOf('arn:aws:iam::999999999999:role/x', context)).toBe('arn:aws:iam::999999999999:role/x')
    expect(roleArnOf('x', { region: 'us-east-1' })).toBe('x')
  })

  it('reduces task definition references to family:revision', () => {
    expect(taskDefinitionRef('arn:aws:ecs:us-east-1:123456789012:task-definition/web:7')).toBe('web:7')
    expect(taskDefinitionRef('web')).toBe('web')
  })

  it('parses JSON text with its keys sorted, and keeps other text', () => {
    expect(JSON.stringify(parsedJson('{ "b": 1, "a": { "d": [2], "c": 3 } }'))).toBe('{"a":{"c":3,"d":[2]},"b":1}')
    expect(parsedJson('not json')).toBe('not json')
  })
})

describe('task definitions', () => {
  it('leave out what only describes a revision', () => {
    const live = frozen(liveStateAfterDeploy(loadExample('fargate-web')).taskDefinition)
    if (!live) throw new Error('no task definition')
    const input = taskDefinitionFromLive(live)
    for (const field of ['taskDefinitionArn', 'revision', 'status', 'requiresAttributes', 'compatibilities', 'registeredAt', 'registeredBy']) {
      expect(input).not.toHaveProperty(field)
    }
    expect(input.family).toBe('shop-frontend')
  })

  it('fill container defaults as ECS reports them, and drop empty lists', () => {
    const reported = canonicalContainer(
      frozen({
        name: 'app',
        image: 'nginx',
        cpu: 0,
        essential: true,
        portMappings: [{ containerPort: 80, hostPort: 80, protocol: 'tcp' as const }],
        environment: [],
        mountPoints: [],
        volumesFrom: [],
        systemControls: [],
        healthCheck: { command: ['CMD', 'true'], interval: 30, timeout: 5, retries: 3 },
        logConfiguration: { logDriver: 'awslogs' as const, options: { 'awslogs-group': '/ecs/web' }, secretOptions: [] },
      }),
      'awsvpc',
    )
    const sent = canonicalContainer(
      frozen({ name: 'app', image: 'nginx', portMappings: [{ containerPort: 80 }], healthCheck: { command: ['CMD', 'true'] }, logConfiguration: { logDriver: 'awslogs' as const, options: { 'awslogs-group': '/ecs/web' } } }),
      'awsvpc',
    )
    expect(sent).toEqual(reported)
  })

  it('read an absent host port as the container port under awsvpc and as dynamic (0) under bridge', () => {
    expect(canonicalContainer(frozen({ name: 'a', portMappings: [{ containerPort: 8080 }] }), 'awsvpc').portMappings).toEqual([{ containerPort: 8080, hostPort: 8080, protocol: 'tcp' }])
    expect(canonicalContainer(frozen({ name: 'a', portMappings: [{ containerPort: 8080 }] }), 'bridge').portMappings).toEqual([{ containerPort: 8080, hostPort: 0, protocol: 'tcp' }])
  })

  it('read a bind mount reported as `host: {}` as no host, and an EFS volume without root as "/"', () => {
    expect(canonicalVolume(frozen({ name: 'scratch', host: {} }))).toEqual({ name: 'scratch' })
    expect(canonicalVolume(frozen({ name: 'd', efsVolumeConfiguration: { fileSystemId: 'fs-1' } }))).toEqual({
      name: 'd',
      efsVolumeConfiguration: { fileSystemId: 'fs-1', rootDirectory: '/', transitEncryption: 'DISABLED' },
    })
  })

  it('sort environment and secrets, and strip AWS tags', () => {
    const canonical = canonicalTaskDefinition(
      frozen({
        family: 'web',
        containerDefinitions: [{ name: 'app', environment: [{ name: 'B', value: '2' }, { name: 'A', value: '1' }], secrets: [{ name: 'Z', valueFrom: 'arn:z' }, { name: 'Y', valueFrom: 'arn:y' }] }],
        tags: [{ key: 'team', value: 'x' }, { key: 'aws:cloudformation:stack-id', value: 'y' }, { key: 'ecsctl:service', value: 'web' }],
      }),
      context,
    )
    expect(canonical.containerDefinitions?.[0]?.environment?.map((e) => e.name)).toEqual(['A', 'B'])
    expect(canonical.containerDefinitions?.[0]?.secrets?.map((e) => e.name)).toEqual(['Y', 'Z'])
    expect(canonical.tags).toEqual([{ key: 'ecsctl:service', value: 'web' }, { key: 'team', value: 'x' }])
  })
})

describe('services', () => {
  const live = liveStateAfterDeploy(loadExample('spot-worker')).service
  if (!live) throw new Error('no service')

  it('leave out what only describes the service', () => {
    const input = serviceFromLive(frozen(live))
    for (const field of ['serviceArn', 'status', 'runningCount', 'deployments', 'events', 'roleArn', 'createdAt', 'platformFamily']) expect(input).not.toHaveProperty(field)
    expect(input.cluster).toBe('workers')
  })

  it('drop the strategy when the manifest leaves it to the cluster default', () => {
    const canonical = canonicalService(serviceFromLive(frozen(live)), { ignoreDesiredCount: true, ignoreCapacityProviderStrategy: true })
    expect(canonical).not.toHaveProperty('capacityProviderStrategy')
    expect(canonical).not.toHaveProperty('desiredCount')
  })

  it('treat LATEST as no platform version, and keep a pinned one', () => {
    const comparison = { ignoreDesiredCount: false, ignoreCapacityProviderStrategy: false }
    expect(canonicalService(frozen({ serviceName: 's', platformVersion: 'LATEST' }), comparison)).not.toHaveProperty('platformVersion')
    expect(canonicalService(frozen({ serviceName: 's', platformVersion: '1.4.0' }), comparison).platformVersion).toBe('1.4.0')
  })

  it('fill the deployment configuration and drop deployment alarms that are off', () => {
    const comparison = { ignoreDesiredCount: false, ignoreCapacityProviderStrategy: false }
    const sent = canonicalService(frozen({ serviceName: 's' }), comparison)
    const reported = canonicalService(
      frozen({
        serviceName: 's',
        deploymentConfiguration: { maximumPercent: 200, minimumHealthyPercent: 100, deploymentCircuitBreaker: { enable: false, rollback: false }, alarms: { alarmNames: [], enable: false, rollback: false }, strategy: 'ROLLING' as const },
        deploymentController: { type: 'ECS' as const },
        schedulingStrategy: 'REPLICA' as const,
        propagateTags: 'NONE' as const,
        enableECSManagedTags: false,
        healthCheckGracePeriodSeconds: 0,
        placementConstraints: [],
        placementStrategy: [],
      }),
      comparison,
    )
    expect(sent).toEqual(reported)
    const withAlarms = canonicalService(frozen({ serviceName: 's', deploymentConfiguration: { alarms: { alarmNames: ['b', 'a'], enable: true, rollback: true } } }), comparison)
    expect(withAlarms.deploymentConfiguration?.alarms).toEqual({ alarmNames: ['a', 'b'], enable: true, rollback: true })
  })
})

describe('target groups', () => {
  it('fill ALB defaults (HTTP check on /, 200, HTTP1, thresholds 5 and 2, timeout 6 for HTTP)', () => {
    expect(canonicalTargetGroup(frozen({ Name: 'tg', Protocol: 'HTTP' as const, Port: 80, VpcId: 'vpc-1', TargetType: 'ip' as const }))).toEqual({
      Name: 'tg',
      Protocol: 'HTTP',
      ProtocolVersion: 'HTTP1',
      Port: 80,
      VpcId: 'vpc-1',
      TargetType: 'ip',
      IpAddressType: 'ipv4',
      HealthCheckEnabled: true,
      HealthCheckProtocol: 'HTTP',
      HealthCheckPort: 'traffic-port',
      HealthCheckPath: '/',
      HealthCheckIntervalSeconds: 30,
      HealthCheckTimeoutSeconds: 6,
      HealthyThresholdCount: 5,
      UnhealthyThresholdCount: 2,
      Matcher: { HttpCode: '200' },
      Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '300' }],
    })
  })

  it('fill NLB defaults: TCP check without path or matcher, 10-second timeout; 200-399 for an HTTP check', () => {
    const tcp = canonicalTargetGroup(frozen({ Name: 'n', Protocol: 'TCP' as const, Port: 1883 }))
    expect(tcp).toMatchObject({ HealthCheckProtocol: 'TCP', HealthCheckTimeoutSeconds: 10 })
    expect(tcp).not.toHaveProperty('HealthCheckPath')
    expect(tcp).not.toHaveProperty('Matcher')
    expect(tcp).not.toHaveProperty('ProtocolVersion')
    expect(canonicalTargetGroup(frozen({ Name: 'n', Protocol: 'TCP' as const, HealthCheckProtocol: 'HTTP' as const })).Matcher).toEqual({ HttpCode: '200-399' })
  })

  it('keep only the attributes ecsctl sets', () => {
    const live = liveStateAfterDeploy(loadExample('complete')).targetGroups['web-app-8080']
    if (!live) throw new Error('no target group')
    expect(canonicalTargetGroup(targetGroupFromLive(frozen(live))).Attributes).toEqual([{ Key: 'deregistration_delay.timeout_seconds', Value: '30' }])
  })
})

describe('listener rules', () => {
  it('read legacy Values, the Config form, text priorities and any value order alike', () => {
    const sent = canonicalListenerRule(
      frozen({
        ListenerArn: 'l',
        Priority: 10,
        Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/a', '/b'] } }, { Field: 'host-header', HostHeaderConfig: { Values: ['x.com'] } }],
        Actions: [{ Type: 'forward' as const, TargetGroupArn: 'tg' }],
      }),
    )
    const reported = canonicalListenerRule(
      listenerRuleFromLive(
        'l',
        frozen({
          rule: {
            Priority: '10',
            Conditions: [{ Field: 'host-header', Values: ['x.com'] }, { Field: 'path-pattern', Values: ['/b', '/a'], PathPatternConfig: { Values: ['/b', '/a'] } }],
            Actions: [{ Type: 'forward' as const, Order: 1, ForwardConfig: { TargetGroups: [{ TargetGroupArn: 'tg', Weight: 1 }], TargetGroupStickinessConfig: { Enabled: false } } }],
          },
          tags: [],
        }),
      ),
    )
    expect(reported).toEqual(sent)
  })

  it('keep a weighted forward to several groups as it is', () => {
    const action = canonicalAction(frozen({ Type: 'forward' as const, ForwardConfig: { TargetGroups: [{ TargetGroupArn: 'b', Weight: 1 }, { TargetGroupArn: 'a', Weight: 3 }] } }), true)
    expect(action).toEqual({ Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: 'a', Weight: 3 }, { TargetGroupArn: 'b', Weight: 1 }] } })
  })
})

describe('autoscaling and alarms', () => {
  it('read a scalable target with nothing suspended as one without suspended state', () => {
    const base = { ServiceNamespace: 'ecs' as const, ResourceId: 'service/c/s', ScalableDimension: 'ecs:service:DesiredCount' as const, MinCapacity: 1, MaxCapacity: 2 }
    expect(canonicalScalableTarget(frozen({ ...base, SuspendedState: { DynamicScalingInSuspended: false, DynamicScalingOutSuspended: false, ScheduledScalingSuspended: false } }))).toEqual(
      canonicalScalableTarget(frozen({ ...base, Tags: { a: 'b' } })),
    )
  })

  it('fill target tracking defaults for ECS (300-second cooldowns, scale-in on) and step aggregation', () => {
    const tracking = canonicalScalingPolicy(
      frozen({ PolicyName: 'p', ServiceNamespace: 'ecs' as const, ResourceId: 'r', ScalableDimension: 'ecs:service:DesiredCount' as const, PolicyType: 'TargetTrackingScaling' as const, TargetTrackingScalingPolicyConfiguration: { TargetValue: 50 } }),
    )
    expect(tracking.TargetTrackingScalingPolicyConfiguration).toEqual({ TargetValue: 50, ScaleOutCooldown: 300, ScaleInCooldown: 300, DisableScaleIn: false })
    const step = canonicalScalingPolicy(frozen({ PolicyName: 'p', ServiceNamespace: 'ecs' as const, ResourceId: 'r', ScalableDimension: 'ecs:service:DesiredCount' as const, StepScalingPolicyConfiguration: { StepAdjustments: [{ MetricIntervalLowerBound: 1, ScalingAdjustment: 2 }, { MetricIntervalUpperBound: 1, ScalingAdjustment: -1 }] } }))
    expect(step.PolicyType).toBe('StepScaling')
    expect(step.StepScalingPolicyConfiguration?.MetricAggregationType).toBe('Average')
    expect(step.StepScalingPolicyConfiguration?.StepAdjustments?.map((s) => s.ScalingAdjustment)).toEqual([-1, 2])
  })

  it('fill alarm defaults and sort dimensions and actions', () => {
    const sent = canonicalAlarm(frozen({ AlarmName: 'a', Dimensions: [{ Name: 'B', Value: '2' }, { Name: 'A', Value: '1' }], AlarmActions: ['y', 'x'] }))
    const reported = canonicalAlarm(frozen({ AlarmName: 'a', ActionsEnabled: true, TreatMissingData: 'missing', OKActions: [], InsufficientDataActions: [], Dimensions: [{ Name: 'A', Value: '1' }, { Name: 'B', Value: '2' }], AlarmActions: ['x', 'y'] }))
    expect(sent).toEqual(reported)
    expect(reported.Dimensions?.map((d) => d.Name)).toEqual(['A', 'B'])
  })

  it('read a scheduled action without time zone as UTC, and times as ISO text', () => {
    const action = canonicalScheduledAction(frozen({ ScheduledActionName: 's', ServiceNamespace: 'ecs' as const, ResourceId: 'r', ScalableDimension: 'ecs:service:DesiredCount' as const, Schedule: 'at(2030-01-01T00:00:00)', StartTime: new Date('2030-01-01T00:00:00Z') }))
    expect(action).toMatchObject({ Timezone: 'UTC', StartTime: '2030-01-01T00:00:00.000Z' })
  })
})

describe('event rules', () => {
  it('compare patterns and inputs as JSON, fill state, bus and ECS target defaults', () => {
    const sent = canonicalEventRule(
      frozen({
        Name: 'r',
        EventPattern: '{"source":["aws.s3"],"detail":{"bucket":{"name":["u"]}}}',
        Targets: [{ Id: 't', Arn: 'c', RoleArn: 'ecsEventsRole', Input: '{"a":1,"b":2}', EcsParameters: { TaskDefinitionArn: 'td', NetworkConfiguration: { awsvpcConfiguration: { Subnets: ['s-2', 's-1'] } } } }],
      }),
      context,
    )
    const reported = canonicalEventRule(
      frozen({
        Name: 'r',
        EventPattern: '{\n "detail": { "bucket": { "name": ["u"] } },\n "source": ["aws.s3"]\n}',
        State: 'ENABLED' as const,
        EventBusName: 'default',
        Targets: [
          {
            Id: 't',
            Arn: 'c',
            RoleArn: 'arn:aws:iam::123456789012:role/ecsEventsRole',
            Input: '{ "b": 2, "a": 1 }',
            EcsParameters: { TaskDefinitionArn: 'td', TaskCount: 1, EnableECSManagedTags: false, EnableExecuteCommand: false, NetworkConfiguration: { awsvpcConfiguration: { Subnets: ['s-1', 's-2'], AssignPublicIp: 'DISABLED' as const } } },
          },
        ],
      }),
      context,
    )
    expect(diffValues(reported, sent, eventRuleListKeys)).toEqual([])
  })
})
