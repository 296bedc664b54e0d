// A create then a describe through each service's real SDK client: proof that the endpoint
// reads what the SDK serialises and answers what the SDK parses, in every wire protocol.
import { DescribeScalableTargetsCommand, PutScalingPolicyCommand, RegisterScalableTargetCommand } from '@aws-sdk/client-application-auto-scaling'
import { DescribeAlarmsCommand, ListTagsForResourceCommand as ListAlarmTagsCommand, PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch'
import { CreateLogGroupCommand, DescribeLogGroupsCommand, ListTagsForResourceCommand as ListLogTagsCommand, PutRetentionPolicyCommand } from '@aws-sdk/client-cloudwatch-logs'
import { BatchGetImageCommand, DescribeImagesCommand } from '@aws-sdk/client-ecr'
import { CreateServiceCommand, DescribeTaskDefinitionCommand, ListTaskDefinitionsCommand, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs'
import { CreateAccessPointCommand, DescribeAccessPointsCommand, DescribeFileSystemsCommand, ListTagsForResourceCommand as ListEfsTagsCommand, TagResourceCommand as TagEfsCommand } from '@aws-sdk/client-efs'
import {
  CreateRuleCommand,
  CreateTargetGroupCommand,
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeRulesCommand,
  DescribeTagsCommand,
  DescribeTargetGroupAttributesCommand,
  DescribeTargetGroupsCommand,
  ModifyListenerCommand,
  ModifyTargetGroupAttributesCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2'
import { DescribeRuleCommand, ListRulesCommand, ListTargetsByRuleCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge'
import { describe, expect, it } from 'vitest'
import type { Endpoint } from './index.js'
import { ACCOUNT, type Clients, LISTENER, LOAD_BALANCER, NLB_LISTENER, sharedEndpoint, VPC } from './support.js'

let endpoint: Endpoint
let aws: Clients
sharedEndpoint((started, clients) => {
  endpoint = started
  aws = clients
})

const taskDefinitionInput = {
  family: 'web',
  networkMode: 'awsvpc' as const,
  requiresCompatibilities: ['FARGATE' as const],
  cpu: '256',
  memory: '512',
  executionRoleArn: `arn:aws:iam::${ACCOUNT}:role/ecsTaskExecutionRole`,
  containerDefinitions: [{ name: 'app', image: 'nginx:1.27', portMappings: [{ containerPort: 8080 }] }],
  tags: [{ key: 'team', value: 'payments' }],
}

describe('awsJson1_1: ECS', () => {
  it('registers revisions and describes the latest ACTIVE one by family, with timestamps as dates and AWS defaults filled in', async () => {
    const first = await aws.ecs.send(new RegisterTaskDefinitionCommand(taskDefinitionInput))
    const second = await aws.ecs.send(new RegisterTaskDefinitionCommand(taskDefinitionInput))
    expect(first.taskDefinition?.revision).toBe(1)
    expect(second.taskDefinition?.taskDefinitionArn).toBe(`arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/web:2`)

    const described = await aws.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'web', include: ['TAGS'] }))
    expect(described.taskDefinition?.revision).toBe(2)
    expect(described.taskDefinition?.registeredAt).toBeInstanceOf(Date)
    expect(Math.abs((described.taskDefinition?.registeredAt?.getTime() ?? 0) - Date.now())).toBeLessThan(60_000)
    expect(described.taskDefinition?.status).toBe('ACTIVE')
    expect(described.taskDefinition?.compatibilities).toEqual(['EC2', 'FARGATE'])
    expect(described.taskDefinition?.containerDefinitions?.[0]).toMatchObject({
      cpu: 0,
      essential: true,
      environment: [],
      mountPoints: [],
      volumesFrom: [],
      portMappings: [{ containerPort: 8080, hostPort: 8080, protocol: 'tcp' }],
    })
    expect(described.tags).toEqual([{ key: 'team', value: 'payments' }])

    const listed = await aws.ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: 'web', sort: 'DESC' }))
    expect(listed.taskDefinitionArns?.map((a) => a.split('/').pop())).toEqual(['web:2', 'web:1'])
  })
})

describe('awsQuery: ELBv2', () => {
  it('creates a target group and describes it by name, with defaults, attributes and tags (lists as <member>)', async () => {
    const created = await aws.elbv2.send(
      new CreateTargetGroupCommand({
        Name: 'web-app-8080',
        Protocol: 'HTTP',
        Port: 8080,
        VpcId: VPC,
        TargetType: 'ip',
        HealthCheckPath: '/healthz',
        Matcher: { HttpCode: '200-399' },
        Tags: [
          { Key: 'ecsctl:service', Value: 'web' },
          { Key: 'team', Value: 'payments & co <ops>' },
        ],
      }),
    )
    const arn = created.TargetGroups?.[0]?.TargetGroupArn ?? ''
    expect(arn).toMatch(new RegExp(`^arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:targetgroup/web-app-8080/[0-9a-f]{16}$`))

    const described = await aws.elbv2.send(new DescribeTargetGroupsCommand({ Names: ['web-app-8080'] }))
    expect(described.TargetGroups).toHaveLength(1)
    expect(described.TargetGroups?.[0]).toMatchObject({
      TargetGroupArn: arn,
      Port: 8080,
      HealthCheckEnabled: true,
      HealthCheckIntervalSeconds: 30,
      HealthCheckPath: '/healthz',
      Matcher: { HttpCode: '200-399' },
      LoadBalancerArns: [],
      ProtocolVersion: 'HTTP1',
    })

    await aws.elbv2.send(new ModifyTargetGroupAttributesCommand({ TargetGroupArn: arn, Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '30' }] }))
    const attributes = await aws.elbv2.send(new DescribeTargetGroupAttributesCommand({ TargetGroupArn: arn }))
    expect(attributes.Attributes).toContainEqual({ Key: 'deregistration_delay.timeout_seconds', Value: '30' })
    expect(attributes.Attributes).toContainEqual({ Key: 'stickiness.enabled', Value: 'false' })

    const tags = await aws.elbv2.send(new DescribeTagsCommand({ ResourceArns: [arn] }))
    expect(tags.TagDescriptions?.[0]?.Tags).toEqual([
      { Key: 'ecsctl:service', Value: 'web' },
      { Key: 'team', Value: 'payments & co <ops>' },
    ])
  })

  it('creates a rule that attaches the target group to the load balancer; rules come back by priority, default last', async () => {
    const created = await aws.elbv2.send(new CreateTargetGroupCommand({ Name: 'web', Protocol: 'HTTP', Port: 80, VpcId: VPC, TargetType: 'ip' }))
    const targetGroupArn = created.TargetGroups?.[0]?.TargetGroupArn ?? ''
    await aws.elbv2.send(
      new CreateRuleCommand({
        ListenerArn: LISTENER,
        Priority: 10,
        Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/v1/*'] } }],
        Actions: [{ Type: 'forward', TargetGroupArn: targetGroupArn }],
      }),
    )
    const rules = await aws.elbv2.send(new DescribeRulesCommand({ ListenerArn: LISTENER }))
    expect(rules.Rules?.map((r) => [r.Priority, r.IsDefault])).toEqual([
      ['10', false],
      ['default', true],
    ])
    expect(rules.Rules?.[0]?.Conditions?.[0]).toEqual({ Field: 'path-pattern', Values: ['/v1/*'], PathPatternConfig: { Values: ['/v1/*'] } })
    expect(rules.Rules?.[0]?.Actions?.[0]).toMatchObject({
      Type: 'forward',
      TargetGroupArn: targetGroupArn,
      ForwardConfig: { TargetGroups: [{ TargetGroupArn: targetGroupArn, Weight: 1 }] },
    })
    const group = await aws.elbv2.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [targetGroupArn] }))
    expect(group.TargetGroups?.[0]?.LoadBalancerArns).toEqual([LOAD_BALANCER])

    const [loadBalancers, listeners] = await Promise.all([
      aws.elbv2.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [LOAD_BALANCER] })),
      aws.elbv2.send(new DescribeListenersCommand({ ListenerArns: [LISTENER] })),
    ])
    expect(loadBalancers.LoadBalancers?.[0]).toMatchObject({ VpcId: VPC, Type: 'application', LoadBalancerName: 'public', State: { Code: 'active' } })
    expect(loadBalancers.LoadBalancers?.[0]?.CreatedTime).toBeInstanceOf(Date)
    expect(listeners.Listeners?.[0]).toMatchObject({ ListenerArn: LISTENER, LoadBalancerArn: LOAD_BALANCER, Protocol: 'HTTPS', Port: 443 })
  })
})

describe('awsQuery: ELBv2 network load balancers', () => {
  it('points an NLB listener at a TCP target group with ModifyListener', async () => {
    endpoint.seed.listener({ arn: NLB_LISTENER })
    const created = await aws.elbv2.send(
      new CreateTargetGroupCommand({ Name: 'mqtt-1883', Protocol: 'TCP', Port: 1883, VpcId: 'vpc-0123456789abcdef0', TargetType: 'ip', HealthCheckProtocol: 'TCP' }),
    )
    const targetGroup = created.TargetGroups?.[0]
    expect(targetGroup).toMatchObject({ HealthCheckProtocol: 'TCP', HealthCheckTimeoutSeconds: 10 })
    expect(targetGroup?.HealthCheckPath).toBeUndefined()
    const modified = await aws.elbv2.send(
      new ModifyListenerCommand({ ListenerArn: NLB_LISTENER, DefaultActions: [{ Type: 'forward', TargetGroupArn: targetGroup?.TargetGroupArn }] }),
    )
    expect(modified.Listeners?.[0]).toMatchObject({ Protocol: 'TCP', DefaultActions: [{ Type: 'forward', TargetGroupArn: targetGroup?.TargetGroupArn }] })
    const attached = await aws.elbv2.send(new DescribeTargetGroupsCommand({ Names: ['mqtt-1883'] }))
    expect(attached.TargetGroups?.[0]?.LoadBalancerArns).toEqual([NLB_LISTENER.replace(':listener/', ':loadbalancer/').replace(/\/[^/]+$/, '')])
  })
})

describe('restJson1: EFS', () => {
  it('describes a seeded file system, creates an access point (idempotent by client token) and lists it with its tags', async () => {
    endpoint.seed.fileSystem({ id: 'fs-0123456789abcdef0', name: 'shared-data' })
    const fileSystems = await aws.efs.send(new DescribeFileSystemsCommand({}))
    expect(fileSystems.FileSystems?.[0]).toMatchObject({ FileSystemId: 'fs-0123456789abcdef0', Name: 'shared-data', LifeCycleState: 'available' })
    expect(fileSystems.FileSystems?.[0]?.CreationTime).toBeInstanceOf(Date)

    const input = {
      ClientToken: 'prod-web-data-d4b3d598d683',
      FileSystemId: 'fs-0123456789abcdef0',
      PosixUser: { Uid: 1000, Gid: 1000 },
      RootDirectory: { Path: '/web', CreationInfo: { OwnerUid: 1000, OwnerGid: 1000, Permissions: '0755' } },
      Tags: [{ Key: 'ecsctl:service', Value: 'web' }],
    }
    const created = await aws.efs.send(new CreateAccessPointCommand(input))
    const again = await aws.efs.send(new CreateAccessPointCommand(input))
    expect(created.AccessPointId).toMatch(/^fsap-[0-9a-f]{17}$/)
    expect(again.AccessPointId).toBe(created.AccessPointId)

    await aws.efs.send(new TagEfsCommand({ ResourceId: created.AccessPointId, Tags: [{ Key: 'team', Value: 'payments' }] }))
    const listed = await aws.efs.send(new DescribeAccessPointsCommand({ FileSystemId: 'fs-0123456789abcdef0' }))
    expect(listed.AccessPoints).toHaveLength(1)
    expect(listed.AccessPoints?.[0]).toMatchObject({ LifeCycleState: 'available', RootDirectory: input.RootDirectory, PosixUser: input.PosixUser })
    const tags = await aws.efs.send(new ListEfsTagsCommand({ ResourceId: created.AccessPointId }))
    expect(tags.Tags).toEqual([
      { Key: 'ecsctl:service', Value: 'web' },
      { Key: 'team', Value: 'payments' },
    ])
    expect(endpoint.calls('efs').map((r) => [r.operation, r.status])).toEqual([
      ['DescribeFileSystems', 200],
      ['CreateAccessPoint', 200],
      ['CreateAccessPoint', 200],
      ['TagResource', 200],
      ['DescribeAccessPoints', 200],
      ['ListTagsForResource', 200],
    ])
  })
})

describe('awsJson1_1: Application Auto Scaling', () => {
  it('registers a scalable target for an existing service and puts a target tracking policy that creates its alarms', async () => {
    await aws.ecs.send(new RegisterTaskDefinitionCommand(taskDefinitionInput))
    await aws.ecs.send(
      new CreateServiceCommand({
        cluster: 'prod',
        serviceName: 'web',
        taskDefinition: 'web',
        desiredCount: 1,
        launchType: 'FARGATE',
        networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0a1'] } },
      }),
    )
    const scope = { ServiceNamespace: 'ecs' as const, ResourceId: 'service/prod/web', ScalableDimension: 'ecs:service:DesiredCount' as const }
    const registered = await aws.autoscaling.send(new RegisterScalableTargetCommand({ ...scope, MinCapacity: 1, MaxCapacity: 4, Tags: { team: 'payments' } }))
    expect(registered.ScalableTargetARN).toMatch(/^arn:aws:application-autoscaling:us-east-1:123456789012:scalable-target\//)

    const policy = await aws.autoscaling.send(
      new PutScalingPolicyCommand({
        ...scope,
        PolicyName: 'web-cpu',
        PolicyType: 'TargetTrackingScaling',
        TargetTrackingScalingPolicyConfiguration: { TargetValue: 60, PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' } },
      }),
    )
    expect(policy.PolicyARN).toContain(':scalingPolicy:')
    expect(policy.Alarms?.map((a) => a.AlarmName?.replace(/-[0-9a-f-]{36}$/, ''))).toEqual([
      'TargetTracking-service/prod/web-AlarmHigh',
      'TargetTracking-service/prod/web-AlarmLow',
    ])

    const targets = await aws.autoscaling.send(new DescribeScalableTargetsCommand({ ServiceNamespace: 'ecs', ResourceIds: ['service/prod/web'] }))
    expect(targets.ScalableTargets?.[0]).toMatchObject({ MinCapacity: 1, MaxCapacity: 4, SuspendedState: { DynamicScalingInSuspended: false } })
    expect(targets.ScalableTargets?.[0]?.CreationTime).toBeInstanceOf(Date)
  })
})

describe('awsJson1_0 query-compatible: CloudWatch', () => {
  it('puts an alarm and finds it by name prefix with its tags', async () => {
    await aws.cloudwatch.send(
      new PutMetricAlarmCommand({
        AlarmName: 'ecsctl-prod-web-slow-responses',
        MetricName: 'TargetResponseTime',
        Namespace: 'AWS/ApplicationELB',
        Statistic: 'Average',
        Period: 60,
        EvaluationPeriods: 3,
        Threshold: 0.5,
        ComparisonOperator: 'GreaterThanThreshold',
        Tags: [{ Key: 'ecsctl:service', Value: 'web' }],
      }),
    )
    await aws.cloudwatch.send(
      new PutMetricAlarmCommand({ AlarmName: 'other-alarm', MetricName: 'CPUUtilization', Namespace: 'AWS/ECS', EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: 'GreaterThanThreshold' }),
    )
    const described = await aws.cloudwatch.send(new DescribeAlarmsCommand({ AlarmNamePrefix: 'ecsctl-prod-web-' }))
    expect(described.MetricAlarms?.map((a) => a.AlarmName)).toEqual(['ecsctl-prod-web-slow-responses'])
    const alarm = described.MetricAlarms?.[0]
    expect(alarm).toMatchObject({ Threshold: 0.5, ActionsEnabled: true, StateValue: 'INSUFFICIENT_DATA', Dimensions: [] })
    expect(alarm?.AlarmConfigurationUpdatedTimestamp).toBeInstanceOf(Date)
    const tags = await aws.cloudwatch.send(new ListAlarmTagsCommand({ ResourceARN: alarm?.AlarmArn }))
    expect(tags.Tags).toEqual([{ Key: 'ecsctl:service', Value: 'web' }])
    expect(endpoint.calls('cloudwatch')[0]?.input).toMatchObject({ AlarmName: 'ecsctl-prod-web-slow-responses', Threshold: 0.5 })
  })
})

describe('awsJson1_1: EventBridge', () => {
  it('puts a rule with a target and reads it back by prefix', async () => {
    const { RuleArn } = await aws.eventbridge.send(
      new PutRuleCommand({ Name: 'ecsctl-prod-web-nightly', ScheduleExpression: 'cron(0 3 * * ? *)', Tags: [{ Key: 'ecsctl:service', Value: 'web' }] }),
    )
    expect(RuleArn).toBe(`arn:aws:events:us-east-1:${ACCOUNT}:rule/ecsctl-prod-web-nightly`)
    await aws.eventbridge.send(
      new PutTargetsCommand({
        Rule: 'ecsctl-prod-web-nightly',
        Targets: [{ Id: 'nightly', Arn: `arn:aws:ecs:us-east-1:${ACCOUNT}:cluster/prod`, EcsParameters: { TaskDefinitionArn: 'arn:x', TaskCount: 1 } }],
      }),
    )
    const [listed, described, targets] = await Promise.all([
      aws.eventbridge.send(new ListRulesCommand({ NamePrefix: 'ecsctl-prod-' })),
      aws.eventbridge.send(new DescribeRuleCommand({ Name: 'ecsctl-prod-web-nightly' })),
      aws.eventbridge.send(new ListTargetsByRuleCommand({ Rule: 'ecsctl-prod-web-nightly' })),
    ])
    expect(listed.Rules?.map((r) => r.Name)).toEqual(['ecsctl-prod-web-nightly'])
    expect(described).toMatchObject({ State: 'ENABLED', EventBusName: 'default', CreatedBy: ACCOUNT })
    expect(targets.Targets?.[0]).toMatchObject({ Id: 'nightly', EcsParameters: { TaskCount: 1 } })
  })
})

describe('awsJson1_1: CloudWatch Logs', () => {
  it('creates a log group with tags and retention, and lists it by prefix', async () => {
    await aws.logs.send(new CreateLogGroupCommand({ logGroupName: '/ecs/web', tags: { team: 'payments' } }))
    await aws.logs.send(new CreateLogGroupCommand({ logGroupName: '/ecs/web-api' }))
    await aws.logs.send(new PutRetentionPolicyCommand({ logGroupName: '/ecs/web', retentionInDays: 30 }))
    const described = await aws.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/ecs/web' }))
    expect(described.logGroups?.map((g) => [g.logGroupName, g.retentionInDays])).toEqual([
      ['/ecs/web', 30],
      ['/ecs/web-api', undefined],
    ])
    expect(typeof described.logGroups?.[0]?.creationTime).toBe('number')
    const tags = await aws.logs.send(new ListLogTagsCommand({ resourceArn: described.logGroups?.[0]?.logGroupArn }))
    expect(tags.tags).toEqual({ team: 'payments' })
  })
})

describe('awsJson1_1: ECR', () => {
  it('describes a seeded image by tag and gets its manifest', async () => {
    endpoint.seed.image('web', 'v1')
    const described = await aws.ecr.send(new DescribeImagesCommand({ repositoryName: 'web', imageIds: [{ imageTag: 'v1' }] }))
    expect(described.imageDetails?.[0]).toMatchObject({ repositoryName: 'web', registryId: ACCOUNT, imageTags: ['v1'] })
    expect(described.imageDetails?.[0]?.imagePushedAt).toBeInstanceOf(Date)
    const got = await aws.ecr.send(new BatchGetImageCommand({ repositoryName: 'web', imageIds: [{ imageTag: 'v1' }, { imageTag: 'v2' }] }))
    expect(got.images?.[0]?.imageId?.imageDigest).toBe(described.imageDetails?.[0]?.imageDigest)
    expect(got.failures).toEqual([{ imageId: { imageTag: 'v2' }, failureCode: 'ImageNotFound', failureReason: 'Requested image not found' }])
  })
})

describe('awsQuery: STS', () => {
  it('answers GetCallerIdentity in the XML the SDK reads', async () => {
    const response = await fetch(endpoint.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: 'AWS4-HMAC-SHA256 Credential=AKIDTEST/20261101/eu-west-1/sts/aws4_request, SignedHeaders=host, Signature=0',
      },
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
    })
    const body = await response.text()
    expect(response.status).toBe(200)
    expect(body).toContain('<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>')
    expect(body).toContain(`<Account>${ACCOUNT}</Account>`)
    expect(endpoint.calls('sts')[0]).toMatchObject({ operation: 'GetCallerIdentity', region: 'eu-west-1', status: 200 })
  })
})
