// docker's --since/--until conversion. The table was recorded from the real docker 28.2.2 CLI:
// `docker events --since VALUE --until 1700000000` against a socket that logs the query (or the
// error it printed), once with TZ=UTC and once with TZ=America/New_York (UTC-5 in November).
import {describe, expect, it} from 'vitest'

import {getTimestamp, goTimeQuote, localOffsetSeconds, parseGoDuration, parseGoDurationNs, TimeArgError} from '../../../src/lib/format/time-args.js'

/** 2026-11-30T17:30:33.5Z; the recordings' reference time does not matter for absolute values. */
const NOW = 1_795_975_833_500
const NEW_YORK = -5 * 3600

type Expected = {utc: string; newYork: string} | {error: string}

const RECORDED: Array<[string, Expected]> = [
  ["garbage", {error: "failed to parse value as time or duration: \"garbage\""}],
  ["2026-13-01", {error: "parsing time \"2026-13-01\": month out of range"}],
  ["2026-11-23 17:00:00", {error: "parsing time \"2026-11-23 17:00:00\": extra text: \" 17:00:00\""}],
  ["2026-11-23T25:00", {error: "parsing time \"2026-11-23T25:00\": hour out of range"}],
  ["2026-02-30", {error: "parsing time \"2026-02-30\": day out of range"}],
  ["2024-02-29", {utc: "1709164800.000000000", newYork: "1709182800.000000000"}],
  ["2023-02-29", {error: "parsing time \"2023-02-29\": day out of range"}],
  ["1e5", {error: "failed to parse value as time or duration: \"1e5\""}],
  ["1.5.5", {error: "failed to parse value as time or duration: \"1.5.5\""}],
  ["2026-11-23T10:00:00+25:00", {error: "parsing time \"2026-11-23T10:00:00+25:00\": time zone offset hour out of range"}],
  ["2026-11-23T10:00:00+05:61", {error: "parsing time \"2026-11-23T10:00:00+05:61\": time zone offset minute out of range"}],
  ["2026-11-23T10:00:00+0500", {error: "parsing time \"2026-11-23T10:00:00+0500\" as \"2006-01-02T15:04Z07:00\": cannot parse \":00+0500\" as \"Z07:00\""}],
  ["2026-11-23T10:00:00+x5:00", {error: "parsing time \"2026-11-23T10:00:00+x5:00\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"+x5:00\" as \"Z07:00\""}],
  ["2026-11-23T10:00:00-05:00", {utc: "1795446000.000000000", newYork: "1795446000.000000000"}],
  ["2026-11-23T10:00:00.123456789-05:00", {utc: "1795446000.123456789", newYork: "1795446000.123456789"}],
  ["2026-11-23T10:00:00.1234567891234Z", {utc: "1795428000.123456789", newYork: "1795428000.123456789"}],
  ["2026-11-23T10:00:00,5Z", {utc: "1795428000.500000000", newYork: "1795428000.500000000"}],
  ["2026-11-23T10:00:00,5", {utc: "1795428000.500000000", newYork: "1795446000.500000000"}],
  ["2026-11-23Tab", {error: "parsing time \"2026-11-23Tab\" as \"2006-01-02T15\": cannot parse \"ab\" as \"15\""}],
  ["20a6-01-01", {error: "parsing time \"20a6-01-01\" as \"2006-01-02\": cannot parse \"20a6-01-01\" as \"2006\""}],
  ["2026-11-23T10:00:00.123", {utc: "1795428000.123000000", newYork: "1795446000.123000000"}],
  ["2026-11-23T10:00", {utc: "1795428000.000000000", newYork: "1795446000.000000000"}],
  ["2026-11-23T10", {utc: "1795428000.000000000", newYork: "1795446000.000000000"}],
  ["2026-11-23T1", {utc: "1795395600.000000000", newYork: "1795413600.000000000"}],
  ["2026-11-23T10Z", {utc: "1795428000.000000000", newYork: "1795428000.000000000"}],
  ["2026-11-23T10:30Z", {utc: "1795429800.000000000", newYork: "1795429800.000000000"}],
  ["2026-11-23T10:30+01:00", {utc: "1795426200.000000000", newYork: "1795426200.000000000"}],
  ["2026-11-23", {utc: "1795392000.000000000", newYork: "1795410000.000000000"}],
  ["2026-11-23Z", {utc: "1795392000.000000000", newYork: "1795392000.000000000"}],
  ["2026-11-23+02:00", {utc: "1795384800.000000000", newYork: "1795384800.000000000"}],
  ["2026-11-23-02:00", {utc: "1795399200.000000000", newYork: "1795399200.000000000"}],
  ["2026-11-23z", {error: "parsing time \"2026-11-23z\" as \"2006-01-02Z07:00\": cannot parse \"z\" as \"Z07:00\""}],
  ["2026-1-23", {error: "parsing time \"2026-1-23\" as \"2006-01-02\": cannot parse \"1-23\" as \"01\""}],
  ["2026-11-23T10:60", {error: "parsing time \"2026-11-23T10:60\": minute out of range"}],
  ["2026-11-23T10:00:60", {error: "parsing time \"2026-11-23T10:00:60\": second out of range"}],
  ["2026-00-10", {error: "parsing time \"2026-00-10\": month out of range"}],
  ["2026-11-00", {error: "parsing time \"2026-11-00\": day out of range"}],
  ["x-y", {error: "parsing time \"x-y\" as \"2006-01-02\": cannot parse \"x-y\" as \"2006\""}],
  ["1700000000.", {error: "failed to parse value as time or duration: \"1700000000.\""}],
  ["1700000000.5", {utc: "1700000000.5", newYork: "1700000000.5"}],
  ["1700000000", {utc: "1700000000", newYork: "1700000000"}],
  ["+1700000000", {utc: "+1700000000", newYork: "+1700000000"}],
  ["1.+5", {utc: "1.+5", newYork: "1.+5"}],
  ["-5", {error: "parsing time \"-5\" as \"2006-01-02\": cannot parse \"-5\" as \"2006\""}],
  ["1.-5", {error: "parsing time \"1.-5\" as \"2006-01-02T15:04:05.999999999\": cannot parse \"1.-5\" as \"2006\""}],
  ["é-1", {error: "parsing time \"\\xc3\\xa9-1\" as \"2006-01-02\": cannot parse \"\\xc3\\xa9-1\" as \"2006\""}],
  ["0", {utc: "0", newYork: "0"}],
  ["9223372036854775808", {error: "failed to parse value as time or duration: \"9223372036854775808\""}],
  ["9223372036854775807", {utc: "9223372036854775807", newYork: "9223372036854775807"}],
  [".5", {error: "failed to parse value as time or duration: \".5\""}],
  ["1", {utc: "1", newYork: "1"}],
  ["10", {utc: "10", newYork: "10"}],
  ["ä", {error: "failed to parse value as time or duration: \"ä\""}],
  ["\"q\"", {error: "failed to parse value as time or duration: \"\\\"q\\\"\""}],
  ["a\\b", {error: "failed to parse value as time or duration: \"a\\\\b\""}],
]

describe('getTimestamp (recorded from docker)', () => {
  it.each(RECORDED)('%s', (value, expected) => {
    if ('error' in expected) {
      expect(() => getTimestamp(value, {nowMs: NOW, zoneOffsetSeconds: 0})).toThrow(new TimeArgError(expected.error))
      expect(() => getTimestamp(value, {nowMs: NOW, zoneOffsetSeconds: NEW_YORK})).toThrow(expected.error)
      return
    }
    expect(getTimestamp(value, {nowMs: NOW, zoneOffsetSeconds: 0})).toBe(expected.utc)
    expect(getTimestamp(value, {nowMs: NOW, zoneOffsetSeconds: NEW_YORK})).toBe(expected.newYork)
  })
})

describe('getTimestamp with durations', () => {
  it.each([
    ['1h30m', '1795970433'],
    ['1.5h', '1795970433'],
    ['90m', '1795970433'],
    ['42s', '1795975791'],
    ['-1h', '1795979433'],
    ['300ms', '1795975833'],
    ['600ms', '1795975832'],
    ['1µs', '1795975833'],
    ['1μs', '1795975833'],
    ['+0', '1795975833'],
    ['-0', '1795975833'],
    ['0s', '1795975833'],
  ])('%s is now minus the duration, in whole seconds', (value, expected) => {
    expect(getTimestamp(value, {nowMs: NOW})).toBe(expected)
  })

  it('floors to the second before the epoch too', () => {
    expect(getTimestamp('1500ms', {nowMs: 1000})).toBe('-1')
  })

  it('takes a bare 0 as unix time 0, not as a duration', () => {
    expect(getTimestamp('0', {nowMs: NOW})).toBe('0')
  })
})

describe('parseGoDuration', () => {
  it.each([
    ['0', 0n],
    ['1ns', 1n],
    ['1.5h', 5_400_000_000_000n],
    ['1h30m', 5_400_000_000_000n],
    ['2h45m30.5s', 9_930_500_000_000n],
    ['.5s', 500_000_000n],
    ['5.s', 5_000_000_000n],
    ['-3ms', -3_000_000n],
    ['+3us', 3000n],
    ['9223372036854775807ns', 9_223_372_036_854_775_807n],
    ['-9223372036854775808ns', -9_223_372_036_854_775_808n],
    ['0.100000000000000000000h', 360_000_000_000n],
  ])('%s = %d ns', (text, ns) => {
    expect(parseGoDurationNs(text)).toBe(ns)
  })

  it('gives a number too', () => {
    expect(parseGoDuration('1m')).toBe(60e9)
  })

  it.each([
    ['', 'time: invalid duration ""'],
    ['-', 'time: invalid duration "-"'],
    ['1', 'time: missing unit in duration "1"'],
    ['1.5', 'time: missing unit in duration "1.5"'],
    ['.s', 'time: invalid duration ".s"'],
    ['1d', 'time: unknown unit "d" in duration "1d"'],
    ['1hh', 'time: unknown unit "hh" in duration "1hh"'],
    ['h', 'time: invalid duration "h"'],
    ['9223372036854775808ns', 'time: invalid duration "9223372036854775808ns"'],
    ['3000000h', 'time: invalid duration "3000000h"'],
    ['1é', 'time: unknown unit "\\xc3\\xa9" in duration "1\\xc3\\xa9"'],
  ])('%j fails like Go', (text, message) => {
    expect(() => parseGoDurationNs(text)).toThrow(new TimeArgError(message))
  })
})

describe('helpers', () => {
  it('quotes like the time package', () => {
    expect(goTimeQuote('a"b\\c\n\u00e9')).toBe('"a\\"b\\\\c\\x0a\\xc3\\xa9"')
  })

  it('reads the local offset from the platform', () => {
    expect(localOffsetSeconds(NOW)).toBe(-new Date(NOW).getTimezoneOffset() * 60)
  })
})
