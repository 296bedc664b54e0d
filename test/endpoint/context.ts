// What every operation handler gets: the state, who is asking (account, region) and how the
// simulated ECS behaves.
import type { EndpointState } from './state.js'

/** Services by the name of their SDK package, `@aws-sdk/client-<name>`, as ecsctl's render names them. */
export type AwsServiceName =
  | 'ecs'
  | 'elastic-load-balancing-v2'
  | 'efs'
  | 'application-auto-scaling'
  | 'cloudwatch'
  | 'eventbridge'
  | 'cloudwatch-logs'
  | 'ecr'
  | 'sts'

export interface Simulation {
  /** DescribeServices (for services) or DescribeTasks (for RunTask tasks) calls until a rollout settles. */
  deploymentSteps: number
  /** Whether a container with this image exits with code 1 soon after it starts. */
  crashingImages: (image: string) => boolean
}

export interface OperationContext {
  state: EndpointState
  accountId: string
  /** From the credential scope of the request's signature. */
  region: string
  now: Date
  simulation: Simulation
  requestId: string
}

/** Returns the operation's output (the SDK's output shape, dates as Date), or nothing for an empty one. */
export type OperationHandler = (input: unknown, context: OperationContext) => object | void

export type Operations = Record<string, OperationHandler>

/**
 * Declares a handler with the input type the SDK sends. The input is untrusted JSON or form data;
 * handlers check what AWS checks and trust the rest, as a test double may.
 */
export function operation<Input>(handler: (input: Input, context: OperationContext) => object | void): OperationHandler {
  return (input, context) => handler(input as Input, context)
}
