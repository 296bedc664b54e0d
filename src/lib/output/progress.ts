// Progress of a rollout while ecsctl waits. In a terminal: one spinner line with the current state,
// and each new service event printed above it. Anywhere else (CI logs, pipes) and under --json:
// plain timestamped lines with no escape codes, so that logs stay greppable. Always written to the
// stream it is given, which callers make stderr: stdout carries the command's result (the one
// JSON document under --json), never progress.
import ora, { type Ora } from 'ora'

export interface ProgressReporter {
  /** The current state, e.g. `deployment ecs-svc/123 IN_PROGRESS running 1/2`; callers send it when it changes. */
  state(text: string): void
  /** Something that happened, e.g. a service event, printed once; `at` is when it happened. */
  event(text: string, at?: Date): void
  /** The wait ended well; ends the spinner. */
  done(text: string): void
  /** The wait ended badly (failure, timeout, interruption); ends the spinner. */
  fail(text: string): void
}

/**
 * What the reporter needs of a stream: process.stderr, or a test's sink. The spinner also moves
 * the cursor, which only a terminal stream (tty.WriteStream) can do.
 */
export interface ProgressStream {
  write(chunk: string): unknown
  isTTY?: boolean
  columns?: number
  cursorTo?: (x: number) => unknown
  moveCursor?: (dx: number, dy: number) => unknown
  clearLine?: (dir: -1 | 0 | 1) => unknown
}

export interface ProgressOptions {
  stream: ProgressStream
  /** A terminal a person watches: a spinner. Otherwise plain lines. */
  isTTY: boolean
  /** Under --json progress is plain lines too, whatever the stream, for whoever reads stderr. */
  json: boolean
  now: () => Date
  /** Names the service on every line, for several deployments sharing one log. */
  label?: string
}

export function createProgress(options: ProgressOptions): ProgressReporter {
  // A terminal that reports no width (a pseudo-terminal nobody sized, some CI runners) would make
  // ora count every line as endless and clear ever more lines above: plain lines there.
  const canDrawSpinner =
    typeof options.stream.cursorTo === 'function' && typeof options.stream.clearLine === 'function' && (options.stream.columns ?? 0) > 0
  return options.isTTY && !options.json && canDrawSpinner ? spinnerProgress(options) : lineProgress(options)
}

/** `2026-11-23T16:40:01Z`: UTC to the second, the same on every CI runner. */
function timestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

function lineProgress(options: ProgressOptions): ProgressReporter {
  const label = options.label ? `[${options.label}] ` : ''
  const write = (text: string, at: Date = options.now()) => void options.stream.write(`${timestamp(at)} ${label}${stripControl(text)}\n`)
  let lastState: string | undefined
  return {
    // A state repeated by the caller is not worth a line in a CI log.
    state: (text) => {
      if (text === lastState) return
      lastState = text
      write(text)
    },
    event: (text, at) => write(text, at),
    done: (text) => write(text),
    fail: (text) => write(text),
  }
}

function spinnerProgress(options: ProgressOptions): ProgressReporter {
  const label = options.label ? `${options.label}: ` : ''
  let spinner: Ora | undefined
  const ensureSpinner = (text: string): Ora => {
    spinner ??= ora({
      // ora's type is NodeJS.WritableStream; it uses write(), the cursor methods and columns.
      stream: options.stream as unknown as NodeJS.WritableStream,
      isEnabled: true,
      // Raw-mode stdin would turn Ctrl-C into a keypress that ora re-emits; keeping the terminal's
      // own SIGINT lets the command's interrupt handling work the same with and without a spinner.
      discardStdin: false,
      text,
    }).start()
    return spinner
  }
  return {
    state: (text) => {
      const line = `${label}${stripControl(text)}`
      ensureSpinner(line).text = line
    },
    event: (text, at) => {
      const line = `${timestamp(at ?? options.now())} ${label}${stripControl(text)}\n`
      if (!spinner?.isSpinning) {
        options.stream.write(line)
        return
      }
      // Clear the spinner line, print the event where it was, and draw the spinner below it.
      spinner.clear()
      options.stream.write(line)
      spinner.render()
    },
    done: (text) => {
      ensureSpinner(`${label}${text}`).succeed(`${label}${text}`)
      spinner = undefined
    },
    fail: (text) => {
      ensureSpinner(`${label}${text}`).fail(`${label}${text}`)
      spinner = undefined
    },
  }
}

/**
 * Event texts come from AWS (service events, which can quote user input); never let them move the
 * cursor or change colours in someone's terminal or CI log.
 */
function stripControl(text: string): string {
  return text
    .replace(/\u001B\[[0-?]*[ -/]*[@-~]/g, '')
    .replace(/[\r\n]+/g, ' ')
    .replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, '')
}
