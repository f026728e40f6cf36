// The names a context may have (store.ValidateContextName) and the check `create` and `import`
// make before they write one.
import {CliError} from '../cli/errors.js'
import {goQuote} from '../format/go-print.js'
import {ContextNotFoundError, type ContextStore} from './store.js'

const NAME_PATTERN = '^[a-zA-Z0-9][a-zA-Z0-9_.+-]+$'
const NAME = new RegExp(NAME_PATTERN)

export function validateContextName(name: string): void {
  if (name === '') throw new CliError('context name cannot be empty')
  if (name === 'default') throw new CliError('"default" is a reserved context name')
  if (!NAME.test(name)) throw new CliError(`context name ${goQuote(name)} is invalid, names are validated against regexp "${NAME_PATTERN}"`)
}

/** checkContextNameForCreation: a valid name that no stored context has yet. */
export async function checkNameForCreation(store: ContextStore, name: string): Promise<void> {
  validateContextName(name)
  try {
    await store.get(name)
  } catch (error) {
    if (error instanceof ContextNotFoundError) return
    throw new CliError(`error while getting existing contexts: ${(error as Error).message}`)
  }
  throw new CliError(`context ${goQuote(name)} already exists`)
}
