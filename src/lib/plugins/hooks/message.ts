// A hook plugin's answer, json.Unmarshal'ed into docker's hooks.HookMessage
// {Type HookType (an int); Template string}. Any decoding error drops the answer, and the only
// type docker knows is NextSteps (0), so what matters is: valid JSON, one object, a string (or
// null) Template, and a Type that is absent, null or an integer literal equal to zero.
import {unmarshalStringStruct} from '../../config/config-file.js'

/** hooks.NextSteps, docker's only hook type. */
export const NEXT_STEPS = 0

/**
 * Stands in for each number literal so that its text survives JSON.parse: Go reads an int
 * field with strconv.ParseInt on the literal's text, so `0.0` and `0e0` are errors there.
 */
const NUMBER_MARK = '\u0000number'
const TOKENS = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g

/** The literal texts of every `Type` member (matched as Go matches keys, case-insensitively), in order. */
function typeMembers(text: string): unknown[] {
  const marked = text.replace(TOKENS, (token) => (token.startsWith('"') ? token : JSON.stringify({[NUMBER_MARK]: token})))
  const value = JSON.parse(marked) as Record<string, unknown>
  return Object.entries(value)
    .filter(([key]) => key.toLowerCase() === 'type')
    .map(([, member]) => member)
}

function isIntegerZero(literal: string): boolean {
  return /^-?0$/.test(literal)
}

/** The template of a NextSteps message; undefined when docker would skip this answer. */
export function nextStepsTemplate(output: Buffer): string | undefined {
  // Syntax, a single value, an object, and Template's type, as encoding/json checks them.
  const {value, error} = unmarshalStringStruct(output, 'hooks.HookMessage', ['Template'])
  if (error !== undefined) return undefined
  let type = String(NEXT_STEPS)
  for (const member of typeMembers(output.toString('utf8'))) {
    if (member === null) continue
    const literal = typeof member === 'object' ? (member as Record<string, unknown>)[NUMBER_MARK] : undefined
    // A string, bool, array or object where an int belongs, or a number that is no int64.
    if (typeof literal !== 'string' || !/^-?\d+$/.test(literal) || !fitsInt64(literal)) return undefined
    type = literal
  }
  return isIntegerZero(type) ? (value.Template ?? '') : undefined
}

function fitsInt64(literal: string): boolean {
  const n = BigInt(literal)
  return n >= -(2n ** 63n) && n < 2n ** 63n
}
