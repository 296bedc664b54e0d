import { describe, expect, it } from 'vitest'
import type { TargetTrackingMetricDataQuery } from '@aws-sdk/client-application-auto-scaling'
import { renderScaling, renderStepAdjustments } from '../../src/lib/render/index.js'
import { placeholder } from '../../src/lib/render/names.js'
import { ALB_LISTENER, buildManifest, NLB_LISTENER } from '../support/manifests.js'

const scalingOf = (autoscaling: Record<string, unknown>, changes: Record<string, unknown> = {}) => {
  const rendered = renderScaling(buildManifest({ autoscaling, ...changes }))
  if (!rendered) throw new Error('no scaling rendered')
  return rendered
}

const step = (changes: Record<string, unknown> = {}) => ({
  name: 'busy',
  alarm: { namespace: 'AWS/ECS', metric: 'CPUUtilization', threshold: 80, comparison: 'GreaterThanThreshold' },
  adjustments: [{ lower: 0, change: 1 }],
  ...changes,
})

describe('scalable target', () => {
  it('is the service’s desired count, with the range and the tags', () => {
    expect(scalingOf({ min: 1, max: 4 }).registerScalableTarget).toEqual({
      ServiceNamespace: 'ecs',
      ResourceId: 'service/prod/web',
      ScalableDimension: 'ecs:service:DesiredCount',
      MinCapacity: 1,
      MaxCapacity: 4,
      Tags: { 'ecsctl:service': 'web' },
    })
  })

  it('is not rendered without autoscaling', () => {
    expect(renderScaling(buildManifest())).toBeUndefined()
  })
})

describe('target tracking', () => {
  it('renders cpu and memory with the predefined ECS metrics and the cooldowns', () => {
    const { targetTrackingPolicies } = scalingOf({ min: 1, max: 4, memory: 70, cpu: 50, scaleInCooldown: 300, scaleOutCooldown: 30 })
    expect(targetTrackingPolicies.map((p) => p.PolicyName)).toEqual(['web.cpu', 'web.memory'])
    expect(targetTrackingPolicies[0]).toMatchObject({
      PolicyType: 'TargetTrackingScaling',
      ResourceId: 'service/prod/web',
      TargetTrackingScalingPolicyConfiguration: {
        TargetValue: 50,
        PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' },
        ScaleInCooldown: 300,
        ScaleOutCooldown: 30,
      },
    })
    expect(targetTrackingPolicies[1]?.TargetTrackingScalingPolicyConfiguration?.PredefinedMetricSpecification?.PredefinedMetricType).toBe(
      'ECSServiceAverageMemoryUtilization',
    )
  })

  it('labels request count per target with the load balancer from the listener and the target group placeholder', () => {
    const { targetTrackingPolicies } = scalingOf(
      { min: 1, max: 4, requestsPerTarget: 500 },
      { loadBalancers: [{ container: 'app', port: 8080, alb: { listener: ALB_LISTENER, rule: { priority: 1 } } }] },
    )
    expect(targetTrackingPolicies).toHaveLength(1)
    expect(targetTrackingPolicies[0]?.TargetTrackingScalingPolicyConfiguration?.PredefinedMetricSpecification).toEqual({
      PredefinedMetricType: 'ALBRequestCountPerTarget',
      ResourceLabel: `app/public/50dc6c495c0c9188/targetgroup/prod-web-8080/${placeholder.targetGroupId('prod-web-8080')}`,
    })
  })

  it('divides the queue’s visible messages by the running tasks, returning only the quotient', () => {
    const { targetTrackingPolicies } = scalingOf({ min: 1, max: 10, queue: { name: 'jobs', backlogPerTask: 25 } })
    const configuration = targetTrackingPolicies[0]?.TargetTrackingScalingPolicyConfiguration
    expect(targetTrackingPolicies[0]?.PolicyName).toBe('web.queue')
    expect(configuration?.TargetValue).toBe(25)
    expect(configuration).not.toHaveProperty('PredefinedMetricSpecification')
    const metrics: TargetTrackingMetricDataQuery[] = configuration?.CustomizedMetricSpecification?.Metrics ?? []
    const byMetricName = (name: string) => metrics.find((q) => q.MetricStat?.Metric?.MetricName === name)
    const messages = byMetricName('ApproximateNumberOfMessagesVisible')
    const tasks = byMetricName('RunningTaskCount')
    expect(messages?.MetricStat).toEqual({
      Metric: { Namespace: 'AWS/SQS', MetricName: 'ApproximateNumberOfMessagesVisible', Dimensions: [{ Name: 'QueueName', Value: 'jobs' }] },
      Stat: 'Sum',
    })
    expect(tasks?.MetricStat).toEqual({
      Metric: {
        Namespace: 'ECS/ContainerInsights',
        MetricName: 'RunningTaskCount',
        Dimensions: [
          { Name: 'ClusterName', Value: 'prod' },
          { Name: 'ServiceName', Value: 'web' },
        ],
      },
      Stat: 'Average',
    })
    const returned = metrics.filter((q) => q.ReturnData)
    expect(returned).toHaveLength(1)
    expect(returned[0]?.Expression).toBe(`${messages?.Id} / ${tasks?.Id}`)
    // Metric math ids start with a lowercase letter and are unique.
    const ids = metrics.map((q) => q.Id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const id of ids) expect(id).toMatch(/^[a-z][A-Za-z0-9_]*$/)
  })
})

describe('step scaling', () => {
  it('keeps bounds relative to the threshold, sorted by lower bound, open bounds left out', () => {
    const manifest = buildManifest({
      autoscaling: { min: 1, max: 4, steps: [step({ adjustments: [{ lower: 10, change: 3 }, { upper: -5, change: -1 }, { lower: 0, upper: 10, change: 1 }] })] },
    })
    const parsed = manifest.autoscaling?.steps?.[0]
    if (!parsed) throw new Error('no step parsed')
    const adjustments = renderStepAdjustments(parsed)
    expect(adjustments).toEqual([
      { MetricIntervalUpperBound: -5, ScalingAdjustment: -1 },
      { MetricIntervalLowerBound: 0, MetricIntervalUpperBound: 10, ScalingAdjustment: 1 },
      { MetricIntervalLowerBound: 10, ScalingAdjustment: 3 },
    ])
  })

  it('renders the policy, then its alarm whose action is the policy', () => {
    const { stepScaling } = scalingOf({ min: 1, max: 4, steps: [step({ cooldown: 90, adjustmentType: 'PercentChangeInCapacity' })] })
    const { policy, alarm } = stepScaling[0] ?? {}
    expect(policy).toMatchObject({
      PolicyName: 'web.step.busy',
      PolicyType: 'StepScaling',
      StepScalingPolicyConfiguration: {
        AdjustmentType: 'PercentChangeInCapacity',
        StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 1 }],
        Cooldown: 90,
        MetricAggregationType: 'Average',
      },
    })
    expect(alarm).toMatchObject({
      AlarmName: 'ecsctl.prod.web.busy',
      AlarmActions: [placeholder.stepPolicyArn('web.step.busy')],
      Namespace: 'AWS/ECS',
      MetricName: 'CPUUtilization',
      Statistic: 'Average',
      Period: 60,
      EvaluationPeriods: 1,
      Threshold: 80,
      ComparisonOperator: 'GreaterThanThreshold',
      Tags: [{ Key: 'ecsctl:service', Value: 'web' }],
    })
  })

  it('aggregates as the alarm’s statistic where the API allows it', () => {
    const maximum = scalingOf({ min: 1, max: 4, steps: [step({ alarm: { ...step().alarm, statistic: 'Maximum' } })] })
    expect(maximum.stepScaling[0]?.policy.StepScalingPolicyConfiguration?.MetricAggregationType).toBe('Maximum')
    const sum = scalingOf({ min: 1, max: 4, steps: [step({ alarm: { ...step().alarm, statistic: 'Sum' } })] })
    expect(sum.stepScaling[0]?.policy.StepScalingPolicyConfiguration?.MetricAggregationType).toBe('Average')
  })

  it('scopes an alarm without dimensions to the service, or to its load balancer and target group', () => {
    const ecs = scalingOf({ min: 1, max: 4, steps: [step()] })
    expect(ecs.stepScaling[0]?.alarm.Dimensions).toEqual([
      { Name: 'ClusterName', Value: 'prod' },
      { Name: 'ServiceName', Value: 'web' },
    ])
    const nlb = scalingOf(
      { min: 1, max: 4, steps: [step({ alarm: { ...step().alarm, namespace: 'AWS/NetworkELB', metric: 'ActiveFlowCount' } })] },
      { loadBalancers: [{ container: 'app', port: 8080, nlb: { listener: NLB_LISTENER } }] },
    )
    expect(nlb.stepScaling[0]?.alarm.Dimensions).toEqual([
      { Name: 'LoadBalancer', Value: 'net/tcp-in/73e2d6bc24d8a067' },
      { Name: 'TargetGroup', Value: `targetgroup/prod-web-8080/${placeholder.targetGroupId('prod-web-8080')}` },
    ])
    const other = scalingOf({ min: 1, max: 4, steps: [step({ alarm: { ...step().alarm, namespace: 'Custom/App', metric: 'Lag' } })] })
    expect(other.stepScaling[0]?.alarm).not.toHaveProperty('Dimensions')
  })

  it('uses declared dimensions as written, sorted by name', () => {
    const declared = scalingOf({ min: 1, max: 4, steps: [step({ alarm: { ...step().alarm, dimensions: { ServiceName: 'web', ClusterName: 'prod' } } })] })
    expect(declared.stepScaling[0]?.alarm.Dimensions).toEqual([
      { Name: 'ClusterName', Value: 'prod' },
      { Name: 'ServiceName', Value: 'web' },
    ])
  })
})

describe('scheduled actions', () => {
  it('carry the schedule, the time zone, the range and start/end as dates', () => {
    const { scheduledActions } = scalingOf({
      min: 1,
      max: 4,
      schedules: [{ name: 'launch-week', schedule: 'rate(1 hour)', min: 3, start: '2027-03-01T00:00:00Z', end: '2027-03-08T00:00:00Z' }],
    })
    expect(scheduledActions).toEqual([
      {
        ServiceNamespace: 'ecs',
        ResourceId: 'service/prod/web',
        ScalableDimension: 'ecs:service:DesiredCount',
        ScheduledActionName: 'web.launch-week',
        Schedule: 'rate(1 hour)',
        StartTime: new Date('2027-03-01T00:00:00Z'),
        EndTime: new Date('2027-03-08T00:00:00Z'),
        ScalableTargetAction: { MinCapacity: 3 },
      },
    ])
  })
})
