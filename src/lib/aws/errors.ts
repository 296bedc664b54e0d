// The one place where errors from the AWS SDK become EcsctlErrors: a message a person can act
// on, a hint saying what to do next, the original error as `cause` (printed only with --debug),
// and the AWS error code and request id in `details` for --json and support tickets.
import { EcsctlError } from '../errors.js'

/** What we can read from any thrown value without trusting its type. */
interface ErrorFacts {
  code: string
  message: string
  httpStatusCode?: number
  requestId?: string
  attempts?: number
  fault?: string
  throttling: boolean
  /** Node's system error code for network failures (ECONNREFUSED...). */
  systemCode?: string
}

// Credentials that are missing, expired or wrong. The server-side ones answer with text that
// could echo parts of the signed request, so their AWS message is never shown.
const CREDENTIAL_CODES = new Set([
  'CredentialsProviderError',
  'TokenProviderError',
  'ExpiredToken',
  'ExpiredTokenException',
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'InvalidAccessKeyId',
  'MissingAuthenticationToken',
  'MissingAuthenticationTokenException',
])
// Raised on this machine by the credential chain; their text names a profile or a file, never a key.
const LOCAL_CREDENTIAL_CODES = new Set(['CredentialsProviderError', 'TokenProviderError'])

const ACCESS_DENIED_CODES = new Set(['UnauthorizedOperation', 'UnauthorizedException', 'AuthorizationError', 'NotAuthorized'])

const THROTTLING_CODES = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'ProvisionedThroughputExceededException',
  'SlowDown',
])

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE'])

// Errors that JavaScript itself raises for a mistake in our code; they are bugs, not AWS answers.
const PROGRAMMING_ERRORS = new Set(['TypeError', 'ReferenceError', 'RangeError', 'SyntaxError'])

const CREDENTIALS_HINT =
  'Check which credentials ecsctl uses: set AWS_PROFILE or pass --profile, run `aws sso login --profile NAME` if the profile uses SSO, and confirm with `aws sts get-caller-identity`.'

/**
 * Maps anything thrown while talking to AWS to an EcsctlError. `context` says what ecsctl was
 * doing and starts with the IAM action, e.g. `ecs:DescribeServices (service "web" in cluster "prod")`,
 * so that an access-denied error can name the permission to grant.
 */
export function toEcsctlError(error: unknown, context: string): EcsctlError {
  if (error instanceof EcsctlError) return error
  const facts = errorFacts(error)
  const details = detailsOf(facts)

  if (facts.message === 'Region is missing') return missingRegionError(undefined, error)

  if (CREDENTIAL_CODES.has(facts.code)) {
    const reason = LOCAL_CREDENTIAL_CODES.has(facts.code) && facts.message ? ` ${redact(facts.message)}` : ''
    return new EcsctlError('aws', `${context}: AWS credentials are missing, expired or invalid (${facts.code}).${reason}`, {
      hint: CREDENTIALS_HINT,
      cause: error,
      details,
    })
  }

  if (facts.code.startsWith('AccessDenied') || ACCESS_DENIED_CODES.has(facts.code)) {
    const action = deniedAction(facts.message, context)
    const said = facts.message ? ` AWS said: ${redact(facts.message)}` : ''
    return new EcsctlError('aws', `${context}: access denied.${said}`, {
      hint: action
        ? `Allow ${action} for the identity ecsctl runs as (see \`aws sts get-caller-identity\`), or use a profile that has it (--profile or AWS_PROFILE).`
        : 'Grant the identity ecsctl runs as the permission named above, or use a profile that has it (--profile or AWS_PROFILE).',
      cause: error,
      details,
    })
  }

  if (facts.throttling || THROTTLING_CODES.has(facts.code)) {
    const attempts = facts.attempts ? ` after ${facts.attempts} attempts` : ''
    return new EcsctlError('aws', `${context}: AWS kept throttling the request${attempts} (${facts.code}).`, {
      hint: 'Try again in a minute. If it keeps happening, raise AWS_MAX_ATTEMPTS (for example to 6) or run fewer AWS tools against this account at the same time.',
      cause: error,
      details,
    })
  }

  if (isNotFound(facts.code)) {
    return new EcsctlError('aws', `${context}: ${describe(facts)}`, { hint: notFoundHint(facts.code), cause: error, details })
  }

  if ((facts.systemCode && NETWORK_CODES.has(facts.systemCode)) || facts.code === 'TimeoutError') {
    return new EcsctlError('aws', `${context}: could not reach AWS (${facts.systemCode ?? facts.code}).`, {
      hint: 'Check the network connection and any proxy; if AWS_ENDPOINT_URL or --endpoint is set, check that the endpoint is up.',
      cause: error,
      details,
    })
  }

  if (facts.fault === 'server' || (facts.httpStatusCode !== undefined && facts.httpStatusCode >= 500)) {
    return new EcsctlError('aws', `${context}: AWS failed with a server error: ${describe(facts)}`, {
      hint: 'The error persisted through the SDK retries; try again shortly, and check the AWS Health Dashboard if it continues.',
      cause: error,
      details,
    })
  }

  if (PROGRAMMING_ERRORS.has(facts.code) && facts.httpStatusCode === undefined) {
    return new EcsctlError('bug', `${context}: ${describe(facts)}`, { cause: error, details })
  }

  return new EcsctlError('aws', `${context}: ${describe(facts)}`, { cause: error, details })
}

/** No region from --region, the manifest, AWS_REGION, AWS_DEFAULT_REGION or the profile. */
export function missingRegionError(profile: string | undefined, cause?: unknown): EcsctlError {
  const where = profile ? `the profile "${profile}" has no region, and ` : ''
  return new EcsctlError('invalid', `No AWS region is set: ${where}neither --region, the manifest's \`region\`, AWS_REGION nor AWS_DEFAULT_REGION gives one.`, {
    hint: 'Add `region: us-east-1` (your region) to the manifest, pass --region, set AWS_REGION, or run `aws configure set region REGION` for the profile.',
    cause,
  })
}

/** The AWS error code of a thrown value (`name` for SDK errors), or '' when it has none. */
export function errorCode(error: unknown): string {
  return errorFacts(error).code
}

/** Whether `error` carries one of the AWS error codes given. */
export function hasErrorCode(error: unknown, ...codes: string[]): boolean {
  return codes.includes(errorCode(error))
}

function errorFacts(error: unknown): ErrorFacts {
  if (typeof error !== 'object' || error === null) {
    return { code: 'Unknown', message: String(error), throttling: false }
  }
  const record = error as Record<string, unknown>
  const metadata = isRecord(record.$metadata) ? record.$metadata : {}
  const retryable = isRecord(record.$retryable) ? record.$retryable : {}
  return {
    code: firstString(record.name, record.Code, record.code, record.__type) ?? 'Unknown',
    message: firstString(record.message, record.Message) ?? '',
    httpStatusCode: typeof metadata.httpStatusCode === 'number' ? metadata.httpStatusCode : undefined,
    requestId: firstString(metadata.requestId, metadata.extendedRequestId),
    attempts: typeof metadata.attempts === 'number' ? metadata.attempts : undefined,
    fault: firstString(record.$fault),
    throttling: retryable.throttling === true,
    systemCode: typeof record.code === 'string' ? record.code : undefined,
  }
}

function detailsOf(facts: ErrorFacts): Record<string, unknown> {
  const details: Record<string, unknown> = { code: facts.code }
  if (facts.requestId) details.requestId = facts.requestId
  if (facts.httpStatusCode !== undefined) details.httpStatusCode = facts.httpStatusCode
  return details
}

/** `Code: message`, or the code alone when AWS sent no message. */
function describe(facts: ErrorFacts): string {
  const message = redact(facts.message).trim()
  return message && message !== facts.code ? `${facts.code}: ${message}` : facts.code
}

function isNotFound(code: string): boolean {
  return /NotFound(Exception|Fault)?$/.test(code) || code === 'NoSuchEntity'
}

function notFoundHint(code: string): string {
  if (code === 'ClusterNotFoundException') {
    return 'Check `cluster:` in the manifest, and that the region and account are the ones the cluster lives in.'
  }
  return 'Check the name or ARN in the manifest, and that the region and account are the right ones.'
}

/** The IAM action AWS names in its message, else the one `context` starts with. */
function deniedAction(message: string, context: string): string | undefined {
  const fromMessage = /perform: ([a-z0-9-]+:[A-Za-z0-9*]+)/.exec(message)?.[1]
  const fromContext = /^([a-z0-9-]+:[A-Za-z0-9]+)\b/.exec(context)?.[1]
  return fromMessage ?? fromContext
}

/**
 * Removes what must never reach a terminal or a CI log: access key ids and anything shaped like
 * a session token. AWS does not echo secret keys, but a message may quote a signed request.
 */
export function redact(text: string): string {
  return text.replace(/\b(AKIA|ASIA)[A-Z0-9]{16}\b/g, '<access-key-id>').replace(/[A-Za-z0-9+/=]{100,}/g, '<redacted>')
}

function firstString(...values: unknown[]): string | undefined {
  return values.find((value): value is string => typeof value === 'string' && value.length > 0)
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null
}
