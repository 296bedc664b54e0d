import { ClusterNotFoundException, AccessDeniedException as EcsAccessDenied } from '@aws-sdk/client-ecs'
import { TargetGroupNotFoundException } from '@aws-sdk/client-elastic-load-balancing-v2'
import { describe, expect, it } from 'vitest'
import { toEcsctlError, redact, errorCode, hasErrorCode, missingRegionError } from '../../src/lib/aws/errors.js'
import { EcsctlError } from '../../src/lib/errors.js'

const CONTEXT = 'ecs:DescribeServices (service "web" in cluster "prod")'
const metadata = { httpStatusCode: 400, requestId: 'req-1', attempts: 1, totalRetryDelay: 0 }

/** An error shaped as the SDK throws it for a code it has no class for. */
function sdkError(name: string, message: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: metadata, ...extra })
}

describe('toEcsctlError', () => {
  describe('credentials missing, expired or invalid', () => {
    const local = Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError', tryNextLink: false })
    const cases: [string, Error][] = [
      ['CredentialsProviderError', local],
      ['ExpiredTokenException', sdkError('ExpiredTokenException', 'The security token included in the request is expired')],
      ['ExpiredToken', sdkError('ExpiredToken', 'The security token included in the request is expired')],
      ['UnrecognizedClientException', sdkError('UnrecognizedClientException', 'The security token included in the request is invalid.')],
      ['InvalidSignatureException', sdkError('InvalidSignatureException', 'Signature expired')],
      ['InvalidClientTokenId', sdkError('InvalidClientTokenId', 'The security token included in the request is invalid.')],
    ]
    it.each(cases)('%s is an aws error with a hint about the profile and SSO', (code, error) => {
      const mapped = toEcsctlError(error, CONTEXT)
      expect(mapped.kind).toBe('aws')
      expect(mapped.exitCode).toBe(4)
      expect(mapped.message).toContain(CONTEXT)
      expect(mapped.message).toContain(code)
      expect(mapped.hint).toContain('AWS_PROFILE')
      expect(mapped.hint).toContain('aws sso login')
      expect(mapped.cause).toBe(error)
    })

    it('keeps the local provider message, which names no secret', () => {
      expect(toEcsctlError(local, CONTEXT).message).toContain('Could not load credentials from any providers')
    })

    it('never repeats what the server said about a bad signature, which may quote the request', () => {
      const error = sdkError('InvalidSignatureException', 'Canonical request: ... Credential=AKIAIOSFODNN7EXAMPLE/20261123 ... string to sign')
      const mapped = toEcsctlError(error, CONTEXT)
      expect(mapped.message).not.toContain('AKIA')
      expect(mapped.message).not.toContain('Canonical request')
    })
  })

  describe('access denied', () => {
    it('names the action AWS reports as denied', () => {
      const error = new EcsAccessDenied({
        message: `User: arn:aws:iam::123456789012:user/ci is not authorized to perform: ecs:DescribeServices on resource: arn:aws:ecs:us-east-1:123456789012:service/prod/web`,
        $metadata: metadata,
      })
      const mapped = toEcsctlError(error, CONTEXT)
      expect(mapped.kind).toBe('aws')
      expect(mapped.message).toContain('access denied')
      expect(mapped.message).toContain('arn:aws:iam::123456789012:user/ci')
      expect(mapped.hint).toContain('Allow ecs:DescribeServices')
      expect(mapped.details).toMatchObject({ code: 'AccessDeniedException', requestId: 'req-1', httpStatusCode: 400 })
    })

    it('falls back to the action the context starts with when AWS names none (ELBv2 "AccessDenied")', () => {
      const mapped = toEcsctlError(sdkError('AccessDenied', 'Access Denied'), 'elasticloadbalancing:DescribeRules (listener x)')
      expect(mapped.kind).toBe('aws')
      expect(mapped.hint).toContain('Allow elasticloadbalancing:DescribeRules')
    })
  })

  it('a missing cluster is an aws error that points at `cluster:` and the region', () => {
    const mapped = toEcsctlError(new ClusterNotFoundException({ message: 'Cluster not found.', $metadata: metadata }), CONTEXT)
    expect(mapped.kind).toBe('aws')
    expect(mapped.message).toBe(`${CONTEXT}: ClusterNotFoundException: Cluster not found.`)
    expect(mapped.hint).toContain('cluster:')
    expect(mapped.hint).toContain('region')
  })

  it('other not-found errors are aws errors with a generic hint', () => {
    const mapped = toEcsctlError(new TargetGroupNotFoundException({ message: 'One or more target groups not found', $metadata: metadata }), 'x')
    expect(mapped.kind).toBe('aws')
    expect(mapped.hint).toContain('name or ARN')
  })

  it('throttling that outlived the retries says how many attempts were made and what to do', () => {
    const error = sdkError('ThrottlingException', 'Rate exceeded', { $metadata: { ...metadata, attempts: 3 } })
    const mapped = toEcsctlError(error, CONTEXT)
    expect(mapped.kind).toBe('aws')
    expect(mapped.message).toContain('after 3 attempts')
    expect(mapped.hint).toContain('AWS_MAX_ATTEMPTS')
  })

  it('recognises throttling by the SDK retry flag whatever the code', () => {
    const mapped = toEcsctlError(sdkError('SomeServiceBusy', 'busy', { $retryable: { throttling: true } }), CONTEXT)
    expect(mapped.hint).toContain('AWS_MAX_ATTEMPTS')
  })

  it('a server error that outlived the retries is an aws error', () => {
    const error = sdkError('InternalFailure', 'oops', { $fault: 'server', $metadata: { ...metadata, httpStatusCode: 500 } })
    const mapped = toEcsctlError(error, CONTEXT)
    expect(mapped.kind).toBe('aws')
    expect(mapped.message).toContain('InternalFailure: oops')
    expect(mapped.hint).toContain('try again')
  })

  it('a network failure names the system code and mentions the endpoint', () => {
    const error = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4566'), { code: 'ECONNREFUSED' })
    const mapped = toEcsctlError(error, CONTEXT)
    expect(mapped.kind).toBe('aws')
    expect(mapped.message).toContain('ECONNREFUSED')
    expect(mapped.hint).toContain('AWS_ENDPOINT_URL')
  })

  it('an unknown AWS error keeps its code and message', () => {
    const mapped = toEcsctlError(sdkError('InvalidParameterException', 'Listener ARN is not valid'), CONTEXT)
    expect(mapped.kind).toBe('aws')
    expect(mapped.message).toBe(`${CONTEXT}: InvalidParameterException: Listener ARN is not valid`)
    expect(mapped.details).toEqual({ code: 'InvalidParameterException', requestId: 'req-1', httpStatusCode: 400 })
  })

  it('a thrown non-error value is still an aws error with its text', () => {
    const mapped = toEcsctlError('socket hang up', CONTEXT)
    expect(mapped.kind).toBe('aws')
    expect(mapped.message).toContain('socket hang up')
  })

  it('a TypeError from our own code is a bug, not an AWS refusal', () => {
    const mapped = toEcsctlError(new TypeError("Cannot read properties of undefined (reading 'x')"), CONTEXT)
    expect(mapped.kind).toBe('bug')
  })

  it('an SDK "Region is missing" is a usage error with the region hint', () => {
    const mapped = toEcsctlError(new Error('Region is missing'), CONTEXT)
    expect(mapped.kind).toBe('invalid')
    expect(mapped.hint).toContain('--region')
  })

  it('passes an EcsctlError through unchanged', () => {
    const original = new EcsctlError('rollout', 'rolled back')
    expect(toEcsctlError(original, CONTEXT)).toBe(original)
  })

  it('redacts access key ids and token-like strings from AWS messages', () => {
    const token = 'IQoJb3JpZ2luX2VjE'.repeat(10)
    const mapped = toEcsctlError(sdkError('WeirdError', `key AKIAIOSFODNN7EXAMPLE token ${token} end`), CONTEXT)
    expect(mapped.message).not.toContain('AKIAIOSFODNN7EXAMPLE')
    expect(mapped.message).not.toContain(token)
    expect(mapped.message).toContain('<access-key-id>')
    expect(mapped.message).toContain('end')
  })
})

describe('redact', () => {
  it('leaves ARNs, paths and ordinary text alone', () => {
    const text = 'arn:aws:iam::123456789012:role/web-task /aws/ecs/containerinsights/prod/performance Cluster not found.'
    expect(redact(text)).toBe(text)
  })
})

describe('errorCode and hasErrorCode', () => {
  it('read the SDK error name', () => {
    expect(errorCode(new ClusterNotFoundException({ message: 'x', $metadata: {} }))).toBe('ClusterNotFoundException')
    expect(hasErrorCode(sdkError('TargetGroupNotFound', 'x'), 'TargetGroupNotFoundException', 'TargetGroupNotFound')).toBe(true)
    expect(hasErrorCode(sdkError('Other', 'x'), 'TargetGroupNotFound')).toBe(false)
  })
})

describe('missingRegionError', () => {
  it('names the profile when one was chosen', () => {
    const error = missingRegionError('dev')
    expect(error.kind).toBe('invalid')
    expect(error.exitCode).toBe(2)
    expect(error.message).toContain('"dev"')
  })
})
