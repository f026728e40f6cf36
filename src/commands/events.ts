// `whalectl events`: docker events, byte for byte (DOCKER-CLI-BEHAVIOUR.md §7). Streams
// GET /events and prints each message as it arrives, as docker's default line or through a
// --format template; ends when the engine closes the stream (--until) or on SIGINT/SIGTERM.
import {constants} from 'node:os'
import {Writable} from 'node:stream'

import type {FlagSpec, ParsedArgs} from '../lib/cli/argv.js'
import type {CommandContext, OutStream} from '../lib/cli/context.js'
import {DockerCommand, toOclifFlags} from '../lib/cli/docker-command.js'
import {CliError, StatusError} from '../lib/cli/errors.js'
import {runUntilInterrupted} from '../lib/cli/interrupt.js'
import {parseFilters, validateFilter} from '../lib/cli/filters.js'
import type {EventsOptions as EngineEventsOptions, Filters} from '../lib/engine/types.js'
import {
  EMPTY_EVENT,
  type EventMessage,
  eventTemplateRow,
  eventTemplateSource,
  formatEventLine,
  parseEventMessage,
} from '../lib/format/event-context.js'
import {dockerTemplateFuncs, parseTemplate, type Template, TemplateExecError, TemplateParseError} from '../lib/format/template.js'
import {getTimestamp, TimeArgError} from '../lib/format/time-args.js'
import {writeWithBackpressure} from '../lib/streams/demux.js'
import {JSONValueScanner} from '../lib/streams/json-stream.js'

const FLAGS: FlagSpec[] = [
  {description: 'Filter output based on conditions provided', kind: 'stringArray', name: 'filter', short: 'f', validate: validateFilter({name: 'filter', short: 'f'}), valueName: 'filter'},
  {
    description:
      "Format output using a custom template:\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates",
    kind: 'string',
    name: 'format',
    valueName: 'string',
  },
  {description: 'Show all events created since timestamp', kind: 'string', name: 'since', valueName: 'string'},
  {description: 'Stream events until this timestamp', kind: 'string', name: 'until', valueName: 'string'},
]

/** docker's exit status for a --format that does not parse or fails on an empty message. */
export const FORMAT_ERROR_STATUS = 64

export interface EventsOptions {
  since?: string
  until?: string
  filters: Filters
  format: string
}

export function toEventsOptions(parsed: ParsedArgs): EventsOptions {
  const f = parsed.flags
  return {
    filters: parseFilters(f.filter as string[]),
    format: (f.format as string | undefined) ?? '',
    since: f.since as string | undefined,
    until: f.until as string | undefined,
  }
}

/**
 * The --format template, checked as docker does before connecting: parsed, then run once
 * against an empty message. undefined means docker's default line.
 */
export function prepareEventTemplate(format: string): Template | undefined {
  const source = eventTemplateSource(format)
  if (source === undefined) return undefined
  try {
    const template = parseTemplate(source, dockerTemplateFuncs())
    template.execute(eventTemplateRow(EMPTY_EVENT, {pointer: true}))
    return template
  } catch (error) {
    if (error instanceof TemplateParseError || error instanceof TemplateExecError) {
      throw new StatusError(`Error parsing format: ${error.message}`, FORMAT_ERROR_STATUS)
    }
    throw error
  }
}

/** The engine's events options for these flags; since/until are converted against `nowMs`. */
export function eventsOptionsFor(opts: EventsOptions, nowMs: number): EngineEventsOptions {
  const convert = (value: string | undefined): string | undefined => {
    if (value === undefined || value === '') return undefined
    try {
      return getTimestamp(value, {nowMs})
    } catch (error) {
      if (error instanceof TimeArgError) throw new CliError(error.message)
      throw error
    }
  }
  const since = convert(opts.since)
  const until = convert(opts.until)
  return {filters: opts.filters, since, until}
}

/** One event as printed: the default line, or the template's output and a newline. */
export function renderEvent(msg: EventMessage, template: Template | undefined): {text: string; error?: Error} {
  if (template === undefined) return {text: formatEventLine(msg)}
  try {
    return {text: `${template.execute(eventTemplateRow(msg))}\n`}
  } catch (error) {
    // Go's template has written up to the failure, and docker still ends the line.
    if (error instanceof TemplateExecError) return {error: new CliError(error.message), text: `${error.partialOutput}\n`}
    throw error
  }
}

/** Go's json.Decoder into a struct: objects fill it, null leaves it empty, anything else fails. */
function decodeMessage(raw: Buffer): EventMessage {
  const text = raw.toString('utf8')
  const first = text.trimStart()[0]
  if (first === '{' || first === 'n') return parseEventMessage(text)
  const kind = first === '[' ? 'array' : first === '"' ? 'string' : first === 't' || first === 'f' ? 'bool' : 'number'
  throw new CliError(`json: cannot unmarshal ${kind} into Go value of type events.Message`)
}

function writableOf(out: OutStream): NodeJS.WritableStream {
  if (typeof (out as Partial<NodeJS.WritableStream>).on === 'function') return out as unknown as NodeJS.WritableStream
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      out.write(chunk)
      callback()
    },
  })
}

function isBrokenPipe(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'EPIPE'
}

export async function runEvents(ctx: CommandContext, opts: EventsOptions, signal?: AbortSignal): Promise<void> {
  const template = prepareEventTemplate(opts.format)
  const query = eventsOptionsFor(opts, ctx.now())
  // The CLI reads the raw bytes: timeNano's digits are printed exactly, beyond 2^53.
  const {body} = await ctx.engine().events(query)
  const stop = (): void => {
    body.destroy()
  }
  if (signal?.aborted) stop()
  signal?.addEventListener('abort', stop, {once: true})
  const stdout = writableOf(ctx.stdout)
  const scanner = new JSONValueScanner()
  const print = async (raw: Buffer): Promise<void> => {
    const {text, error} = renderEvent(decodeMessage(raw), template)
    await writeWithBackpressure(stdout, Buffer.from(text, 'utf8'))
    if (error) throw error
  }
  const chunks = body[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>
  try {
    for (;;) {
      let next: IteratorResult<Buffer | string>
      try {
        next = await chunks.next()
      } catch (error) {
        if (signal?.aborted) throw error
        // The connection broke mid-stream: Go's decoder reports io.ErrUnexpectedEOF.
        throw new CliError('unexpected EOF')
      }
      if (next.done === true) break
      const chunk = next.value
      const {values, error} = scanner.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk)
      for (const value of values) await print(value)
      if (error) throw error
    }
    const last = scanner.end()
    if (last) await print(last)
  } catch (error) {
    if (signal?.aborted) return
    if (isBrokenPipe(error)) throw new StatusError('', 128 + constants.signals.SIGPIPE)
    throw error
  } finally {
    signal?.removeEventListener('abort', stop)
    body.destroy()
  }
}

export default class Events extends DockerCommand {
  static override aliases = ['system:events']
  static override description = 'Get real time events from the server'
  static override flagSpecs = FLAGS
  static override flags = toOclifFlags(FLAGS)
  static override usageLine = 'events [OPTIONS]'

  protected async execute(parsed: ParsedArgs, ctx: CommandContext): Promise<void> {
    const opts = toEventsOptions(parsed)
    await runUntilInterrupted((signal) => runEvents(ctx, opts, signal))
  }
}
