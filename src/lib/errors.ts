// One error family for the whole CLI. The top-level handler prints `message` and `hint` (or
// `{ "error": ... }` under --json) and exits with the code of the error's kind.

export const EXIT_CODES = {
  ok: 0,
  bug: 1,
  invalid: 2,
  differences: 3,
  aws: 4,
  rollout: 5,
  timeout: 6,
  interrupted: 130,
} as const

export type ErrorKind = 'bug' | 'invalid' | 'aws' | 'rollout' | 'timeout' | 'interrupted'

export interface EcsctlErrorOptions {
  hint?: string
  cause?: unknown
  /** Machine-readable details for --json (problems, stopped tasks...). */
  details?: Record<string, unknown>
}

export class EcsctlError extends Error {
  readonly kind: ErrorKind
  readonly hint?: string
  readonly details?: Record<string, unknown>

  constructor(kind: ErrorKind, message: string, options: EcsctlErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'EcsctlError'
    this.kind = kind
    this.hint = options.hint
    this.details = options.details
  }

  get exitCode(): number {
    return EXIT_CODES[this.kind]
  }
}

/** Usage errors and invalid manifests: nothing was sent to AWS. */
export const invalid = (message: string, options?: EcsctlErrorOptions) => new EcsctlError('invalid', message, options)
