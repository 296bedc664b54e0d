// "Did you mean" for a mistyped command, printed in CI logs as well as terminals, with the usage
// exit code (2) rather than a prompt.
import type { Hook } from '@oclif/core'
import { closest, distance } from 'fastest-levenshtein'
import { EcsctlError } from '../lib/errors.js'

export function suggestCommand(typed: string, commandIds: readonly string[]): string | undefined {
  if (commandIds.length === 0) return undefined
  const nearest = closest(typed, [...commandIds])
  // Beyond half the word's length the "nearest" command is a guess, not a typo.
  return distance(typed, nearest) <= Math.max(2, Math.ceil(typed.length / 2)) ? nearest : undefined
}

const hook: Hook.CommandNotFound = async function (options) {
  const visible = options.config.commands.filter((c) => !c.hidden).map((c) => c.id)
  const typed = options.id.replaceAll(':', ' ')
  const suggestion = suggestCommand(options.id, visible)
  const error = new EcsctlError('invalid', `"${typed}" is not an ecsctl command.`, {
    hint: suggestion
      ? `Did you mean \`${options.config.bin} ${suggestion.replaceAll(':', ' ')}\`? Run \`${options.config.bin} --help\` for the list.`
      : `Run \`${options.config.bin} --help\` for the list of commands.`,
  })
  process.stderr.write(`Error: ${error.message}\n${error.hint}\n`)
  this.exit(error.exitCode)
}

export default hook
