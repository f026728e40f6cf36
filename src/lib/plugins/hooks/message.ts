// A hook plugin's answer, json.Unmarshal'ed into docker's hooks.HookMessage
// {Type HookType (an int); Template string}. Any decoding error drops the answer, and the only
// type docker knows is NextSteps (0), so what matters is: valid JSON, one object, a string (or
// null) Template, and a Type that is absent, null or an integer literal equal to zero.
import {unmarshalStringStruct} from '../../config/config-file.js'
import {JSONNumber, JSONObject, type JSONValue, parseJSONLiteral} from '../../format/json-raw.js'

/** hooks.NextSteps, docker's only hook type. */
export const NEXT_STEPS = 0

/** Every `Type` member (keys matched as Go matches them, case-insensitively), duplicates included, in order. */
function typeMembers(output: Buffer): JSONValue[] {
  // The literal-keeping reader: Go reads an int field with strconv.ParseInt on the literal's
  // text, so `0.0` and `0e0` are errors there, which JSON.parse would hide.
  const value = parseJSONLiteral(output)
  return value instanceof JSONObject ? value.entries.filter(([key]) => key.toLowerCase() === 'type').map(([, member]) => member) : []
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
  for (const member of typeMembers(output)) {
    if (member === null) continue
    // A string, bool, array or object where an int belongs, or a number that is no int64.
    if (!(member instanceof JSONNumber) || !/^-?\d+$/.test(member.text) || !fitsInt64(member.text)) return undefined
    type = member.text
  }
  return isIntegerZero(type) ? (value.Template ?? '') : undefined
}

function fitsInt64(literal: string): boolean {
  const n = BigInt(literal)
  return n >= -(2n ** 63n) && n < 2n ** 63n
}
