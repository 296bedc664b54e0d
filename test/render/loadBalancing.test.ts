import { describe, expect, it } from 'vitest'
import { loadBalancerArnOf, loadBalancerIdOf, renderLoadBalancing, renderRequests } from '../../src/lib/render/index.js'
import { placeholder } from '../../src/lib/render/names.js'
import { ALB_LISTENER, buildManifest, context, NLB_LISTENER } from '../support/manifests.js'

const albEntry = (alb: Record<string, unknown> = {}, port = 8080) => ({
  container: 'app',
  port,
  alb: { listener: ALB_LISTENER, rule: { priority: 10, hosts: ['api.example.com'] }, ...alb },
})

const only = <T>(list: T[]): T => {
  expect(list).toHaveLength(1)
  return list[0] as T
}

describe('listener ARNs', () => {
  it('hold the load balancer id and ARN', () => {
    expect(loadBalancerIdOf(ALB_LISTENER)).toBe('app/public/50dc6c495c0c9188')
    expect(loadBalancerArnOf(ALB_LISTENER)).toBe('arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/public/50dc6c495c0c9188')
    expect(loadBalancerIdOf(NLB_LISTENER)).toBe('net/tcp-in/73e2d6bc24d8a067')
  })
})

describe('target group names', () => {
  it('default to cluster-name-port', () => {
    const manifest = buildManifest({ loadBalancers: [albEntry()] })
    expect(only(renderLoadBalancing(manifest)).createTargetGroup.Name).toBe('prod-web-8080')
  })

  it('fit 32 characters, stay distinct for long names sharing a prefix, and repeat run to run', () => {
    const long = (name: string) => buildManifest({ cluster: 'production-eu-central-1', name, loadBalancers: [albEntry()] })
    const a = only(renderLoadBalancing(long('customer-notifications-api'))).createTargetGroup.Name ?? ''
    const b = only(renderLoadBalancing(long('customer-notifications-worker'))).createTargetGroup.Name ?? ''
    expect(a.length).toBeLessThanOrEqual(32)
    expect(b.length).toBeLessThanOrEqual(32)
    expect(a).not.toBe(b)
    expect(a).toMatch(/^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/)
    expect(only(renderLoadBalancing(long('customer-notifications-api'))).createTargetGroup.Name).toBe(a)
  })

  it('are used as written when the manifest names them', () => {
    const manifest = buildManifest({ loadBalancers: [albEntry({ targetGroupName: 'web-app-8080' })] })
    expect(only(renderLoadBalancing(manifest)).createTargetGroup.Name).toBe('web-app-8080')
  })

  it('name the placeholder ARN everything else refers to', () => {
    const manifest = buildManifest({ loadBalancers: [albEntry({ deregistrationDelay: 10 })] })
    const rendered = only(renderLoadBalancing(manifest))
    const arn = placeholder.targetGroupArn(rendered.createTargetGroup.Name ?? '')
    expect(rendered.modifyTargetGroupAttributes?.TargetGroupArn).toBe(arn)
    expect(rendered.createRule?.Actions).toEqual([{ Type: 'forward', TargetGroupArn: arn }])
  })
})

describe('CreateTargetGroup', () => {
  it('registers awsvpc tasks by IP, in the VPC of the listener’s load balancer', () => {
    const manifest = buildManifest({
      loadBalancers: [albEntry({ protocol: 'HTTPS', healthCheck: { path: '/healthz', port: 'traffic-port', timeout: 5, unhealthyThreshold: 3, matcher: '200,204' } })],
    })
    expect(only(renderLoadBalancing(manifest)).createTargetGroup).toEqual({
      Name: 'prod-web-8080',
      Protocol: 'HTTPS',
      Port: 8080,
      VpcId: placeholder.vpcOfLoadBalancer('app/public/50dc6c495c0c9188'),
      TargetType: 'ip',
      HealthCheckPort: 'traffic-port',
      HealthCheckPath: '/healthz',
      HealthCheckTimeoutSeconds: 5,
      UnhealthyThresholdCount: 3,
      Matcher: { HttpCode: '200,204' },
      Tags: [{ Key: 'ecsctl:service', Value: 'web' }],
    })
  })

  it('registers bridge-mode tasks by instance', () => {
    const manifest = buildManifest({ launchType: 'EC2', loadBalancers: [albEntry()] }, ['network'])
    expect(only(renderLoadBalancing(manifest)).createTargetGroup.TargetType).toBe('instance')
  })

  it('sends the health check port as a string', () => {
    const manifest = buildManifest({ loadBalancers: [albEntry({ healthCheck: { port: 9000 } })] })
    expect(only(renderLoadBalancing(manifest)).createTargetGroup.HealthCheckPort).toBe('9000')
  })

  it('sets the deregistration delay only when declared', () => {
    const withDelay = only(renderLoadBalancing(buildManifest({ loadBalancers: [albEntry({ deregistrationDelay: 30 })] })))
    expect(withDelay.modifyTargetGroupAttributes?.Attributes).toEqual([{ Key: 'deregistration_delay.timeout_seconds', Value: '30' }])
    const without = only(renderLoadBalancing(buildManifest({ loadBalancers: [albEntry()] })))
    expect(without).not.toHaveProperty('modifyTargetGroupAttributes')
  })
})

describe('ALB rules', () => {
  it('match hosts and paths with the condition configs, at the declared priority', () => {
    const manifest = buildManifest({ loadBalancers: [albEntry({ rule: { priority: 42, hosts: ['a.example.com'], paths: ['/v1/*', '/v2/*'] } })] })
    const rule = only(renderLoadBalancing(manifest)).createRule
    expect(rule).toMatchObject({
      ListenerArn: ALB_LISTENER,
      Priority: 42,
      Conditions: [
        { Field: 'host-header', HostHeaderConfig: { Values: ['a.example.com'] } },
        { Field: 'path-pattern', PathPatternConfig: { Values: ['/v1/*', '/v2/*'] } },
      ],
      Tags: [{ Key: 'ecsctl:service', Value: 'web' }],
    })
  })
})

describe('NLB', () => {
  it('points the listener’s default action at the target group instead of creating a rule', () => {
    const manifest = buildManifest({ loadBalancers: [{ container: 'app', port: 8080, nlb: { listener: NLB_LISTENER } }] })
    const rendered = only(renderLoadBalancing(manifest))
    expect(rendered).not.toHaveProperty('createRule')
    expect(rendered.createTargetGroup).toMatchObject({ Protocol: 'TCP', VpcId: placeholder.vpcOfLoadBalancer('net/tcp-in/73e2d6bc24d8a067') })
    expect(rendered.modifyListener).toEqual({
      ListenerArn: NLB_LISTENER,
      DefaultActions: [{ Type: 'forward', TargetGroupArn: placeholder.targetGroupArn('prod-web-8080') }],
    })
  })
})

describe('existing target groups', () => {
  it('create nothing', () => {
    const manifest = buildManifest({ loadBalancers: [{ container: 'app', port: 8080, targetGroup: 'shared-tg' }] })
    expect(renderLoadBalancing(manifest)).toEqual([])
    const operations = renderRequests(manifest, context).map((r) => r.operation)
    expect(operations).not.toContain('CreateTargetGroup')
    expect(operations).not.toContain('CreateRule')
  })
})
