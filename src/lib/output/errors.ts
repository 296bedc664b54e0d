// How a failure reaches a person (message, hint, and the stack only with --debug) or a
// machine (`{ "error": ... }` under --json).
import { EcsctlError } from '../errors.js'
import type { Output } from './terminal.js'

export interface ReportedError {
  kind: string
  exitCode: number
  message: string
  hint?: string
  details?: Record<string, unknown>
}

/** Errors oclif raises for bad flags or arguments carry `oclif.exit` (2) and `parse`. */
interface OclifUsageError extends Error {
  oclif?: { exit?: number }
  parse?: unknown
}

export function describeError(error: unknown, commandId: string | undefined): ReportedError {
  if (error instanceof EcsctlError) {
    return { kind: error.kind, exitCode: error.exitCode, message: error.message, hint: error.hint, details: error.details }
  }
  const usage = error as OclifUsageError
  if (usage instanceof Error && (usage.parse !== undefined || usage.oclif?.exit === 2)) {
    return {
      kind: 'invalid',
      exitCode: 2,
      message: usage.message,
      hint: `See \`ecsctl ${commandId ? `${commandId} ` : ''}--help\`.`,
    }
  }
  const message = error instanceof Error ? error.message : String(error)
  return {
    kind: 'bug',
    exitCode: 1,
    message: `ecsctl failed unexpectedly: ${message}`,
    hint: 'This is a bug in ecsctl. Run again with --debug for the stack trace, and report it with the command you ran.',
  }
}

export function reportError(output: Output, error: unknown, options: { json: boolean; debug: boolean; commandId?: string }): number {
  const reported = describeError(error, options.commandId)
  if (options.json) {
    output.json({ error: reported })
  } else {
    const { red, dim } = output.color
    output.note(`${red('Error:')} ${reported.message}`)
    if (reported.hint) output.note(dim(reported.hint))
  }
  if (options.debug && error instanceof Error && error.stack) output.note(error.stack)
  return reported.exitCode
}
