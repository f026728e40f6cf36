// Compiled against the published declarations (dist/*.d.ts) by test/integration/library-types.test.ts
// under tsc --strict: typed calls compile, and each `@ts-expect-error` marks a mistake the types
// must catch (tsc fails on an expect-error line that has no error).
import {
  ConflictError,
  Docker,
  type ContainerInspect,
  type ContainerSummary,
  DockerError,
  type FrameStream,
  type JSONMessage,
  NotFoundError,
} from 'whalectl'

export async function typedCalls(docker: Docker): Promise<void> {
  const list: ContainerSummary[] = await docker.containerList({all: true, filters: {status: ['running']}})
  const names: string[] = list.flatMap((c) => c.Names)
  const inspected: ContainerInspect = await docker.containerInspect(names[0] ?? 'x')
  const running: boolean | undefined = inspected.State?.Running
  const {raw} = await docker.containerInspectWithRaw('x', {size: true})
  const bytes: Buffer = raw
  const created = await docker.containerCreate({Cmd: ['true'], HostConfig: {AutoRemove: true}, Image: 'busybox'}, {name: 'n'})
  await docker.containerStop(created.Id, {timeout: 1})
  const logs: FrameStream = await docker.logs(created.Id, {follow: true, tail: '10'})
  for await (const frame of logs) {
    const which: 'stdout' | 'stderr' = frame.stream
    // @ts-expect-error: a frame's stream is stdout or stderr, never stdin
    if (frame.stream === 'stdin') break
    void which
  }
  const pull = await docker.imageCreate({fromImage: 'busybox', tag: 'latest'})
  for await (const message of pull) {
    const status: string | undefined = message.status
    void status
  }
  await docker.pull('busybox', {onProgress: (m: JSONMessage) => void m.progressDetail?.current})
  try {
    await docker.containerRemove('x', {force: true})
  } catch (error) {
    if (error instanceof NotFoundError || error instanceof ConflictError) void error.engineMessage
    if (error instanceof DockerError) void error.message
  }
  void [running, bytes]

  // @ts-expect-error: the option is `all`, not `All`
  await docker.containerList({All: true})
  // @ts-expect-error: a wrong field name in a create body
  await docker.containerCreate({Image: 'busybox', Cmdd: ['true']})
  // @ts-expect-error: run needs an image
  await docker.run({cmd: ['true']})
}
