// Go's *PathError text for a Node fs error (`open /x: no such file or directory`), loaded only
// when there is an error to word: the helper lives in a module that is heavy to load.
export async function goPathErrorText(op: string, file: string, error: unknown): Promise<string> {
  const {goPathError} = await import('../container/run-session.js')
  return goPathError(op, file, error)
}
