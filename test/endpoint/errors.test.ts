// Errors in each protocol, parsed by the real SDK into the exception a caller checks for: the
// not-found answers ecsctl's readers turn into "absent", and the refusals a wrong order of
// requests would get from AWS.
import { DeleteScalingPolicyCommand, RegisterScalableTargetCommand } from '@aws-sdk/client-application-auto-scaling'
import { DeleteAlarmsCommand, ListTagsForResourceCommand as ListAlarmTagsCommand } from '@aws-sdk/client-cloudwatch'
import { CreateLogGroupCommand, GetLogEventsCommand, PutRetentionPolicyCommand } from '@aws-sdk/client-cloudwatch-logs'
import { DescribeImagesCommand } from '@aws-sdk/client-ecr'
import {
  CreateServiceCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs'
import { DescribeAccessPointsCommand, DescribeFileSystemsCommand } from '@aws-sdk/client-efs'
import { CreateRuleCommand, CreateTargetGroupCommand, DescribeListenersCommand, DescribeRulesCommand, DescribeTargetGroupsCommand } from '@aws-sdk/client-elastic-load-balancing-v2'
import { DescribeRuleCommand, ListTargetsByRuleCommand } from '@aws-sdk/client-eventbridge'
import { describe, expect, it } from 'vitest'
import type { Endpoint } from './index.js'
import { ACCOUNT, type Clients, LISTENER, rejection, sharedEndpoint, VPC } from './support.js'

let endpoint: Endpoint
let aws: Clients
sharedEndpoint((started, clients) => {
  endpoint = started
  aws = clients
})

const fargateTaskDefinition = {
  family: 'web',
  networkMode: 'awsvpc' as const,
  requiresCompatibilities: ['FARGATE' as const],
  cpu: '256',
  memory: '512',
  containerDefinitions: [{ name: 'app', image: 'nginx', portMappings: [{ containerPort: 80 }] }],
}
const network = { awsvpcConfiguration: { subnets: ['subnet-0a1'] } }

describe('ECS (JSON __type)', () => {
  it('a family with no task definition is a ClientException "Unable to describe task definition."', async () => {
    const error = await rejection(aws.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'nope' })))
    expect(error.name).toBe('ClientException')
    expect(error.message).toBe('Unable to describe task definition.')
    expect(error.$metadata?.httpStatusCode).toBe(400)
  })

  it('a missing service is a MISSING failure in DescribeServices and ServiceNotFoundException elsewhere', async () => {
    const described = await aws.ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: ['web'] }))
    expect(described.services).toEqual([])
    expect(described.failures).toEqual([{ arn: `arn:aws:ecs:us-east-1:${ACCOUNT}:service/prod/web`, reason: 'MISSING' }])
    expect((await rejection(aws.ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'web', desiredCount: 1 })))).name).toBe('ServiceNotFoundException')
    expect((await rejection(aws.ecs.send(new ListTasksCommand({ cluster: 'prod', serviceName: 'web' })))).name).toBe('ServiceNotFoundException')
  })

  it('a cluster that does not exist is ClusterNotFoundException', async () => {
    const error = await rejection(aws.ecs.send(new DescribeServicesCommand({ cluster: 'staging', services: ['web'] })))
    expect(error.name).toBe('ClusterNotFoundException')
    expect(error.message).toBe('Cluster not found.')
  })

  it('refuses a Fargate task definition ECS would refuse', async () => {
    const error = await rejection(aws.ecs.send(new RegisterTaskDefinitionCommand({ ...fargateTaskDefinition, networkMode: 'bridge' })))
    expect(error.name).toBe('ClientException')
    expect(error.message).toBe("Fargate only supports network mode 'awsvpc'.")
  })

  it('refuses a service whose target group no load balancer uses yet (the rule must come first)', async () => {
    await aws.ecs.send(new RegisterTaskDefinitionCommand(fargateTaskDefinition))
    const group = await aws.elbv2.send(new CreateTargetGroupCommand({ Name: 'web', Protocol: 'HTTP', Port: 80, VpcId: VPC, TargetType: 'ip' }))
    const targetGroupArn = group.TargetGroups?.[0]?.TargetGroupArn
    const create = () =>
      aws.ecs.send(
        new CreateServiceCommand({
          cluster: 'prod',
          serviceName: 'web',
          taskDefinition: 'web',
          desiredCount: 1,
          launchType: 'FARGATE',
          networkConfiguration: network,
          loadBalancers: [{ targetGroupArn, containerName: 'app', containerPort: 80 }],
        }),
      )
    const error = await rejection(create())
    expect(error.name).toBe('InvalidParameterException')
    expect(error.message).toBe(`The target group with targetGroupArn ${targetGroupArn} does not have an associated load balancer.`)

    await aws.elbv2.send(
      new CreateRuleCommand({ ListenerArn: LISTENER, Priority: 1, Conditions: [{ Field: 'path-pattern', Values: ['/*'] }], Actions: [{ Type: 'forward', TargetGroupArn: targetGroupArn }] }),
    )
    const created = await create()
    expect(created.service?.roleArn).toBe(`arn:aws:iam::${ACCOUNT}:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS`)
    expect((await rejection(create())).message).toBe('Creation of service was not idempotent.')
  })
})

describe('ELBv2 (query <ErrorResponse>)', () => {
  it('a target group name that does not exist is TargetGroupNotFoundException with the wire code TargetGroupNotFound', async () => {
    const error = await rejection(aws.elbv2.send(new DescribeTargetGroupsCommand({ Names: ['nope'] })))
    expect(error.name).toBe('TargetGroupNotFoundException')
    expect(error.Code).toBe('TargetGroupNotFound')
    expect(error.message).toBe('One or more target groups not found')
    expect(error.$metadata?.httpStatusCode).toBe(400)
  })

  it('a missing listener is ListenerNotFoundException for listeners and rules', async () => {
    const missing = LISTENER.replace('f2f7dc8efc522ab2', '0000000000000000')
    expect((await rejection(aws.elbv2.send(new DescribeListenersCommand({ ListenerArns: [missing] })))).name).toBe('ListenerNotFoundException')
    expect((await rejection(aws.elbv2.send(new DescribeRulesCommand({ ListenerArn: missing })))).name).toBe('ListenerNotFoundException')
  })

  it('a taken rule priority is PriorityInUseException', async () => {
    const group = await aws.elbv2.send(new CreateTargetGroupCommand({ Name: 'web', Protocol: 'HTTP', Port: 80, VpcId: VPC, TargetType: 'ip' }))
    const rule = {
      ListenerArn: LISTENER,
      Priority: 10,
      Conditions: [{ Field: 'host-header', Values: ['a.example.com'] }],
      Actions: [{ Type: 'forward' as const, TargetGroupArn: group.TargetGroups?.[0]?.TargetGroupArn }],
    }
    await aws.elbv2.send(new CreateRuleCommand(rule))
    const error = await rejection(aws.elbv2.send(new CreateRuleCommand(rule)))
    expect(error.name).toBe('PriorityInUseException')
    expect(error.message).toBe("Priority '10' is currently in use")
  })

  it('a target group with the same name and other settings is DuplicateTargetGroupNameException; the same settings return it', async () => {
    const input = { Name: 'web', Protocol: 'HTTP' as const, Port: 80, VpcId: VPC, TargetType: 'ip' as const }
    const first = await aws.elbv2.send(new CreateTargetGroupCommand(input))
    const again = await aws.elbv2.send(new CreateTargetGroupCommand(input))
    expect(again.TargetGroups?.[0]?.TargetGroupArn).toBe(first.TargetGroups?.[0]?.TargetGroupArn)
    expect((await rejection(aws.elbv2.send(new CreateTargetGroupCommand({ ...input, Port: 81 })))).name).toBe('DuplicateTargetGroupNameException')
  })
})

describe('EFS (restJson x-amzn-errortype)', () => {
  it('a missing file system is FileSystemNotFound (404), a missing access point AccessPointNotFound', async () => {
    const error = await rejection(aws.efs.send(new DescribeFileSystemsCommand({ FileSystemId: 'fs-404' })))
    expect(error.name).toBe('FileSystemNotFound')
    expect(error.$metadata?.httpStatusCode).toBe(404)
    expect((error as unknown as { ErrorCode?: string }).ErrorCode).toBe('FileSystemNotFound')
    expect((await rejection(aws.efs.send(new DescribeAccessPointsCommand({ FileSystemId: 'fs-404' })))).name).toBe('FileSystemNotFound')
    expect((await rejection(aws.efs.send(new DescribeAccessPointsCommand({ AccessPointId: 'fsap-404' })))).name).toBe('AccessPointNotFound')
  })
})

describe('Application Auto Scaling', () => {
  it('will not register a target for a service that does not exist, nor delete a policy that does not', async () => {
    const scope = { ServiceNamespace: 'ecs' as const, ResourceId: 'service/prod/web', ScalableDimension: 'ecs:service:DesiredCount' as const }
    const error = await rejection(aws.autoscaling.send(new RegisterScalableTargetCommand({ ...scope, MinCapacity: 1, MaxCapacity: 2 })))
    expect(error.name).toBe('ValidationException')
    expect(error.message).toBe("ECS service doesn't exist: service/prod/web")
    const missing = await rejection(aws.autoscaling.send(new DeleteScalingPolicyCommand({ ...scope, PolicyName: 'web-cpu' })))
    expect(missing.name).toBe('ObjectNotFoundException')
  })
})

describe('CloudWatch (JSON with x-amzn-query-error)', () => {
  it('uses the query error codes: ResourceNotFound for DeleteAlarms, ResourceNotFoundException for tags', async () => {
    const error = await rejection(aws.cloudwatch.send(new DeleteAlarmsCommand({ AlarmNames: ['nope'] })))
    expect(error.name).toBe('ResourceNotFound')
    expect(error.$metadata?.httpStatusCode).toBe(404)
    const tags = await rejection(aws.cloudwatch.send(new ListAlarmTagsCommand({ ResourceARN: `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:nope` })))
    expect(tags.name).toBe('ResourceNotFoundException')
  })
})

describe('EventBridge, CloudWatch Logs and ECR', () => {
  it('a missing rule is ResourceNotFoundException', async () => {
    const error = await rejection(aws.eventbridge.send(new DescribeRuleCommand({ Name: 'nope' })))
    expect(error.name).toBe('ResourceNotFoundException')
    expect(error.message).toBe('Rule nope does not exist on EventBus default.')
    expect((await rejection(aws.eventbridge.send(new ListTargetsByRuleCommand({ Rule: 'nope' })))).name).toBe('ResourceNotFoundException')
  })

  it('a log group is ResourceAlreadyExistsException the second time and ResourceNotFoundException when missing', async () => {
    await aws.logs.send(new CreateLogGroupCommand({ logGroupName: '/ecs/web' }))
    expect((await rejection(aws.logs.send(new CreateLogGroupCommand({ logGroupName: '/ecs/web' })))).name).toBe('ResourceAlreadyExistsException')
    expect((await rejection(aws.logs.send(new PutRetentionPolicyCommand({ logGroupName: '/ecs/nope', retentionInDays: 30 })))).name).toBe('ResourceNotFoundException')
    expect((await rejection(aws.logs.send(new PutRetentionPolicyCommand({ logGroupName: '/ecs/web', retentionInDays: 31 })))).name).toBe('InvalidParameterException')
    expect((await rejection(aws.logs.send(new GetLogEventsCommand({ logGroupName: '/ecs/web', logStreamName: 'x' })))).message).toBe('The specified log stream does not exist.')
  })

  it('an image tag that is not in the repository is ImageNotFoundException; an unknown repository RepositoryNotFoundException', async () => {
    endpoint.seed.image('web', 'v1')
    const error = await rejection(aws.ecr.send(new DescribeImagesCommand({ repositoryName: 'web', imageIds: [{ imageTag: 'v2' }] })))
    expect(error.name).toBe('ImageNotFoundException')
    expect(error.message).toContain("imageTag:'v2'")
    expect((await rejection(aws.ecr.send(new DescribeImagesCommand({ repositoryName: 'api', imageIds: [{ imageTag: 'v1' }] })))).name).toBe('RepositoryNotFoundException')
  })
})
