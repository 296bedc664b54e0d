// The only place that writes to the console. Commands hand it text or JSON-able values.
import type { Writable } from 'node:stream'

export interface OutputStreams {
  stdout: Writable & { isTTY?: boolean }
  stderr: Writable & { isTTY?: boolean }
  env: Record<string, string | undefined>
}

export interface Output {
  /** The command's result: text for a person, or one JSON document under --json. */
  result(text: string): void
  json(value: unknown): void
  /** Progress and notes; on stderr so that stdout stays the result. */
  note(text: string): void
  readonly color: Colors
  readonly isTerminal: boolean
}

export interface Colors {
  bold(text: string): string
  dim(text: string): string
  red(text: string): string
  green(text: string): string
  yellow(text: string): string
  cyan(text: string): string
}

const ansi = (open: number, close: number) => (text: string) => `\u001B[${open}m${text}\u001B[${close}m`
const plain = (text: string) => text

/** Colour only for a terminal, and never with NO_COLOR set (https://no-color.org). */
export function colorsFor(stream: { isTTY?: boolean }, env: Record<string, string | undefined>): Colors {
  const enabled = Boolean(stream.isTTY) && !env.NO_COLOR && env.TERM !== 'dumb'
  if (!enabled) return { bold: plain, dim: plain, red: plain, green: plain, yellow: plain, cyan: plain }
  return { bold: ansi(1, 22), dim: ansi(2, 22), red: ansi(31, 39), green: ansi(32, 39), yellow: ansi(33, 39), cyan: ansi(36, 39) }
}

export function createOutput(streams: OutputStreams = { stdout: process.stdout, stderr: process.stderr, env: process.env }): Output {
  const { stdout, stderr, env } = streams
  const line = (text: string) => (text.endsWith('\n') ? text : `${text}\n`)
  return {
    result: (text) => void stdout.write(line(text)),
    json: (value) => void stdout.write(`${JSON.stringify(value, null, 2)}\n`),
    note: (text) => void stderr.write(line(text)),
    color: colorsFor(stdout, env),
    isTerminal: Boolean(stdout.isTTY),
  }
}
