// Node's file-system errors in the words Go's os package prints them, which is what docker shows:
// `open /dst/f: permission denied`, `link /a /b: file exists`. libuv's texts agree with Go's
// strerror texts except for a few, listed here.

const GO_TEXT: Record<string, string> = {
  EBUSY: 'device or resource busy',
  EEXIST: 'file exists',
  EISDIR: 'is a directory',
  ELOOP: 'too many levels of symbolic links',
  ENOTSUP: 'operation not supported',
  EXDEV: 'invalid cross-device link',
}

export function errnoCode(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  return typeof code === 'string' ? code : undefined
}

/** The errno part of a Node fs error, as Go's syscall.Errno prints it. */
export function goErrnoText(error: unknown): string {
  const code = errnoCode(error)
  if (code && GO_TEXT[code]) return GO_TEXT[code]
  const message = error instanceof Error ? error.message : String(error)
  // libuv: "ENOENT: no such file or directory, open '/x'"
  const match = /^[A-Z0-9]+: ([^,]*)/.exec(message)
  return match?.[1] ?? message
}

/** Go's *PathError: `<op> <path>: <errno text>`. */
export function goPathErrorText(op: string, path: string, error: unknown): string {
  return `${op} ${path}: ${goErrnoText(error)}`
}

/** Go's *LinkError: `<op> <old> <new>: <errno text>`. */
export function goLinkErrorText(op: string, oldPath: string, newPath: string, error: unknown): string {
  return `${op} ${oldPath} ${newPath}: ${goErrnoText(error)}`
}
