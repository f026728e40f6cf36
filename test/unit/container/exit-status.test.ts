import {describe, expect, it} from 'vitest'

import {StatusError} from '../../../src/lib/cli/errors.js'
import {runFailureExitCode, toRunStatusError, withHelp} from '../../../src/lib/container/exit-status.js'

describe('runFailureExitCode', () => {
  it.each([
    // runc's texts as dockerd 20.10 passes them on, and what newer engines prefix
    ['Error response from daemon: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "nonexistentcmd": executable file not found in $PATH: unknown', 127],
    ['Error response from daemon: failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "/nope": stat /nope: no such file or directory: unknown', 127],
    ['The system cannot find the file specified.', 127],
    ['Error response from daemon: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "/etc": permission denied: unknown', 126],
    ['exec: "/bin": is a directory', 126],
    ['Error response from daemon: Conflict. The container name "/x1" is already in use by container "4e39". You have to remove (or rename) that container to be able to reuse that name.', 125],
    ['Error response from daemon: No such image: busybox:nope', 125],
    ['Cannot connect to the Docker daemon at unix:///nonexistent.sock. Is the docker daemon running?', 125],
    ['', 125],
  ])('%s → %i', (message, code) => {
    expect(runFailureExitCode(message)).toBe(code)
  })

  it('prefers "not found" when both kinds of words appear', () => {
    expect(runFailureExitCode('permission denied; no such file or directory')).toBe(127)
  })
})

describe('toRunStatusError', () => {
  it('wraps the message with the program name and the help hint', () => {
    const error = toRunStatusError(new Error('Error response from daemon: No such image: busybox:nope'))
    expect(error).toBeInstanceOf(StatusError)
    expect(error.exitCode).toBe(125)
    expect(error.message).toBe("whalectl: Error response from daemon: No such image: busybox:nope\n\nRun 'whalectl run --help' for more information")
  })

  it('names another command when asked (create)', () => {
    expect(toRunStatusError(new Error('x: permission denied'), 'create').message).toBe("whalectl: x: permission denied\n\nRun 'whalectl create --help' for more information")
    expect(toRunStatusError(new Error('x: permission denied'), 'create').exitCode).toBe(126)
  })

  it('withHelp', () => {
    expect(withHelp('boom', 'run')).toBe("whalectl: boom\n\nRun 'whalectl run --help' for more information")
  })
})
