// An error as AWS would answer it. Services throw these; the protocol layer writes them in the
// wire format of the service that was called (JSON __type, query <ErrorResponse>, restJson header).

export type ErrorFault = 'Sender' | 'Receiver'

export class AwsError extends Error {
  readonly code: string
  readonly status: number
  readonly fault: ErrorFault

  constructor(code: string, message: string, status = 400) {
    super(message)
    this.name = code
    this.code = code
    this.status = status
    this.fault = status >= 500 ? 'Receiver' : 'Sender'
  }
}

/** Asserts what AWS validates before acting: a failed check is the service's validation error. */
export function check(condition: unknown, code: string, message: string, status = 400): asserts condition {
  if (!condition) throw new AwsError(code, message, status)
}
