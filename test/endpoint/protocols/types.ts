// What a protocol hands the server after reading a request, and what it writes back.
import type { AwsServiceName } from '../context.js'
import type { AwsError } from '../errors.js'

export interface ParsedRequest {
  service: AwsServiceName
  operation: string
  input: unknown
  /** Writes the operation's output in this protocol's format. */
  success(output: object | void, requestId: string): WireResponse
  /** Writes an error in this protocol's format. */
  failure(error: AwsError, requestId: string): WireResponse
}

export interface WireResponse {
  status: number
  headers: Record<string, string>
  body: string
}

/** A request the endpoint cannot route: answered in the format its headers suggest. */
export interface UnroutableRequest {
  unroutable: true
  /** Why it cannot be routed, as the service would say it. */
  error: AwsError
  failure(error: AwsError, requestId: string): WireResponse
}

export interface RawRequest {
  method: string
  /** Path and query string, as received. */
  url: string
  headers: Record<string, string | undefined>
  body: string
}
