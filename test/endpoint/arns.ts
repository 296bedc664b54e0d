// ARNs in the formats each service uses.

export const arn = (service: string, region: string, account: string, resource: string): string => `arn:aws:${service}:${region}:${account}:${resource}`

export interface ParsedArn {
  service: string
  region: string
  account: string
  resource: string
}

export function parseArn(value: string): ParsedArn | undefined {
  const match = /^arn:aws[\w-]*:([\w-]+):([\w-]*):(\d*):(.+)$/.exec(value)
  if (!match) return undefined
  const [, service = '', region = '', account = '', resource = ''] = match
  return { service, region, account, resource }
}
