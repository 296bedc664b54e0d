// The HTTP side: read a request, find its service and operation from the wire protocol, wait
// the added latency, answer a fault or run the operation, write the answer, record it all.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { gunzipSync } from 'node:zlib'
import type { AwsServiceName, OperationContext, Simulation } from './context.js'
import { AwsError } from './errors.js'
import type { FaultKind, Faults } from './faults.js'
import { uuid } from './ids.js'
import { isJsonRequest, parseJsonRequest } from './protocols/awsJson.js'
import { isQueryRequest, parseQueryRequest } from './protocols/awsQuery.js'
import { isRestJsonRequest, parseRestJsonRequest } from './protocols/restJson.js'
import type { ParsedRequest, RawRequest, UnroutableRequest, WireResponse } from './protocols/types.js'
import { isReadOnlyOperation, SERVICES } from './services/index.js'
import type { EndpointState } from './state.js'

export interface RecordedRequest {
  /** 1, 2, 3... in the order requests arrived. */
  id: number
  service: AwsServiceName | 'unknown'
  operation: string
  /** The input as received: parsed JSON, or for awsQuery the form as nested values (all text). */
  input: unknown
  /** From the credential scope of the request's signature. */
  region: string
  /** Milliseconds since the epoch (fractional): when the request arrived and when it was answered. */
  start: number
  end: number
  status: number
  /** The error code answered, for errors and faults. */
  errorCode?: string
  errorMessage?: string
  /** Set when the answer was an injected fault: the operation did not run. */
  fault?: FaultKind
  /** Describe/List/Get calls: a deploy of an unchanged manifest should send nothing else. */
  readOnly: boolean
}

export interface ServerSettings {
  state: EndpointState
  faults: Faults
  simulation: Simulation
  /** Whether requests signed with this access key id are accepted. */
  acceptAccessKeyId: (accessKeyId: string) => boolean
  record: (request: RecordedRequest) => void
  nextId: () => number
}

const clock = () => performance.timeOrigin + performance.now()

export async function handleAwsRequest(request: IncomingMessage, response: ServerResponse, settings: ServerSettings, body: string): Promise<void> {
  const start = clock()
  const id = settings.nextId()
  const raw: RawRequest = { method: request.method ?? 'GET', url: request.url ?? '/', headers: lowerCaseHeaders(request), body }
  const parsed = routeRequest(raw)
  const scope = credentialScope(raw.headers.authorization)
  const requestId = uuid()

  const latency = settings.faults.settings.latencyMs
  if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency))

  const outcome = answer(parsed, scope, requestId, settings)
  response.writeHead(outcome.wire.status, { ...outcome.wire.headers, 'content-length': String(Buffer.byteLength(outcome.wire.body)) })
  response.end(outcome.wire.body)

  const known = 'unroutable' in parsed ? undefined : parsed
  settings.record({
    id,
    service: known?.service ?? 'unknown',
    operation: known?.operation ?? '',
    input: known?.input,
    region: scope?.region ?? '',
    start,
    end: clock(),
    status: outcome.wire.status,
    errorCode: outcome.error?.code,
    errorMessage: outcome.error?.message,
    fault: outcome.fault,
    readOnly: isReadOnlyOperation(known?.operation ?? ''),
  })
}

interface Outcome {
  wire: WireResponse
  error?: AwsError
  fault?: FaultKind
}

function answer(parsed: ParsedRequest | UnroutableRequest, scope: CredentialScope | undefined, requestId: string, settings: ServerSettings): Outcome {
  if ('unroutable' in parsed) return { wire: parsed.failure(parsed.error, requestId), error: parsed.error }
  const fail = (error: AwsError, fault?: FaultKind): Outcome => ({ wire: parsed.failure(error, requestId), error, fault })

  if (!scope) return fail(missingAuthentication(parsed.service))
  if (!settings.acceptAccessKeyId(scope.accessKeyId)) return fail(invalidToken(parsed.service))

  const handler = SERVICES[parsed.service][parsed.operation]
  if (!handler) return fail(unknownOperation(parsed))

  // Faults come before the operation runs: a throttled or failed request changes nothing.
  const fault = settings.faults.decide({ service: parsed.service, operation: parsed.operation })
  if (fault) return fail(settings.faults.error(fault, parsed.service), fault)

  const context: OperationContext = {
    state: settings.state,
    accountId: settings.state.accountId,
    region: scope.region,
    now: new Date(),
    simulation: settings.simulation,
    requestId,
  }
  try {
    return { wire: parsed.success(handler(parsed.input, context), requestId) }
  } catch (error) {
    if (error instanceof AwsError) return fail(error)
    // A bug in the endpoint: answered as AWS would answer its own bug, and recorded with the cause.
    const message = error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error)
    return fail(new AwsError('InternalFailure', `ecsctl test endpoint failed: ${message}`, 500))
  }
}

function routeRequest(raw: RawRequest): ParsedRequest | UnroutableRequest {
  if (isJsonRequest(raw)) return parseJsonRequest(raw)
  if (isRestJsonRequest(raw)) return parseRestJsonRequest(raw)
  if (isQueryRequest(raw)) return parseQueryRequest(raw)
  return parseRestJsonRequest(raw)
}

interface CredentialScope {
  accessKeyId: string
  region: string
  signingName: string
}

/** `AWS4-HMAC-SHA256 Credential=AKID/20261101/us-east-1/ecs/aws4_request, SignedHeaders=..., Signature=...` */
function credentialScope(authorization: string | undefined): CredentialScope | undefined {
  const match = /Credential=([^/\s,]+)\/\d{8}\/([^/\s,]+)\/([^/\s,]+)\/aws4_request/.exec(authorization ?? '')
  if (!match) return undefined
  const [, accessKeyId = '', region = '', signingName = ''] = match
  return { accessKeyId, region, signingName }
}

const QUERY_SERVICES = new Set<AwsServiceName>(['elastic-load-balancing-v2', 'sts'])

function missingAuthentication(service: AwsServiceName): AwsError {
  return QUERY_SERVICES.has(service)
    ? new AwsError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403)
    : new AwsError('MissingAuthenticationTokenException', 'Missing Authentication Token', service === 'efs' ? 403 : 400)
}

function invalidToken(service: AwsServiceName): AwsError {
  return QUERY_SERVICES.has(service)
    ? new AwsError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403)
    : new AwsError('UnrecognizedClientException', 'The security token included in the request is invalid.', service === 'efs' ? 403 : 400)
}

function unknownOperation(parsed: ParsedRequest): AwsError {
  return QUERY_SERVICES.has(parsed.service)
    ? new AwsError('InvalidAction', `Could not find operation ${parsed.operation} for version of ${parsed.service}`)
    : new AwsError('UnknownOperationException', `The ecsctl test endpoint does not implement ${parsed.service}:${parsed.operation}`)
}

function lowerCaseHeaders(request: IncomingMessage): Record<string, string | undefined> {
  const headers: Record<string, string | undefined> = {}
  for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value
  return headers
}

/** The body as text; the SDK gzips some request bodies (CloudWatch's requestCompression trait). */
export async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  const bytes = Buffer.concat(chunks)
  return (request.headers['content-encoding'] === 'gzip' ? gunzipSync(bytes) : bytes).toString('utf8')
}
