import {describe, expect, it} from 'vitest'

import {formatGoG, humanDuration, humanSize, humanSizeWithPrecision} from '../../../src/lib/format/humanize.js'

const SECOND = 1000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
const WEEK = 7 * DAY
const MONTH = 30 * DAY
const YEAR = 365 * DAY

describe('humanDuration', () => {
  it.each([
    [0, 'Less than a second'],
    [450, 'Less than a second'],
    [999, 'Less than a second'],
    [-5 * SECOND, 'Less than a second'],
    [SECOND, '1 second'],
    [1999, '1 second'],
    [2 * SECOND, '2 seconds'],
    [45 * SECOND, '45 seconds'],
    [59 * SECOND + 999, '59 seconds'],
    [60 * SECOND, 'About a minute'],
    [90 * SECOND, 'About a minute'],
    [119 * SECOND, 'About a minute'],
    [2 * MINUTE, '2 minutes'],
    [35 * MINUTE + 40 * SECOND, '35 minutes'],
    [58 * MINUTE, '58 minutes'],
    [59 * MINUTE + 59 * SECOND, '59 minutes'],
    [HOUR, 'About an hour'],
    [HOUR + 29 * MINUTE, 'About an hour'],
    [HOUR + 30 * MINUTE, '2 hours'],
    [HOUR + 31 * MINUTE, '2 hours'],
    [3 * HOUR + 29 * MINUTE, '3 hours'],
    [3 * HOUR + 31 * MINUTE, '4 hours'],
    [24 * HOUR, '24 hours'],
    [DAY + 12 * HOUR, '36 hours'],
    [47 * HOUR + 29 * MINUTE, '47 hours'],
    [47 * HOUR + 30 * MINUTE, '2 days'],
    [2 * DAY, '2 days'],
    [13 * DAY + 5 * HOUR, '13 days'],
    [2 * WEEK, '2 weeks'],
    [2 * WEEK + 4 * DAY, '2 weeks'],
    [4 * WEEK + 3 * DAY, '4 weeks'],
    [MONTH, '4 weeks'],
    [40 * DAY, '5 weeks'],
    [MONTH + 2 * WEEK, '6 weeks'],
    [2 * MONTH, '2 months'],
    [3 * MONTH + WEEK, '3 months'],
    [13 * MONTH, '13 months'],
    [24 * MONTH, '24 months'],
    [24 * MONTH + 2 * WEEK, '2 years'],
    [800 * DAY, '2 years'],
    [3 * YEAR + 2 * MONTH, '3 years'],
  ])('%d ms → %s', (ms, text) => {
    expect(humanDuration(ms)).toBe(text)
  })
})

describe('humanSizeWithPrecision', () => {
  it.each([
    [0, 3, '0B'],
    [999, 3, '999B'],
    [1000, 3, '1kB'],
    [12_300, 3, '12.3kB'],
    [12_345, 3, '12.3kB'],
    [188_000_000, 3, '188MB'],
    [187_654_321, 3, '188MB'],
    [1_990_000, 3, '1.99MB'],
    [1_994_000, 3, '1.99MB'],
    [5, 3, '5B'],
    [-5, 3, '-5B'],
    // %.3g rounds 999.9 up to 1e+03 without moving to the next unit: go-units prints that too.
    [999_900, 3, '1e+03kB'],
    // Exact binary ties round to even, as strconv does (JS toPrecision would round up).
    [12_250, 3, '12.2kB'],
    [12_350, 3, '12.3kB'],
    [1250, 2, '1.2kB'],
    [1350, 2, '1.4kB'],
    [1_500_000, 1, '2MB'],
    [2_500_000, 1, '2MB'],
    [1500, 0, '2kB'],
  ])('%d bytes at precision %d → %s', (bytes, precision, text) => {
    expect(humanSizeWithPrecision(bytes, precision)).toBe(text)
  })
})

describe('humanSize', () => {
  it.each([
    [3402, '3.402kB'],
    [1_064_000, '1.064MB'],
    [36_450, '36.45kB'],
    [1000, '1kB'],
    [1024, '1.024kB'],
    [1_000_000, '1MB'],
    [1_048_576, '1.049MB'],
    [3.42e9, '3.42GB'],
    [5.372e12, '5.372TB'],
    [2.22e15, '2.22PB'],
    [1e28, '1e+04YB'],
    [5120, '5.12kB'],
    [5632, '5.632kB'],
  ])('%d → %s', (bytes, text) => {
    expect(humanSize(bytes)).toBe(text)
  })
})

describe('formatGoG', () => {
  it.each([
    [0.5, 3, '0.5'],
    [0.0001234, 3, '0.000123'],
    [0.00001234, 3, '1.23e-05'],
    [123456, 3, '1.23e+05'],
    [100, 3, '100'],
    [1e100, 3, '1e+100'],
    [Number.NaN, 3, 'NaN'],
    [Infinity, 3, '+Inf'],
    [-Infinity, 3, '-Inf'],
    [-0, 3, '-0'],
    [5e-324, 3, '4.94e-324'],
    [0.1, -1, '0.1'],
    [1234567, -1, '1.234567e+06'],
    [123456, -1, '123456'],
    [0.00001, -1, '1e-05'],
  ])('%s at precision %s → %s', (value, precision, text) => {
    expect(formatGoG(value, precision)).toBe(text)
  })
})
