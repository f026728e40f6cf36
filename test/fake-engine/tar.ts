// Tar archives for tests, built with tar-stream: what a (fake) engine sends, crafted as needed.
import {pack} from 'tar-stream'

export interface TarSpec {
  name: string
  type?: 'file' | 'directory' | 'symlink' | 'link' | 'fifo'
  linkname?: string
  content?: string | Buffer
  mode?: number
  uid?: number
  mtime?: Date
  pax?: Record<string, string>
}

/** The whole archive of `entries` (directories 0755, the rest 0644, all dated 2020-09-13). */
export async function tarOf(entries: TarSpec[]): Promise<Buffer> {
  const p = pack()
  const chunks: Buffer[] = []
  p.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise((resolve) => p.on('end', resolve))
  for (const {content, ...header} of entries) p.entry({mode: header.type === 'directory' ? 0o755 : 0o644, mtime: new Date(1_600_000_000_000), ...header}, content ?? '')
  p.finalize()
  await done
  return Buffer.concat(chunks)
}
