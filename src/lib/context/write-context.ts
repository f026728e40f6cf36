// Storing a whole new context (create, create --from, import): the metadata, then the TLS files.
// docker writes these one after the other and leaves whatever it wrote when a later step fails;
// here a failure removes the half-written context again, so the store is as it was.
import type {ContextMetadata} from './metadata.js'
import type {ContextStore, ContextTLSData} from './store.js'

export async function storeNewContext(store: ContextStore, meta: ContextMetadata, tls: ContextTLSData): Promise<void> {
  try {
    await store.write(meta)
    await store.resetTLS(meta.name, tls)
  } catch (error) {
    await store.remove(meta.name).catch(() => {})
    throw error
  }
}
