// Pagination as AWS does it: an opaque token that the next request sends back.
import { AwsError } from './errors.js'

export interface Page<T> {
  items: T[]
  next: string | undefined
}

/**
 * One page of `all`. The token encodes the offset; a token this endpoint did not issue is the
 * service's invalid-token error (`invalid` builds it, as each service names it differently).
 */
export function paginate<T>(all: readonly T[], token: string | undefined, limit: number | undefined, defaultLimit: number, invalid: () => AwsError): Page<T> {
  const offset = token ? decodeToken(token) : 0
  if (offset === undefined || offset > all.length) throw invalid()
  const size = limit && limit > 0 ? limit : defaultLimit
  const end = offset + size
  return { items: all.slice(offset, end), next: end < all.length ? encodeToken(end) : undefined }
}

function encodeToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset }), 'utf8').toString('base64')
}

function decodeToken(token: string): number | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { offset?: unknown }
    return typeof parsed.offset === 'number' && Number.isInteger(parsed.offset) && parsed.offset >= 0 ? parsed.offset : undefined
  } catch {
    return undefined
  }
}
