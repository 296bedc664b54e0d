// What the hand-typed commands (scale, run, delete, init) share about the terminal: whether a
// person can answer, the questions ecsctl asks them, and waiting with Ctrl-C and progress.
import { sleep } from '../duration.js'
import { EcsctlError, EXIT_CODES } from '../errors.js'
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
  const interruption = interruptOnSignals()
  const progress = createProgress({ stream: process.stderr, isTTY: Boolean(process.stderr.isTTY), json: options.json, now: () => new Date(), label: options.label })
  return {
    waiting: { sleep, now: () => Date.now(), progress, signal: interruption.signal },
    dispose: interruption.dispose,
  }
}

/**
 * Ctrl-C (or a CI runner's SIGTERM) as an aborted signal: the command stops at its next safe
 * point and says what was done. A second one exits at once.
 */
export function interruptOnSignals(onFirst?: () => void): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController()
  const onSignal = () => {
    if (controller.signal.aborted) process.exit(EXIT_CODES.interrupted)
    onFirst?.()
    controller.abort()
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
    },
  }
}

