// With several services, the command's exit code is the worst outcome among them.
import { EXIT_CODES } from '../errors.js'

/** From least to most severe: a bug outranks everything but an interruption. */
const SEVERITY: readonly number[] = [
  EXIT_CODES.ok,
  EXIT_CODES.differences,
  EXIT_CODES.timeout,
  EXIT_CODES.rollout,
  EXIT_CODES.aws,
  EXIT_CODES.invalid,
  EXIT_CODES.bug,
  EXIT_CODES.interrupted,
]

export function worstOutcome(codes: readonly number[]): number {
  return codes.reduce((worst, code) => (SEVERITY.indexOf(code) > SEVERITY.indexOf(worst) ? code : worst), EXIT_CODES.ok)
}
