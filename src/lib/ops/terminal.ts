// What the hand-typed commands (scale, run, delete, init) share about the terminal: whether a
// person can answer, the questions ecsctl asks them, and waiting with Ctrl-C and progress.
import { setTimeout as delay } from 'node:timers/promises'
import { EcsctlError, invalid } from '../errors.js'
import { createProgress, type ProgressReporter } from '../output/progress.js'

/** Prompts only where a person can answer: both stdin and stdout are a terminal. */
export function isInteractiveTerminal(stdin: { isTTY?: boolean }, stdout: { isTTY?: boolean }): boolean {
  return Boolean(stdin.isTTY) && Boolean(stdout.isTTY)
}

export interface Choice<T extends string> {
  value: T
  name: string
  description?: string
}

/** `validate` returns true, or the message to show under the answer. */
export type Validate = (answer: string) => true | string

/** The questions ecsctl asks. Tests answer them with a fake; the terminal one uses @inquirer/prompts. */
export interface Prompter {
  /** A whole number; `validate` returns true or the message to show. */
  number(question: { message: string; default?: number; validate: (value: number | undefined) => true | string }): Promise<number>
  select<T extends string>(question: { message: string; choices: Choice<T>[]; default?: T }): Promise<T>
  input(question: { message: string; default?: string; validate?: Validate }): Promise<string>
  confirm(question: { message: string; default?: boolean }): Promise<boolean>
}

/**
 * Prompts drawn on `output` (stderr, so that stdout keeps the result alone). Ctrl-C at a prompt
 * ends the command as interrupted; `cancelled` says what that left undone.
 */
export function terminalPrompter(output: NodeJS.WritableStream, cancelled = 'Cancelled at the prompt; nothing was changed.'): Prompter {
  const context = { output }
  const interrupted = (error: unknown): never => {
    if (error instanceof Error && (error.name === 'ExitPromptError' || error.name === 'AbortPromptError')) throw new EcsctlError('interrupted', cancelled)
    throw error
  }
  return {
    async number(question) {
      const { number } = await import('@inquirer/prompts')
      return number({ message: question.message, default: question.default, required: true, step: 1, validate: question.validate }, context).catch(interrupted)
    },
    async select(question) {
      const { select } = await import('@inquirer/prompts')
      return select({ message: question.message, choices: question.choices, default: question.default }, context).catch(interrupted)
    },
    async input(question) {
      const { input } = await import('@inquirer/prompts')
      return input({ message: question.message, default: question.default, validate: question.validate }, context).catch(interrupted)
    },
    async confirm(question) {
      const { confirm } = await import('@inquirer/prompts')
      return confirm({ message: question.message, default: question.default }, context).catch(interrupted)
    },
  }
}

/** What a command that waits needs: time and sleep injected, so that tests need no timers. */
export interface Waiting {
  /** Resolves after `ms`; may reject when `signal` aborts. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>
  /** Milliseconds, as Date.now(). */
  now: () => number
  progress: ProgressReporter
  /** Aborted on Ctrl-C. */
  signal?: AbortSignal
}

/**
 * The real clock, sleep and progress for a command, and Ctrl-C turned into an aborted signal
 * (a second Ctrl-C exits at once). Progress goes to stderr: stdout carries the result.
 */
export function terminalWaiting(options: { json: boolean; label?: string }): { waiting: Waiting; dispose: () => void } {
  const controller = new AbortController()
  const onInterrupt = () => {
    if (controller.signal.aborted) process.exit(130)
    controller.abort()
  }
  process.on('SIGINT', onInterrupt)
  const progress = createProgress({ stream: process.stderr, isTTY: Boolean(process.stderr.isTTY), json: options.json, now: () => new Date(), label: options.label })
  return {
    waiting: { sleep: (ms, signal) => delay(ms, undefined, { signal }), now: () => Date.now(), progress, signal: controller.signal },
    dispose: () => void process.off('SIGINT', onInterrupt),
  }
}

/** `90s`, `15m`, `1h30m`, or a number of seconds; the manifest's duration syntax. */
export function parseDuration(text: string, flag: string): number {
  const trimmed = text.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000
  const match = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(trimmed)
  if (!match || trimmed === '') throw invalid(`${flag} must be a duration such as 90s, 15m or 1h30m, not "${text}".`)
  const [, hours = '0', minutes = '0', seconds = '0'] = match
  return ((Number(hours) * 60 + Number(minutes)) * 60 + Number(seconds)) * 1000
}
