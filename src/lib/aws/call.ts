// Every AWS request the readers make goes through these two helpers, so that errors are mapped
// in one way and "does not exist" is an answer (undefined) rather than an error.
import { toEcsctlError } from './errors.js'

/** Sends one request; any failure becomes an EcsctlError that says what ecsctl was doing. */
export async function callAws<T>(context: string, request: () => Promise<T>): Promise<T> {
  try {
    return await request()
  } catch (error) {
    throw toEcsctlError(error, context)
  }
}

/** Like callAws, but the errors `isAbsent` recognises mean "no such resource": undefined. */
export async function callAwsOrAbsent<T>(context: string, request: () => Promise<T>, isAbsent: (error: unknown) => boolean): Promise<T | undefined> {
  try {
    return await request()
  } catch (error) {
    if (isAbsent(error)) return undefined
    throw toEcsctlError(error, context)
  }
}
