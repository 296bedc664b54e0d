// awsQuery (ELBv2 2015-12-01, STS 2011-06-15): a form body `Action=Op&Version=...` with members
// flattened into dotted keys, lists as `Name.member.N`, maps as `Name.entry.N.key/value` (read
// from @aws-sdk/core's QueryShapeSerializer: it writes an empty list as `Name=`). The answer is
// XML, `<OpResponse><OpResult>…</OpResult><ResponseMetadata>`; the SDK reads only what is inside
// <OpResult> and silently returns nothing without it. Errors are <ErrorResponse><Error> with
// Type, Code and Message; the code is the short one (TargetGroupNotFound), which the SDK maps to
// the modelled exception through its awsQueryError trait.
import type { AwsServiceName } from '../context.js'
import { AwsError } from '../errors.js'
import type { ParsedRequest, RawRequest, UnroutableRequest, WireResponse } from './types.js'
import { escapeXml, xmlElement } from './xml.js'

/** A form value: text, or the lists and structures the dotted keys describe. */
export type QueryValue = string | QueryValue[] | { [member: string]: QueryValue }

interface QueryService {
  service: AwsServiceName
  xmlns: string
}

const QUERY_SERVICES: Record<string, QueryService> = {
  '2015-12-01': { service: 'elastic-load-balancing-v2', xmlns: 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/' },
  '2011-06-15': { service: 'sts', xmlns: 'https://sts.amazonaws.com/doc/2011-06-15/' },
}

export function isQueryRequest(request: RawRequest): boolean {
  return (request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded') || /^Action=/.test(request.body)
}

export function parseQueryRequest(request: RawRequest): ParsedRequest | UnroutableRequest {
  const form = new URLSearchParams(request.body)
  const action = form.get('Action') ?? ''
  const version = form.get('Version') ?? ''
  const service = QUERY_SERVICES[version]
  if (!service) {
    const error = new AwsError('InvalidAction', `Could not find operation ${action} for version ${version}`)
    return { unroutable: true, error, failure: (failure, requestId) => queryError(failure, requestId, QUERY_SERVICES['2015-12-01']?.xmlns ?? '') }
  }
  form.delete('Action')
  form.delete('Version')
  return {
    service: service.service,
    operation: action,
    input: parseForm(form),
    success: (output, requestId) => queryResponse(action, output ?? {}, requestId, service.xmlns),
    failure: (error, requestId) => queryError(error, requestId, service.xmlns),
  }
}

/** The dotted keys as nested structures: `A.member.2.B=x` becomes `{ A: [<1>, { B: 'x' }] }`. */
export function parseForm(form: URLSearchParams): Record<string, QueryValue> {
  const root: Record<string, unknown> = {}
  for (const [key, value] of form) {
    const path = key.split('.')
    let node = root
    for (const [index, segment] of path.entries()) {
      if (index === path.length - 1) {
        node[segment] = value
      } else {
        const child = node[segment]
        node = typeof child === 'object' && child !== null ? (child as Record<string, unknown>) : (node[segment] = {})
      }
    }
  }
  return normalise(root) as Record<string, QueryValue>
}

/** Turns `{ member: { 1: a, 2: b } }` into `[a, b]` and `{ entry: { 1: { key, value } } }` into a map. */
function normalise(node: unknown): QueryValue {
  if (typeof node !== 'object' || node === null) return node as string
  const record = node as Record<string, unknown>
  const keys = Object.keys(record)
  if (keys.length === 1 && (keys[0] === 'member' || keys[0] === 'entry')) {
    const items = Object.entries(record[keys[0]] as Record<string, unknown>)
      .filter(([index]) => /^\d+$/.test(index))
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([, item]) => normalise(item))
    if (keys[0] === 'member') return items
    return Object.fromEntries(items.map((entry) => [String((entry as Record<string, QueryValue>).key), (entry as Record<string, QueryValue>).value ?? '']))
  }
  return Object.fromEntries(keys.map((key) => [key, normalise(record[key])]))
}

function queryResponse(action: string, output: object, requestId: string, xmlns: string): WireResponse {
  const result = xmlElement(`${action}Result`, output) || `<${action}Result/>`
  const body =
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<${action}Response xmlns="${xmlns}">${result}` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>\n`
  return { status: 200, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId }, body }
}

export function queryError(error: AwsError, requestId: string, xmlns: string): WireResponse {
  const body =
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<ErrorResponse xmlns="${xmlns}"><Error><Type>${error.fault}</Type><Code>${escapeXml(error.code)}</Code>` +
    `<Message>${escapeXml(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>\n`
  return { status: error.status, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId }, body }
}
