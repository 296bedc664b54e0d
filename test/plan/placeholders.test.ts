import { describe, expect, it } from 'vitest'
import { placeholderValuesFrom, resolvePlaceholders, unresolvedPlaceholders, withoutPlaceholders } from '../../src/lib/plan/index.js'
import { placeholder } from '../../src/lib/render/names.js'
import { loadExample } from '../support/examples.js'
import { deepFreeze } from '../support/manifests.js'
import { deployContext, liveStateAfterDeploy, liveStateBeforeFirstDeploy } from './fixtures/live-after-deploy.js'

describe('resolvePlaceholders', () => {
  const values = new Map([
    ['<account-id>', '123456789012'],
    ['<target-group:web-app-8080:arn>', 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-app-8080/abc'],
  ])

  it('replaces the placeholders it knows, also inside longer text, and builds a new value', () => {
    const input = deepFreeze({
      roleArn: 'arn:aws:iam::<account-id>:role/x',
      loadBalancers: [{ targetGroupArn: '<target-group:web-app-8080:arn>' }],
      count: 2,
    })
    expect(resolvePlaceholders(input, values)).toEqual({
      roleArn: 'arn:aws:iam::123456789012:role/x',
      loadBalancers: [{ targetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-app-8080/abc' }],
      count: 2,
    })
  })

  it('leaves unknown placeholders, which mean "to create", and text that only looks like one', () => {
    const input = { a: '<target-group:other:arn>', b: 'curl http://x/<html>' }
    expect(resolvePlaceholders(input, values)).toEqual(input)
    expect(unresolvedPlaceholders(input)).toEqual(['<target-group:other:arn>'])
  })

  it('withoutPlaceholders forgets values of resources being replaced', () => {
    expect(withoutPlaceholders(values, ['<account-id>']).has('<account-id>')).toBe(false)
    expect(values.has('<account-id>')).toBe(true)
  })
})

describe('placeholderValuesFrom', () => {
  const manifest = loadExample('complete')
  const live = liveStateAfterDeploy(manifest)
  const values = placeholderValuesFrom(manifest, live, { region: 'us-east-1', accountId: placeholder.accountId })
  const targetGroupArn = live.targetGroups['web-app-8080']?.targetGroup.TargetGroupArn ?? ''

  it('takes ids and ARNs from the resources AWS holds', () => {
    expect(values.get(placeholder.accountId)).toBe('123456789012')
    expect(values.get(placeholder.region)).toBe('us-east-1')
    expect(values.get(placeholder.targetGroupArn('web-app-8080'))).toBe(targetGroupArn)
    expect(targetGroupArn.endsWith(`/${values.get(placeholder.targetGroupId('web-app-8080'))}`)).toBe(true)
    expect(values.get(placeholder.vpcOfLoadBalancer('app/public/50dc6c495c0c9188'))).toBe(live.loadBalancers[Object.keys(live.loadBalancers)[0] ?? '']?.VpcId)
    expect(values.get(placeholder.accessPointId('data'))).toBe(live.accessPoints['fs-0123456789abcdef0']?.[0]?.AccessPointId)
    expect(values.get(placeholder.stepPolicyArn('web.step.slow-responses'))).toBe(live.scalingPolicies['web.step.slow-responses']?.PolicyARN)
  })

  it('knows nothing of resources that do not exist yet', () => {
    const before = placeholderValuesFrom(manifest, liveStateBeforeFirstDeploy(manifest), deployContext(manifest))
    expect(before.has(placeholder.targetGroupArn('web-app-8080'))).toBe(false)
    expect(before.has(placeholder.accessPointId('data'))).toBe(false)
    // The load balancer exists before the service.
    expect(before.has(placeholder.vpcOfLoadBalancer('app/public/50dc6c495c0c9188'))).toBe(true)
  })

  it('never takes a placeholder account from the context as a value', () => {
    const { accountId: _ignored, ...withoutAccount } = live
    const unknown = placeholderValuesFrom(manifest, withoutAccount, { region: 'us-east-1', accountId: placeholder.accountId })
    expect(unknown.has(placeholder.accountId)).toBe(false)
  })
})
