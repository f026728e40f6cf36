import {describe, expect, it} from 'vitest'

import {printNote} from '../../../src/lib/cli/note.js'

function capture(isTTY: boolean): {out: {write(s: string | Uint8Array): boolean; isTTY: boolean}; text: () => string} {
  let text = ''
  return {out: {isTTY, write: (s) => ((text += String(s)), true)}, text: () => text}
}

describe('printNote', () => {
  it("writes docker's plain note off a terminal", () => {
    const {out, text} = capture(false)
    printNote(out, 'first line\nsecond --platform line\n')
    expect(text()).toBe('\n Info -> first line\n         second --platform line\n         \n')
  })

  it('colours the header, italicises lines and bolds --platform on a terminal', () => {
    const {out, text} = capture(true)
    printNote(out, 'use --platform')
    expect(text()).toBe('\n\x1b[1m\x1b[106m\x1b[30mi\x1b[0m\x1b[0m \x1b[96mInfo → \x1b[0m\x1b[0m\x1b[3muse \x1b[1m--platform\x1b[0m\x1b[0m\n')
  })
})
