// The live -> manifest conversion where the live service is not exactly what ecsctl would have
// made: names ecsctl did not give, routing it cannot express, values it cannot hold. Each case
// checks the manifest, the note, and what the plan (the diff a user sees next) says about it.
import { describe, expect, it } from 'vitest'
import type { LiveState } from '../../src/lib/aws/live-state.js'
import type { Manifest } from '../../src/lib/manifest/schema.js'
import { expectedDiff } from '../../src/lib/ops/init.js'
import { manifestFromLive, shortRoleName } from '../../src/lib/ops/init-live.js'
import { checkedManifest, manifestYaml } from '../../src/lib/ops/init-write.js'
import { hasChanges, planService } from '../../src/lib/plan/index.js'
import { deployContext, liveStateAfterDeploy } from '../plan/fixtures/live-after-deploy.js'
import { loadExample } from '../support/examples.js'

/** Writes the manifest of `live`, reads it back, and plans it against `live`. */
function initAndDiff(original: Manifest, live: LiveState) {
  const context = deployContext(original)
  const { document, notes } = manifestFromLive(live, { region: context.region })
  const text = manifestYaml(document)
  const written = checkedManifest(text, 'ecsctl.yml')
  const plan = planService(written, live, context)
  return { text, notes, written, plan, diff: expectedDiff(plan).resources }
}

/** The live state with every occurrence of `from` (names inside ARNs included) replaced. */
const renamed = (live: LiveState, from: string, to: string): LiveState => JSON.parse(JSON.stringify(live).replaceAll(from, to)) as LiveState

describe('the round trip can fail', () => {
  it('a manifest missing its autoscaling shows the scaling resources as deletes', () => {
    const original = loadExample('nlb-service')
    const live = liveStateAfterDeploy(original)
    const { document } = manifestFromLive(live, { region: 'ap-southeast-2' })
    const { autoscaling: _dropped, ...withoutScaling } = document
    const plan = planService(checkedManifest(manifestYaml(withoutScaling), 'x.yml'), live, deployContext(original))
    expect(hasChanges(plan)).toBe(true)
    // Deletes come last, in reverse apply order.
    expect(expectedDiff(plan).resources).toEqual(['- scaling policy mqtt-broker.cpu', '- scalable target service/iot/mqtt-broker'])
  })
})

describe('names ecsctl did not give', () => {
  it('a target tracking policy: carried over, with a note that ecsctl creates its own beside it', () => {
    const original = loadExample('nlb-service')
    const live = renamed(liveStateAfterDeploy(original), 'policyName/mqtt-broker.cpu', 'policyName/cpu-tracking')
    const policy = live.scalingPolicies['mqtt-broker.cpu']!
    live.scalingPolicies = { 'cpu-tracking': { ...policy, PolicyName: 'cpu-tracking' } }
    const { written, notes, diff } = initAndDiff(original, live)
    expect(written.autoscaling).toMatchObject({ min: 2, max: 6, cpu: 55, scaleInCooldown: 600, scaleOutCooldown: 120 })
    expect(notes).toEqual([
      'Scaling policy cpu-tracking is not named the ecsctl way: ecsctl will create its own, mqtt-broker.cpu, and cpu-tracking stays until you delete it by hand (the diff shows the create).',
    ])
    // The old policy is not ecsctl's (no prefix): the diff creates the new one and deletes nothing.
    expect(diff).toEqual(['+ scaling policy mqtt-broker.cpu'])
  })

  it('a step policy and its alarm: the step keeps its substance, both get notes, the diff creates both', () => {
    const original = loadExample('ec2-bridge')
    const deployed = liveStateAfterDeploy(original)
    const live = renamed(renamed(deployed, 'legacy-api.step.cpu-high', 'legacy high cpu'), 'ecsctl.ec2-prod.legacy-api.cpu-high', 'legacy-cpu-alarm')
    const { written, notes, diff } = initAndDiff(original, live)
    const step = written.autoscaling?.steps?.find((s) => s.name === 'legacy-high-cpu')
    expect(step).toMatchObject({ alarm: { namespace: 'AWS/ECS', metric: 'CPUUtilization', threshold: 70, periods: 2 }, cooldown: 120 })
    // The default dimensions (this service) are left out, as a person would write it.
    expect(step?.alarm.dimensions).toBeUndefined()
    expect(notes).toEqual([
      expect.stringMatching(/^Step scaling policy legacy high cpu is not named the ecsctl way: ecsctl will create its own, legacy-api\.step\.legacy-high-cpu/),
      expect.stringMatching(/^Alarm legacy-cpu-alarm is not named the ecsctl way: ecsctl will create its own, ecsctl\.ec2-prod\.legacy-api\.legacy-high-cpu/),
    ])
    expect(diff).toEqual(['+ scaling policy legacy-api.step.legacy-high-cpu', '+ alarm ecsctl.ec2-prod.legacy-api.legacy-high-cpu'])
  })

  it('a scheduled action: the schedule and its time zone are kept under a manifest name', () => {
    const original = loadExample('complete')
    const deployed = liveStateAfterDeploy(original)
    const { 'web.night': night, ...others } = deployed.scheduledActions
    const live: LiveState = { ...deployed, scheduledActions: { ...others, 'scale down at night': { ...night!, ScheduledActionName: 'scale down at night' } } }
    const { written, notes, diff } = initAndDiff(original, live)
    expect(written.autoscaling?.schedules).toContainEqual({ name: 'scale-down-at-night', schedule: 'cron(0 20 ? * * *)', timezone: 'Europe/Berlin', min: 1, max: 5 })
    expect(notes).toEqual([expect.stringContaining('Scheduled action scale down at night is not named the ecsctl way: ecsctl will create its own, web.scale-down-at-night')])
    expect(diff).toEqual(['+ scheduled action web.scale-down-at-night'])
  })

  it('a target group under another name: targetGroupName keeps it, and nothing changes', () => {
    const original = loadExample('fargate-web')
    const live = renamed(liveStateAfterDeploy(original), 'staging-shop-frontend-3000', 'shop-web')
    const { written, notes, plan } = initAndDiff(original, live)
    expect(written.loadBalancers?.[0]?.alb?.targetGroupName).toBe('shop-web')
    expect(notes).toEqual([])
    expect(hasChanges(plan)).toBe(false)
  })
})

describe('what ecsctl cannot manage is used as it is', () => {
  it('a target group whose rule has a condition the manifest cannot express becomes targetGroup: ARN', () => {
    const original = loadExample('fargate-web')
    const live = liveStateAfterDeploy(original)
    const [listener] = Object.keys(live.listenerRules) as [string]
    // Another team's rule (no owner tag) that also matches a header.
    live.listenerRules[listener] = live.listenerRules[listener]!.map((entry) =>
      entry.tags.some((tag) => tag.Key === 'ecsctl:service')
        ? { tags: [], rule: { ...entry.rule, Conditions: [...(entry.rule.Conditions ?? []), { Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: 'X-Beta', Values: ['1'] } }] } }
        : entry,
    )
    const arn = live.service?.loadBalancers?.[0]?.targetGroupArn
    const { written, notes, plan } = initAndDiff(original, live)
    expect(written.loadBalancers).toEqual([{ container: 'web', port: 3000, targetGroup: arn }])
    expect(notes).toEqual([expect.stringMatching(/^Target group staging-shop-frontend-3000 is written as `targetGroup: arn:.*`.*conditions other than one host-header and one path-pattern/)])
    expect(hasChanges(plan)).toBe(false)
  })

  it('a target group whose port differs from the container port (fixed at creation) becomes targetGroup: ARN', () => {
    const original = loadExample('fargate-web')
    const live = liveStateAfterDeploy(original)
    const group = Object.values(live.targetGroups)[0]!
    group.targetGroup.Port = 80
    const { written, notes } = initAndDiff(original, live)
    expect(written.loadBalancers?.[0]?.targetGroup).toBe(group.targetGroup.TargetGroupArn)
    expect(notes).toEqual([expect.stringContaining('its Port (80, ecsctl would create 3000) cannot change without replacing it')])
  })

  it('a secret read by parameter name is left out with a note; values holding ${ are escaped and read back as they are', () => {
    const original = loadExample('fargate-web')
    const live = liveStateAfterDeploy(original)
    const [container] = live.taskDefinition!.taskDefinition.containerDefinitions!
    container!.secrets = [{ name: 'TOKEN', valueFrom: '/shop/token' }]
    container!.healthCheck = { command: ['CMD-SHELL', 'curl -f http://localhost:${PORT}/ || exit 1'], interval: 30, timeout: 5, retries: 3 }
    const { text, written, notes, diff } = initAndDiff(original, live)
    expect(text).toContain('$${PORT}')
    expect(written.containers.web?.healthCheck?.command).toEqual(['CMD-SHELL', 'curl -f http://localhost:${PORT}/ || exit 1'])
    expect(written.containers.web?.secrets).toBeUndefined()
    expect(notes).toEqual([expect.stringContaining('Secret TOKEN of container web is read from "/shop/token", not an ARN')])
    // The diff says so too: the next revision would not have it, and the service would move to it.
    expect(diff).toEqual(['~ task definition shop-frontend (containerDefinitions[web].secrets[TOKEN])', '~ service shop-frontend (taskDefinition)'])
  })
})

describe('a service deployed by other tools', () => {
  it('converts fully, keeps its tags; the diff shows only that ecsctl adds its owner tag', () => {
    const original = loadExample('fargate-web')
    const live = renamed(liveStateAfterDeploy(original), '"ecsctl:service"', '"deployed-by"')
    const { written, notes, diff } = initAndDiff(original, live)
    expect(written.tags).toEqual({ 'deployed-by': 'shop-frontend' })
    expect(notes).toEqual([])
    expect(diff).toEqual([
      '~ task definition shop-frontend (tags[ecsctl:service])',
      '~ target group staging-shop-frontend-3000 (Tags[ecsctl:service])',
      '~ listener rule staging-shop-frontend-3000 (Tags[ecsctl:service])',
      '~ service shop-frontend (tags[ecsctl:service])',
    ])
  })
})

describe('shortRoleName', () => {
  const context = { region: 'us-east-1', accountId: '123456789012' }
  it('writes a role of the service account as its name, and anything else as the ARN', () => {
    expect(shortRoleName('arn:aws:iam::123456789012:role/web-task', context)).toBe('web-task')
    expect(shortRoleName('arn:aws:iam::210987654321:role/web-task', context)).toBe('arn:aws:iam::210987654321:role/web-task')
    expect(shortRoleName('arn:aws:iam::123456789012:role/service-role/web-task', context)).toBe('arn:aws:iam::123456789012:role/service-role/web-task')
  })
})
