// One engine event as `docker events` shows it (DOCKER-CLI-BEHAVIOUR.md §7.3): the default line,
// and the value `--format` templates run against, which is moby's events.Message itself.
//
// timeNano (~1.8e18) does not fit a double, so it is read from the message's JSON text as a
// bigint; JSON.parse would round it and print the wrong nanoseconds.
import {localOffsetSeconds} from './time-args.js'
import {goJSONString} from './go-json.js'
import {compareGoStrings, goKind, goTypeName, marshalJSON} from './go-values.js'

/** The fields of moby's events.Message, as the engine sends them (API casing). */
export interface EventMessage {
  status: string
  id: string
  from: string
  Type: string
  Action: string
  Actor: {
    ID: string
    /** null when the engine sent none (a nil map in Go: `null` in JSON, unlike `{}`). */
    Attributes: Record<string, string> | null
  }
  scope: string
  time: bigint
  timeNano: bigint
}

/** What docker's template check runs against: `&events.Message{}`. */
export const EMPTY_EVENT: EventMessage = {
  Action: '',
  Actor: {Attributes: null, ID: ''},
  Type: '',
  from: '',
  id: '',
  scope: '',
  status: '',
  time: 0n,
  timeNano: 0n,
}

const asString = (v: unknown): string => (typeof v === 'string' ? v : '')

/**
 * The exact text of a top-level number member of a JSON object, found by walking the text
 * (strings skipped, depth tracked). The last occurrence wins, as with Go's decoder.
 */
export function topLevelNumberText(json: string, key: string): string | undefined {
  let depth = 0
  let found: string | undefined
  let i = 0
  let lastString: string | undefined
  while (i < json.length) {
    const c = json[i] as string
    if (c === '"') {
      let j = i + 1
      while (j < json.length && json[j] !== '"') j += json[j] === '\\' ? 2 : 1
      lastString = json.slice(i + 1, j)
      i = j + 1
      continue
    }
    if (c === '{' || c === '[') depth++
    else if (c === '}' || c === ']') depth--
    else if (c === ':' && depth === 1 && lastString !== undefined) {
      const isKey = lastString === key
      let j = i + 1
      while (json[j] === ' ' || json[j] === '\t' || json[j] === '\n' || json[j] === '\r') j++
      const m = /^-?[0-9][0-9.eE+-]*/.exec(json.slice(j, j + 40))
      if (isKey && m) found = m[0]
    }
    if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r' && c !== ':') lastString = undefined
    i++
  }
  return found
}

function int64From(text: string | undefined, fallback: unknown): bigint {
  if (text !== undefined && /^-?[0-9]+$/.test(text)) return BigInt(text)
  return typeof fallback === 'number' && Number.isFinite(fallback) ? BigInt(Math.trunc(fallback)) : 0n
}

/** Decodes one event object as Go's json.Decoder fills events.Message (unknown fields ignored). */
export function parseEventMessage(json: string): EventMessage {
  const raw = JSON.parse(json) as Record<string, unknown> | null
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return {...EMPTY_EVENT, Actor: {...EMPTY_EVENT.Actor}}
  const actor = (raw.Actor !== null && typeof raw.Actor === 'object' ? raw.Actor : {}) as Record<string, unknown>
  let attributes: Record<string, string> | null = null
  if (actor.Attributes !== null && typeof actor.Attributes === 'object') {
    attributes = {}
    for (const [k, v] of Object.entries(actor.Attributes as Record<string, unknown>)) attributes[k] = asString(v)
  }
  return {
    Action: asString(raw.Action),
    Actor: {Attributes: attributes, ID: asString(actor.ID)},
    Type: asString(raw.Type),
    from: asString(raw.from),
    id: asString(raw.id),
    scope: asString(raw.scope),
    status: asString(raw.status),
    time: int64From(topLevelNumberText(json, 'time'), raw.time),
    timeNano: int64From(topLevelNumberText(json, 'timeNano'), raw.timeNano),
  }
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0')

/**
 * Go's `Format("2006-01-02T15:04:05.000000000Z07:00")` of an instant in the local zone (or the
 * zone of `offsetAt`, which returns seconds east of UTC for a time in ms).
 */
export function formatEventTime(seconds: bigint, nanos: number, offsetAt: (ms: number) => number = localOffsetSeconds): string {
  const offset = offsetAt(Number(seconds) * 1000)
  const local = new Date((Number(seconds) + offset) * 1000)
  const date = `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1, 2)}-${pad(local.getUTCDate(), 2)}`
  const clock = `${pad(local.getUTCHours(), 2)}:${pad(local.getUTCMinutes(), 2)}:${pad(local.getUTCSeconds(), 2)}`
  let zone = 'Z'
  if (offset !== 0) {
    const minutes = Math.trunc(Math.abs(offset) / 60)
    zone = `${offset < 0 ? '-' : '+'}${pad(Math.trunc(minutes / 60), 2)}:${pad(minutes % 60, 2)}`
  }
  return `${date}T${clock}.${pad(nanos, 9)}${zone}`
}

/** docker's prettyPrintEvent: `<time> <Type> <Action> <Actor.ID>[ (k=v, ...)]` and a newline. */
export function formatEventLine(msg: EventMessage, offsetAt?: (ms: number) => number): string {
  let line = ''
  if (msg.timeNano !== 0n) {
    let seconds = msg.timeNano / 1_000_000_000n
    let nanos = msg.timeNano % 1_000_000_000n
    if (nanos < 0n) {
      seconds -= 1n
      nanos += 1_000_000_000n
    }
    line += `${formatEventTime(seconds, Number(nanos), offsetAt)} `
  } else if (msg.time !== 0n) {
    line += `${formatEventTime(msg.time, 0, offsetAt)} `
  }
  line += `${msg.Type} ${msg.Action} ${msg.Actor.ID}`
  const attributes = msg.Actor.Attributes
  if (attributes !== null && Object.keys(attributes).length > 0) {
    const pairs = Object.keys(attributes)
      .sort(compareGoStrings)
      .map((k) => `${k}=${attributes[k]}`)
    line += ` (${pairs.join(', ')})`
  }
  return `${line}\n`
}

/** encoding/json's output for events.Message (omitempty fields left out, attributes sorted). */
export function eventJSON(msg: EventMessage): string {
  const str = (s: string): string => goJSONString(s, false)
  const parts: string[] = []
  if (msg.status !== '') parts.push(`"status":${str(msg.status)}`)
  if (msg.id !== '') parts.push(`"id":${str(msg.id)}`)
  if (msg.from !== '') parts.push(`"from":${str(msg.from)}`)
  parts.push(`"Type":${str(msg.Type)}`, `"Action":${str(msg.Action)}`, `"Actor":${actorJSON(msg.Actor)}`)
  if (msg.scope !== '') parts.push(`"scope":${str(msg.scope)}`)
  if (msg.time !== 0n) parts.push(`"time":${msg.time}`)
  if (msg.timeNano !== 0n) parts.push(`"timeNano":${msg.timeNano}`)
  return `{${parts.join(',')}}`
}

function attributesJSON(attributes: Record<string, string> | null): string {
  if (attributes === null) return 'null'
  const keys = Object.keys(attributes).sort(compareGoStrings)
  return `{${keys.map((k) => `${goJSONString(k, false)}:${goJSONString(attributes[k] ?? '', false)}`).join(',')}}`
}

function actorJSON(actor: EventMessage['Actor']): string {
  return `{"ID":${goJSONString(actor.ID, false)},"Attributes":${attributesJSON(actor.Attributes)}}`
}

export interface EventRowOptions {
  /** true for docker's template check, which runs against a pointer (`*events.Message` in errors). */
  pointer?: boolean
}

/**
 * The value a `--format` template sees: events.Message with Go's field names (.Type .Action
 * .Actor.ID .Actor.Attributes.name .Status .ID .From .Scope .Time .TimeNano) and Go's types.
 */
export function eventTemplateRow(msg: EventMessage, options: EventRowOptions = {}): object {
  // A nil map still reads as a map in templates (a missing key prints <no value>); only its
  // JSON differs, so it is an empty map that marshals as null.
  const attributes: Record<string | symbol, unknown> = {...msg.Actor.Attributes, [goTypeName]: 'map[string]string', [goKind]: 'map'}
  if (msg.Actor.Attributes === null) attributes[marshalJSON] = (): string => 'null'
  // Field order is Go's declaration order: fmt prints structs in it.
  const actor = {
    ID: msg.Actor.ID,
    Attributes: attributes,
    [goKind]: 'struct',
    [goTypeName]: 'events.Actor',
    [marshalJSON]: (): string => actorJSON(msg.Actor),
  }
  return {
    Status: msg.status,
    ID: msg.id,
    From: msg.from,
    Type: msg.Type,
    Action: msg.Action,
    Actor: actor,
    Scope: msg.scope,
    Time: msg.time,
    TimeNano: msg.timeNano,
    [goKind]: options.pointer === true ? 'ptr' : 'struct',
    [goTypeName]: 'events.Message',
    [marshalJSON]: (): string => eventJSON(msg),
  }
}

/** The template `--format` means, or undefined for docker's default line. */
export function eventTemplateSource(format: string): string | undefined {
  if (format === '') return undefined
  return format === 'json' ? '{{json .}}' : format
}
