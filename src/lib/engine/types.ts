// Wire types of the Engine API, in the API's own casing. Only the fields whalectl reads.

export interface PortSummary {
  IP?: string
  PrivatePort: number
  PublicPort?: number
  Type: string
}

export interface MountPoint {
  Type?: string
  Name?: string
  Source?: string
  Destination?: string
  Driver?: string
}

export interface ContainerSummary {
  Id: string
  Names: string[]
  Image: string
  ImageID: string
  Command: string
  Created: number
  Ports: PortSummary[]
  SizeRw?: number
  SizeRootFs?: number
  Labels: Record<string, string> | null
  State: string
  Status: string
  HostConfig?: {NetworkMode?: string}
  NetworkSettings?: {Networks?: Record<string, unknown>} | null
  Mounts: MountPoint[] | null
}

export type Filters = Record<string, string[]>

export interface ContainerListOptions {
  all?: boolean
  limit?: number
  size?: boolean
  filters?: Filters
}
