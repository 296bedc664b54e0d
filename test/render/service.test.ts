import { describe, expect, it } from 'vitest'
import { renderService } from '../../src/lib/render/index.js'
import { placeholder } from '../../src/lib/render/names.js'
import { ACCOUNT_ID, ALB_LISTENER, buildManifest } from '../support/manifests.js'

describe('renderService', () => {
  it('names the family, not a revision, so ECS takes the latest ACTIVE one', () => {
    expect(renderService(buildManifest({ family: 'web-tasks' }))).toMatchObject({ cluster: 'prod', serviceName: 'web', taskDefinition: 'web-tasks' })
  })

  it('sends a launch type, or a capacity provider strategy, never both', () => {
    const fargate = renderService(buildManifest())
    expect(fargate.launchType).toBe('FARGATE')
    expect(fargate).not.toHaveProperty('capacityProviderStrategy')

    const spot = renderService(
      buildManifest({ capacityProviders: [{ provider: 'FARGATE_SPOT', weight: 3 }, { provider: 'FARGATE', base: 1, weight: 1 }] }, ['launchType']),
    )
    expect(spot).not.toHaveProperty('launchType')
    expect(spot.capacityProviderStrategy).toEqual([
      { capacityProvider: 'FARGATE_SPOT', weight: 3 },
      { capacityProvider: 'FARGATE', weight: 1, base: 1 },
    ])
  })

  it('leaves the choice to the cluster’s default strategy when the manifest names neither', () => {
    const service = renderService(buildManifest({}, ['launchType']))
    expect(service).not.toHaveProperty('launchType')
    expect(service).not.toHaveProperty('capacityProviderStrategy')
  })

  it('sends the awsvpc configuration with assignPublicIp as ENABLED/DISABLED', () => {
    const service = renderService(buildManifest({ network: { subnets: ['subnet-0a1'], securityGroups: ['sg-0c3'], assignPublicIp: true } }))
    expect(service.networkConfiguration).toEqual({ awsvpcConfiguration: { subnets: ['subnet-0a1'], securityGroups: ['sg-0c3'], assignPublicIp: 'ENABLED' } })
    const privateOnly = renderService(buildManifest({ network: { subnets: ['subnet-0a1'] } }))
    expect(privateOnly.networkConfiguration).toEqual({ awsvpcConfiguration: { subnets: ['subnet-0a1'], assignPublicIp: 'DISABLED' } })
  })

  it('sends no network configuration in bridge mode, and the placement rules', () => {
    const service = renderService(
      buildManifest(
        {
          launchType: 'EC2',
          placement: {
            strategy: [{ type: 'spread', field: 'attribute:ecs.availability-zone' }, { type: 'random' }],
            constraints: [{ type: 'distinctInstance' }],
          },
        },
        ['network'],
      ),
    )
    expect(service).not.toHaveProperty('networkConfiguration')
    expect(service.placementStrategy).toEqual([{ type: 'spread', field: 'attribute:ecs.availability-zone' }, { type: 'random' }])
    expect(service.placementConstraints).toEqual([{ type: 'distinctInstance' }])
  })

  it('starts the desired count inside the autoscaling range', () => {
    expect(renderService(buildManifest({ desiredCount: 1, autoscaling: { min: 2, max: 5 } })).desiredCount).toBe(2)
    expect(renderService(buildManifest({ desiredCount: 9, autoscaling: { min: 2, max: 5 } })).desiredCount).toBe(5)
    expect(renderService(buildManifest({ desiredCount: 3, autoscaling: { min: 2, max: 5 } })).desiredCount).toBe(3)
    expect(renderService(buildManifest({ desiredCount: 0 })).desiredCount).toBe(0)
  })

  it('attaches managed and existing target groups', () => {
    const existingArn = `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT_ID}:targetgroup/legacy/0123456789abcdef`
    const service = renderService(
      buildManifest({
        containers: { app: { image: 'x', ports: [8080, 9090, 9100] } },
        loadBalancers: [
          { container: 'app', port: 8080, alb: { listener: ALB_LISTENER, rule: { priority: 5, paths: ['/*'] } } },
          { container: 'app', port: 9090, targetGroup: existingArn },
          { container: 'app', port: 9100, targetGroup: 'metrics-tg' },
        ],
        healthCheckGracePeriod: 60,
      }),
    )
    expect(service.loadBalancers).toEqual([
      { targetGroupArn: placeholder.targetGroupArn('prod-web-8080'), containerName: 'app', containerPort: 8080 },
      { targetGroupArn: existingArn, containerName: 'app', containerPort: 9090 },
      { targetGroupArn: placeholder.targetGroupArn('metrics-tg'), containerName: 'app', containerPort: 9100 },
    ])
    expect(service.healthCheckGracePeriodSeconds).toBe(60)
  })

  it('sends the deployment settings that are set, and none when none are', () => {
    const configured = renderService(buildManifest({ deployment: { minimumHealthyPercent: 50, circuitBreaker: { rollback: false } } }))
    expect(configured.deploymentConfiguration).toEqual({ minimumHealthyPercent: 50, deploymentCircuitBreaker: { enable: true, rollback: false } })
    expect(renderService(buildManifest())).not.toHaveProperty('deploymentConfiguration')
  })

  it('propagates the service tags to tasks and tags the service with its owner', () => {
    const service = renderService(buildManifest({ tags: { team: 'payments' } }))
    expect(service).toMatchObject({
      propagateTags: 'SERVICE',
      enableECSManagedTags: true,
      tags: [
        { key: 'ecsctl:service', value: 'web' },
        { key: 'team', value: 'payments' },
      ],
    })
  })
})
