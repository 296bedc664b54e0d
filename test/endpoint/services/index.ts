// The operations of every service, by the service's name.
import type { AwsServiceName, Operations } from '../context.js'
import { autoscalingOperations } from './autoscaling.js'
import { cloudwatchOperations } from './cloudwatch.js'
import { ecrOperations } from './ecr.js'
import { ecsOperations } from './ecs.js'
import { efsOperations } from './efs.js'
import { elbv2Operations } from './elbv2.js'
import { eventbridgeOperations } from './eventbridge.js'
import { logsOperations } from './logs.js'
import { stsOperations } from './sts.js'

export const SERVICES: Record<AwsServiceName, Operations> = {
  ecs: ecsOperations,
  'elastic-load-balancing-v2': elbv2Operations,
  efs: efsOperations,
  'application-auto-scaling': autoscalingOperations,
  cloudwatch: cloudwatchOperations,
  eventbridge: eventbridgeOperations,
  'cloudwatch-logs': logsOperations,
  ecr: ecrOperations,
  sts: stsOperations,
}

/** Whether an operation only reads: what a deploy of an unchanged manifest may send. */
export function isReadOnlyOperation(operation: string): boolean {
  return /^(Describe|List|Get|BatchGet|Filter)/.test(operation)
}
