// A small control API under /_endpoint/ for a process that cannot call startEndpoint's object
// (a demo script, a benchmark in another language): seed resources, set faults, read the request
// log, reset. AWS never serves these paths, so they cannot clash with an operation.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { FaultSettings } from './faults.js'
import { applySeedDocument, type SeedDocument, type Seeder } from './seed.js'
import type { RecordedRequest } from './server.js'

export const CONTROL_PREFIX = '/_endpoint/'

export interface Controllable {
  seed: Seeder
  requests: RecordedRequest[]
  setFaults(changes: Partial<Omit<FaultSettings, 'appliesTo'>>): void
  reset(): void
  clearRequests(): void
}

export function handleControlRequest(request: IncomingMessage, response: ServerResponse, body: string, endpoint: Controllable): void {
  const route = `${request.method} ${(request.url ?? '').split('?')[0]}`
  try {
    const input = body ? (JSON.parse(body) as unknown) : {}
    switch (route) {
      case 'GET /_endpoint/requests':
        return reply(response, 200, endpoint.requests)
      case 'DELETE /_endpoint/requests':
        endpoint.clearRequests()
        return reply(response, 200, {})
      case 'POST /_endpoint/seed':
        applySeedDocument(endpoint.seed, input as SeedDocument)
        return reply(response, 200, {})
      case 'POST /_endpoint/faults':
        endpoint.setFaults(input as Partial<FaultSettings>)
        return reply(response, 200, {})
      case 'POST /_endpoint/reset':
        endpoint.reset()
        return reply(response, 200, {})
      default:
        return reply(response, 404, { error: `no control route ${route}` })
    }
  } catch (error) {
    return reply(response, 400, { error: error instanceof Error ? error.message : String(error) })
  }
}

function reply(response: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value)
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) })
  response.end(body)
}
