// awsJson1_0 and awsJson1_1: POST / with X-Amz-Target "<ServiceTarget>.<Operation>" and a JSON
// body of the input's members. Read from @aws-sdk/core's AwsJsonRpcProtocol and @smithy/core's
// JSON codec: timestamps are epoch seconds (numbers), errors carry their code in `__type`, and a
// query-compatible service (CloudWatch) also sends `x-amzn-query-error: Code;Sender`, which the
// SDK prefers for the error's name.
import type { AwsServiceName } from '../context.js'
import { AwsError } from '../errors.js'
import type { ParsedRequest, RawRequest, UnroutableRequest, WireResponse } from './types.js'

interface JsonService {
  service: AwsServiceName
  version: '1.0' | '1.1'
  queryCompatible: boolean
}

/** The X-Amz-Target prefixes of the services ecsctl calls, from each client's protocolSettings. */
const JSON_SERVICES: Record<string, JsonService> = {
  AmazonEC2ContainerServiceV20141113: { service: 'ecs', version: '1.1', queryCompatible: false },
  AmazonEC2ContainerRegistry_V20150921: { service: 'ecr', version: '1.1', queryCompatible: false },
  AnyScaleFrontendService: { service: 'application-auto-scaling', version: '1.1', queryCompatible: false },
  Logs_20140328: { service: 'cloudwatch-logs', version: '1.1', queryCompatible: false },
  AWSEvents: { service: 'eventbridge', version: '1.1', queryCompatible: false },
  GraniteServiceVersion20100801: { service: 'cloudwatch', version: '1.0', queryCompatible: true },
}

export function isJsonRequest(request: RawRequest): boolean {
  return request.headers['x-amz-target'] !== undefined
}

export function parseJsonRequest(request: RawRequest): ParsedRequest | UnroutableRequest {
  const target = request.headers['x-amz-target'] ?? ''
  const [prefix = '', operation = ''] = target.split('.')
  const service = JSON_SERVICES[prefix]
  if (!service) return unroutable('1.1', new AwsError('UnknownOperationException', `Unknown target ${target}`))
  let input: unknown
  try {
    input = request.body === '' ? {} : JSON.parse(request.body)
  } catch {
    return unroutable(service.version, new AwsError('SerializationException', 'The request body is not valid JSON.'))
  }
  return {
    service: service.service,
    operation,
    input,
    success: (output, requestId) => jsonResponse(200, output ?? {}, requestId, service.version),
    failure: (error, requestId) => jsonError(error, requestId, service),
  }
}

function unroutable(version: JsonService['version'], error: AwsError): UnroutableRequest {
  return { unroutable: true, error, failure: (failure, requestId) => jsonError(failure, requestId, { version, queryCompatible: false }) }
}

function jsonResponse(status: number, body: object, requestId: string, version: JsonService['version'], extraHeaders: Record<string, string> = {}): WireResponse {
  return {
    status,
    headers: { 'content-type': `application/x-amz-json-${version}`, 'x-amzn-requestid': requestId, ...extraHeaders },
    body: toAwsJson(body),
  }
}

function jsonError(error: AwsError, requestId: string, service: Pick<JsonService, 'version' | 'queryCompatible'>): WireResponse {
  const headers: Record<string, string> = {}
  if (service.queryCompatible) headers['x-amzn-query-error'] = `${error.code};${error.fault}`
  return jsonResponse(error.status, { __type: error.code, message: error.message }, requestId, service.version, headers)
}

/**
 * JSON with dates as epoch seconds, which is how every AWS JSON protocol sends timestamps (an ISO
 * string makes the SDK throw). JSON.stringify calls Date#toJSON before a replacer sees the value,
 * so the replacer looks at the holder's original property instead.
 */
export function toAwsJson(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key, converted: unknown) {
    const original = this[key]
    return original instanceof Date ? original.getTime() / 1000 : converted
  })
}
