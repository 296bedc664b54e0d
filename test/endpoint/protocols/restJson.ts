// restJson1 (EFS): the operation is the method and path, members travel as path labels, query
// parameters and a JSON body; each operation has its own success status (201, 204...). Read from
// the http traits in @aws-sdk/client-efs's schemas and @aws-sdk/core's AwsRestJsonProtocol:
// errors name their code in the `x-amzn-errortype` header (the SDK reads it before the body,
// cutting at ':'), and the body is `{ "ErrorCode": ..., "Message": ... }` as EFS sends it.
import { AwsError } from '../errors.js'
import { toAwsJson } from './awsJson.js'
import type { ParsedRequest, RawRequest, UnroutableRequest, WireResponse } from './types.js'

interface Route {
  method: string
  /** Path with `{Label}` placeholders. */
  path: string
  operation: string
  status: number
  /** Query parameter name -> member name, for those that differ (`tagKeys` -> TagKeys). */
  queryMembers?: Record<string, string>
  /** Query parameters that are lists. */
  listQueries?: string[]
}

const EFS_PREFIX = '/2015-02-01/'

const EFS_ROUTES: Route[] = [
  { method: 'GET', path: '/2015-02-01/file-systems', operation: 'DescribeFileSystems', status: 200 },
  { method: 'POST', path: '/2015-02-01/access-points', operation: 'CreateAccessPoint', status: 200 },
  { method: 'GET', path: '/2015-02-01/access-points', operation: 'DescribeAccessPoints', status: 200 },
  { method: 'DELETE', path: '/2015-02-01/access-points/{AccessPointId}', operation: 'DeleteAccessPoint', status: 204 },
  { method: 'GET', path: '/2015-02-01/resource-tags/{ResourceId}', operation: 'ListTagsForResource', status: 200 },
  { method: 'POST', path: '/2015-02-01/resource-tags/{ResourceId}', operation: 'TagResource', status: 200 },
  {
    method: 'DELETE',
    path: '/2015-02-01/resource-tags/{ResourceId}',
    operation: 'UntagResource',
    status: 200,
    queryMembers: { tagKeys: 'TagKeys' },
    listQueries: ['tagKeys'],
  },
]

export function isRestJsonRequest(request: RawRequest): boolean {
  return request.url.startsWith(EFS_PREFIX)
}

export function parseRestJsonRequest(request: RawRequest): ParsedRequest | UnroutableRequest {
  const url = new URL(request.url, 'http://endpoint')
  for (const route of EFS_ROUTES) {
    if (route.method !== request.method) continue
    const labels = matchPath(route.path, url.pathname)
    if (!labels) continue
    let body: Record<string, unknown> = {}
    try {
      body = request.body === '' ? {} : (JSON.parse(request.body) as Record<string, unknown>)
    } catch {
      return unroutable(new AwsError('BadRequest', 'The request body is not valid JSON.'))
    }
    return {
      service: 'efs',
      operation: route.operation,
      input: { ...body, ...queryMembers(url.searchParams, route), ...labels },
      success: (output, requestId) => restResponse(route.status, output, requestId),
      failure: (error, requestId) => restError(error, requestId),
    }
  }
  return unroutable(new AwsError('UnknownOperationException', `No EFS operation for ${request.method} ${url.pathname}`, 404))
}

function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  const names: string[] = []
  const regex = new RegExp(
    '^' +
      pattern.replace(/\{(\w+)\}/g, (_, name: string) => {
        names.push(name)
        return '([^/]+)'
      }) +
      '$',
  )
  const match = regex.exec(path)
  if (!match) return undefined
  return Object.fromEntries(names.map((name, index) => [name, decodeURIComponent(match[index + 1] ?? '')]))
}

function queryMembers(params: URLSearchParams, route: Route): Record<string, unknown> {
  const members: Record<string, unknown> = {}
  for (const name of new Set(params.keys())) {
    const member = route.queryMembers?.[name] ?? name
    members[member] = route.listQueries?.includes(name) ? params.getAll(name) : params.get(name)
  }
  return members
}

function unroutable(error: AwsError): UnroutableRequest {
  return { unroutable: true, error, failure: (failure, requestId) => restError(failure, requestId) }
}

function restResponse(status: number, output: object | void, requestId: string): WireResponse {
  const headers: Record<string, string> = { 'x-amzn-requestid': requestId }
  if (status === 204) return { status, headers, body: '' }
  return { status, headers: { ...headers, 'content-type': 'application/json' }, body: toAwsJson(output ?? {}) }
}

function restError(error: AwsError, requestId: string): WireResponse {
  return {
    status: error.status,
    headers: {
      'content-type': 'application/json',
      'x-amzn-requestid': requestId,
      'x-amzn-errortype': `${error.code}:http://internal.amazon.com/coral/com.amazonaws.magnolio/`,
    },
    body: JSON.stringify({ ErrorCode: error.code, Message: error.message }),
  }
}
