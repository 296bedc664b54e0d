// The plan against what AWS really returns after a deploy of each example: no noise, and one
// changed field shows as exactly that change, with its path and impact.
import { describe, expect, it } from 'vitest'
import type { Manifest } from '../../src/lib/manifest/schema.js'
import { NO_CHANGES, formatPlan, hasChanges, IMPACT } from '../../src/lib/plan/index.js'
import { exampleEnvironments, exampleNames, loadExample } from '../support/examples.js'
import { DEPLOYED_REVISION, liveStateAfterDeploy, liveStateBeforeFirstDeploy } from './fixtures/live-after-deploy.js'
import { differences, edited, plainColors, planFor, present, type Difference } from './support.js'

describe('a manifest deployed as rendered', () => {
  const variants = exampleNames().flatMap((name) => [undefined, ...exampleEnvironments(name)].map((env) => ({ name, env, label: env ? `${name} --env ${env}` : name })))

  it.each(variants)('$label has no changes', ({ name, env }) => {
    const manifest = loadExample(name, env)
    const plan = planFor(manifest, liveStateAfterDeploy(manifest))

    expect(differences(plan)).toEqual([])
    expect(hasChanges(plan)).toBe(false)
    expect(formatPlan(plan, plainColors)).toBe(NO_CHANGES)
    // Every resource the deploy created was found and compared.
    expect(plan.resources.length).toBeGreaterThan(2)
    expect(plan.resources.every((resource) => resource.action === 'unchanged')).toBe(true)
  })

  it.each(exampleNames())('%s has no changes without AWS-reserved tags either', (name) => {
    const manifest = loadExample(name)
    expect(differences(planFor(manifest, liveStateAfterDeploy(manifest, { awsTags: false })))).toEqual([])
  })
})

const complete = loadExample('complete')
const IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/web'

/** The service's side of a new task definition revision. */
const serviceRolls = (service: string, family: string): Difference => ({
  resource: `service ${service}`,
  action: 'update',
  changes: [{ path: 'taskDefinition', before: `${family}:${DEPLOYED_REVISION}`, after: `${family}:(new revision)` }],
  impact: IMPACT.newDeployment,
})

interface OneChange {
  example: string
  what: string
  edit: (manifest: Manifest) => void
  expected: Difference[]
}

const oneChangeCases: OneChange[] = [
  {
    example: 'complete',
    what: 'the image',
    edit: (m) => {
      present(m.containers.app, 'app').image = `${IMAGE}:v1.2.4`
    },
    expected: [
      {
        resource: 'task definition web',
        action: 'update',
        changes: [{ path: 'containerDefinitions[app].image', before: `${IMAGE}:v1.2.3`, after: `${IMAGE}:v1.2.4` }],
        impact: IMPACT.newRevision,
      },
      serviceRolls('web', 'web'),
    ],
  },
  {
    example: 'complete',
    what: 'an environment variable',
    edit: (m) => {
      present(m.containers.app, 'app').environment = { LOG_LEVEL: 'debug', PORT: 8080 }
    },
    expected: [
      {
        resource: 'task definition web',
        action: 'update',
        changes: [{ path: 'containerDefinitions[app].environment[LOG_LEVEL]', before: 'info', after: 'debug' }],
        impact: IMPACT.newRevision,
      },
      serviceRolls('web', 'web'),
    ],
  },
  {
    example: 'complete',
    what: 'the task cpu',
    edit: (m) => {
      m.cpu = 1024
    },
    expected: [
      { resource: 'task definition web', action: 'update', changes: [{ path: 'cpu', before: '512', after: '1024' }], impact: IMPACT.newRevision },
      serviceRolls('web', 'web'),
    ],
  },
  {
    example: 'complete',
    what: 'the scaling max',
    edit: (m) => {
      present(m.autoscaling, 'autoscaling').max = 30
    },
    expected: [{ resource: 'scalable target service/prod/web', action: 'update', changes: [{ path: 'MaxCapacity', before: 20, after: 30 }] }],
  },
  {
    example: 'complete',
    what: 'an alb rule path',
    edit: (m) => {
      present(present(m.loadBalancers?.[0], 'load balancer').alb, 'alb').rule.paths = ['/v2/*']
    },
    expected: [
      {
        resource: 'listener rule web-app-8080',
        action: 'update',
        changes: [{ path: 'Conditions[path-pattern].PathPatternConfig.Values', before: ['/v1/*'], after: ['/v2/*'] }],
      },
    ],
  },
  {
    example: 'complete',
    what: 'a scaling schedule',
    edit: (m) => {
      present(m.autoscaling?.schedules?.[0], 'schedule').schedule = 'cron(0 7 ? * MON-FRI *)'
    },
    expected: [
      {
        resource: 'scheduled action web.business-hours',
        action: 'update',
        changes: [{ path: 'Schedule', before: 'cron(0 8 ? * MON-FRI *)', after: 'cron(0 7 ? * MON-FRI *)' }],
      },
    ],
  },
  {
    example: 'complete',
    what: "a scheduled task's schedule",
    edit: (m) => {
      present(m.tasks?.['nightly-report'], 'task').schedule = 'cron(30 2 * * ? *)'
    },
    expected: [
      {
        resource: 'event rule ecsctl.prod.web.nightly-report',
        action: 'update',
        changes: [{ path: 'ScheduleExpression', before: 'cron(0 3 * * ? *)', after: 'cron(30 2 * * ? *)' }],
      },
    ],
  },
  {
    example: 'complete',
    what: "an event task's pattern",
    edit: (m) => {
      present(m.tasks?.['ingest-upload'], 'task').eventPattern = { source: ['aws.s3'], 'detail-type': ['Object Created'], detail: { bucket: { name: ['inbox'] } } }
    },
    expected: [
      {
        resource: 'event rule ecsctl.prod.web.ingest-upload',
        action: 'update',
        changes: [{ path: 'EventPattern.detail.bucket.name', before: ['uploads'], after: ['inbox'] }],
      },
    ],
  },
  {
    example: 'ec2-bridge',
    what: 'a step alarm threshold',
    edit: (m) => {
      present(m.autoscaling?.steps?.[0], 'step').alarm.threshold = 80
    },
    expected: [{ resource: 'alarm ecsctl.ec2-prod.legacy-api.cpu-high', action: 'update', changes: [{ path: 'Threshold', before: 70, after: 80 }] }],
  },
  {
    example: 'ec2-bridge',
    what: 'a container memory reservation',
    edit: (m) => {
      present(m.containers.api, 'api').memoryReservation = 768
    },
    expected: [
      {
        resource: 'task definition legacy-api',
        action: 'update',
        changes: [{ path: 'containerDefinitions[api].memoryReservation', before: 512, after: 768 }],
        impact: IMPACT.newRevision,
      },
      serviceRolls('legacy-api', 'legacy-api'),
    ],
  },
  {
    example: 'fargate-web',
    what: 'the desired count (no autoscaling)',
    edit: (m) => {
      m.desiredCount = 4
    },
    expected: [{ resource: 'service shop-frontend', action: 'update', changes: [{ path: 'desiredCount', before: 2, after: 4 }] }],
  },
  {
    example: 'fargate-web',
    what: 'a rule host',
    edit: (m) => {
      present(present(m.loadBalancers?.[0], 'load balancer').alb, 'alb').rule.hosts = ['www.example.com', 'shop.example.com']
    },
    expected: [
      {
        resource: 'listener rule staging-shop-frontend-3000',
        action: 'update',
        changes: [{ path: 'Conditions[host-header].HostHeaderConfig.Values', before: ['shop.example.com'], after: ['shop.example.com', 'www.example.com'] }],
      },
    ],
  },
  {
    example: 'nlb-service',
    what: 'a target group health check interval',
    edit: (m) => {
      present(present(present(m.loadBalancers?.[0], 'load balancer').nlb, 'nlb').healthCheck, 'health check').interval = 30
    },
    expected: [{ resource: 'target group iot-mqtt-broker-1883', action: 'update', changes: [{ path: 'HealthCheckIntervalSeconds', before: 10, after: 30 }] }],
  },
  {
    example: 'nlb-service',
    what: 'a deregistration delay',
    edit: (m) => {
      present(present(m.loadBalancers?.[0], 'load balancer').nlb, 'nlb').deregistrationDelay = 60
    },
    expected: [
      {
        resource: 'target group iot-mqtt-broker-1883',
        action: 'update',
        changes: [{ path: 'Attributes[deregistration_delay.timeout_seconds]', before: '120', after: '60' }],
      },
    ],
  },
  {
    example: 'nlb-service',
    what: 'the cpu target',
    edit: (m) => {
      present(m.autoscaling, 'autoscaling').cpu = 65
    },
    expected: [
      { resource: 'scaling policy mqtt-broker.cpu', action: 'update', changes: [{ path: 'TargetTrackingScalingPolicyConfiguration.TargetValue', before: 55, after: 65 }] },
    ],
  },
  {
    example: 'spot-worker',
    what: 'a secret (shown as its ARN, never its value)',
    edit: (m) => {
      present(m.containers.worker, 'worker').secrets = { SIGNING_KEY: 'arn:aws:secretsmanager:eu-central-1:567890123456:secret:thumbnailer/signing-key-v2-Qw34Er' }
    },
    expected: [
      {
        resource: 'task definition thumbnailer',
        action: 'update',
        changes: [
          {
            path: 'containerDefinitions[worker].secrets[SIGNING_KEY]',
            before: 'arn:aws:secretsmanager:eu-central-1:567890123456:secret:thumbnailer/signing-key-Xy12Ab',
            after: 'arn:aws:secretsmanager:eu-central-1:567890123456:secret:thumbnailer/signing-key-v2-Qw34Er',
          },
        ],
        impact: IMPACT.newRevision,
      },
      serviceRolls('thumbnailer', 'thumbnailer'),
    ],
  },
  {
    example: 'spot-worker',
    what: 'a capacity provider weight',
    edit: (m) => {
      present(m.capacityProviders?.[0], 'capacity provider').weight = 2
    },
    expected: [
      // The service's strategy; the task definition is unchanged (both providers are Fargate).
      { resource: 'service thumbnailer', action: 'update', changes: [{ path: 'capacityProviderStrategy[FARGATE_SPOT].weight', before: 4, after: 2 }] },
    ],
  },
]

describe('one field changed', () => {
  it.each(oneChangeCases)('$example: $what shows exactly that change', ({ example, edit, expected }) => {
    const deployed = loadExample(example)
    const plan = planFor(edited(deployed, edit), liveStateAfterDeploy(deployed), deployed)
    expect(differences(plan)).toEqual(expected)
  })
})

describe('a service that does not exist', () => {
  it.each(exampleNames())('%s: everything is a create, save the existing NLB listener it points at its target group', (name) => {
    const manifest = loadExample(name)
    const plan = planFor(manifest, liveStateBeforeFirstDeploy(manifest))

    const notCreated = plan.resources.filter((resource) => resource.action !== 'create')
    expect(notCreated.map((resource) => `${resource.resource}: ${resource.action}`)).toEqual(
      manifest.loadBalancers?.some((lb) => lb.nlb) ? [expect.stringMatching(/^listener net\/.+: update$/)] : [],
    )
    // Creates list what they send; nothing is left out.
    for (const resource of plan.resources.filter((r) => r.action === 'create')) expect(resource.changes.length).toBeGreaterThan(0)
    expect(plan.resources.map((r) => r.kind)).toEqual(expect.arrayContaining(['task-definition', 'service']))
  })

  it('lists the creates in apply order, with values not yet known as placeholders', () => {
    const plan = planFor(complete, liveStateBeforeFirstDeploy(complete))
    expect(plan.resources.map((r) => r.resource)).toEqual([
      'log group /ecs/web',
      'access point prod-web-data',
      'task definition web',
      'target group web-app-8080',
      'listener rule web-app-8080',
      'service web',
      'scalable target service/prod/web',
      'scaling policy web.cpu',
      'scaling policy web.memory',
      'scaling policy web.requests',
      'scaling policy web.queue',
      'scaling policy web.step.slow-responses',
      'alarm ecsctl.prod.web.slow-responses',
      'scheduled action web.business-hours',
      'scheduled action web.night',
      'event rule ecsctl.prod.web.nightly-report',
      'event rule ecsctl.prod.web.ingest-upload',
    ])
    const service = present(plan.resources.find((r) => r.kind === 'service'), 'service')
    expect(service.changes).toContainEqual({ path: 'loadBalancers[app:8080].targetGroupArn', after: '<target-group:web-app-8080:arn>' })
    // The VPC is known from the listener's load balancer before the target group exists.
    const targetGroup = present(plan.resources.find((r) => r.kind === 'target-group'), 'target group')
    expect(targetGroup.changes).toContainEqual({ path: 'VpcId', after: 'vpc-0e1d2c3b4a5f60789' })
  })
})
