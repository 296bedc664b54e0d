// The flags every command shares, and the one place where failures become exit codes.
// Narrow entry points, not oclif's index: the index loads help and UX code a run rarely needs.
import { Command } from '@oclif/core/command'
import * as Errors from '@oclif/core/errors'
import * as Flags from '@oclif/core/flags'
import type { Interfaces } from '@oclif/core'
import { reportError } from '../output/errors.js'
import { createOutput, type Output } from '../output/terminal.js'

export const EXIT_CODES_HELP = `EXIT CODES
  0    success (diff: no differences)
  1    unexpected failure (a bug; --debug prints the stack)
  2    usage error or invalid manifest: nothing was sent to AWS
  3    diff --exit-code: differences found
  4    AWS refused (credentials, permissions, a missing resource)
  5    the rollout failed or was rolled back by the circuit breaker
  6    timed out waiting
  130  interrupted`

export type GlobalFlags<T extends typeof Command> = Interfaces.InferredFlags<(typeof BaseCommand)['baseFlags'] & T['flags']>

export abstract class BaseCommand<T extends typeof Command> extends Command {
  static override baseFlags = {
    file: Flags.string({
      char: 'f',
      summary: 'Manifest file, or a directory of manifests. Repeatable.',
      description: 'Defaults to ecsctl.yml in the working directory. ECSCTL_FILE takes comma-separated paths.',
      multiple: true,
      env: 'ECSCTL_FILE',
      helpGroup: 'GLOBAL',
    }),
    env: Flags.string({ char: 'e', summary: 'Environment overlay from the manifest\'s `environments`.', env: 'ECSCTL_ENV', helpGroup: 'GLOBAL' }),
    region: Flags.string({ summary: 'AWS region (else the manifest\'s, AWS_REGION, then the profile\'s).', env: 'ECSCTL_REGION', helpGroup: 'GLOBAL' }),
    profile: Flags.string({ summary: 'AWS shared-config profile.', env: 'ECSCTL_PROFILE', helpGroup: 'GLOBAL' }),
    json: Flags.boolean({ summary: 'Print one JSON document instead of text.', env: 'ECSCTL_JSON', helpGroup: 'GLOBAL' }),
    debug: Flags.boolean({ summary: 'Print stack traces and request details.', env: 'ECSCTL_DEBUG', helpGroup: 'GLOBAL' }),
  }

  protected flags!: GlobalFlags<T>
  protected output!: Output

  override async init(): Promise<void> {
    await super.init()
    this.output = createOutput()
    const { flags } = await this.parse({
      flags: this.ctor.flags,
      baseFlags: (this.ctor as typeof BaseCommand).baseFlags,
      args: this.ctor.args,
      strict: this.ctor.strict,
    })
    this.flags = withFileList(flags) as GlobalFlags<T>
  }

  protected override async catch(error: Error & { exitCode?: number }): Promise<unknown> {
    if (error instanceof Errors.ExitError) throw error
    // Flags may not be parsed yet when parsing itself failed.
    const json = this.flags?.json ?? (this.argv.includes('--json') || isTruthy(process.env.ECSCTL_JSON))
    const debug = this.flags?.debug ?? (this.argv.includes('--debug') || isTruthy(process.env.ECSCTL_DEBUG))
    const code = reportError(this.output ?? createOutput(), error, { json, debug, commandId: this.id })
    // ExitError is oclif's way to exit with a code without printing anything more.
    throw new Errors.ExitError(code)
  }

  /** Exit with a code that is not a failure of the command (diff --exit-code). */
  protected exitWith(code: number): never {
    throw new Errors.ExitError(code)
  }
}

/**
 * oclif passes the environment value of a repeatable flag as one string: ECSCTL_FILE takes
 * comma-separated paths.
 */
function withFileList<F extends { file?: string[] | string }>(flags: F): F {
  const file = flags.file as string[] | string | undefined
  if (typeof file !== 'string') return flags
  return { ...flags, file: file.split(',').map((path) => path.trim()).filter(Boolean) }
}

const isTruthy = (value: string | undefined) => value !== undefined && /^(1|true|yes)$/i.test(value)
