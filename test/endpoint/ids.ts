// Identifiers in the formats AWS uses. They are random (not seeded): nothing in the tests depends
// on their values, and random ids catch code that assumes them.
import { createHash, randomBytes, randomInt, randomUUID } from 'node:crypto'

export const hex = (length: number): string => randomBytes(Math.ceil(length / 2)).toString('hex').slice(0, length)

export const digits = (length: number): string => Array.from({ length }, (_, i) => randomInt(i === 0 ? 1 : 0, 10)).join('')

export const uuid = (): string => randomUUID()

/** A content digest that stays the same for the same input, like an image manifest's. */
export const sha256 = (text: string): string => `sha256:${createHash('sha256').update(text).digest('hex')}`

/** The last `/`-separated part of an ARN or path: a task id, a service name, an alarm name... */
export const lastSegment = (value: string): string => value.slice(value.lastIndexOf('/') + 1)
