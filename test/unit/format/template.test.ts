import {describe, expect, it} from 'vitest'

import {
  TemplateExecError,
  TemplateParseError,
  dockerHeaderFuncs,
  dockerTemplateFuncs,
  formatGoFloat,
  goFunc,
  goJSON,
  goKind,
  goPrint,
  goQuote,
  goSprint,
  goSprintf,
  goTypeName,
  marshalJSON,
  parseTemplate,
} from '../../../src/lib/format/template.js'

const DOCKER = dockerTemplateFuncs()

function run(source: string, data?: unknown): string {
  return parseTemplate(source, DOCKER).execute(data)
}

function parseError(source: string): string {
  try {
    parseTemplate(source, DOCKER)
  } catch (error) {
    expect(error).toBeInstanceOf(TemplateParseError)
    return (error as Error).message
  }
  throw new Error(`parsed: ${source}`)
}

function execError(source: string, data?: unknown): string {
  try {
    run(source, data)
  } catch (error) {
    expect(error).toBeInstanceOf(TemplateExecError)
    return (error as Error).message
  }
  throw new Error(`executed: ${source}`)
}

/** A stand-in for docker's *formatter.ContainerContext. */
function container(fields: Record<string, unknown> = {}): object {
  return {
    ID: goFunc(() => 'e4ec5f4aceb1', []),
    Names: goFunc(() => 'web', []),
    Label: goFunc((name: string) => ({'com.x': 'yes'})[name] ?? '', ['string']),
    ...fields,
    [goTypeName]: 'formatter.ContainerContext',
  }
}

describe('text and actions', () => {
  it('copies text and prints fields', () => {
    expect(run('hello')).toBe('hello')
    expect(run('{{.A}}-{{.B.C}}', {A: 'x', B: {C: 3}})).toBe('x-3')
    expect(run('{{.}}', 'dot')).toBe('dot')
    expect(run('')).toBe('')
  })

  it('prints <no value> for a missing map key, also through a chain', () => {
    expect(run('{{.Missing}}', {})).toBe('<no value>')
    expect(run('{{.A.B.C}}', {})).toBe('<no value>')
    expect(run('{{.}}')).toBe('<no value>')
  })

  it('prints <nil> for an explicit nil', () => {
    expect(run('{{.A}}', {A: null})).toBe('<nil>')
  })

  it('calls methods of struct values, with arguments', () => {
    const c = container()
    expect(run('{{.ID}} {{.Label "com.x"}} [{{.Label "nope"}}]', c)).toBe('e4ec5f4aceb1 yes []')
  })

  it('trims spaces around trim markers', () => {
    expect(run('a  \n {{- .X -}} \n  b', {X: 1})).toBe('a1b')
    expect(run('a {{- .X}} b', {X: 1})).toBe('a1 b')
    expect(run('a {{.X -}} b', {X: 1})).toBe('a 1b')
    // "{{-3}}" is the number -3, not a trim marker.
    expect(run('a {{-3}} b')).toBe('a -3 b')
  })

  it('drops comments', () => {
    expect(run('a{{/* comment */}}b')).toBe('ab')
    expect(run('a {{- /* comment */ -}} b')).toBe('ab')
  })

  it('allows newlines inside actions', () => {
    expect(run('{{.A\n}}', {A: 1})).toBe('1')
  })
})

describe('literals, variables and pipelines', () => {
  it('prints literals like Go', () => {
    expect(run('{{"a\\tb"}}|{{`raw\\n`}}|{{1.5}}|{{true}}|{{0x1F}}|{{1e3}}|{{\'a\'}}')).toBe('a\tb|raw\\n|1.5|true|31|1000|97')
  })

  it('declares and assigns variables, with $ as the root', () => {
    expect(run('{{$x := 1}}{{$x = 2}}{{$x}}')).toBe('2')
    expect(run('{{with .A}}{{$.B}}{{end}}', {A: 1, B: 'root'})).toBe('root')
    expect(run('{{$x := .A}}{{$x.B}}', {A: {B: 'deep'}})).toBe('deep')
  })

  it('passes the pipeline value as the last argument', () => {
    expect(run('{{"abc" | printf "%s-%s" "x"}}')).toBe('x-abc')
    expect(run('{{.Names | upper | printf "<%s>"}}', container())).toBe('<WEB>')
  })

  it('evaluates parenthesized pipelines and chains on them', () => {
    expect(run('{{printf "%d" (len .L)}}', {L: [1, 2, 3]})).toBe('3')
    expect(run('{{(index .L 0).Name}}', {L: [{Name: 'n'}]})).toBe('n')
  })
})

describe('control structures', () => {
  it('branches with if / else if / else using Go truthiness', () => {
    const t = parseTemplate('{{if .A}}a{{else if .B}}b{{else}}c{{end}}')
    expect(t.execute({A: 'x'})).toBe('a')
    expect(t.execute({A: '', B: [1]})).toBe('b')
    expect(t.execute({A: 0, B: []})).toBe('c')
    expect(t.execute({A: false, B: {}})).toBe('c')
    expect(t.execute({})).toBe('c')
    expect(t.execute({A: null, B: {k: 1}})).toBe('b')
  })

  it('ranges over arrays, maps in key order, and integers', () => {
    expect(run('{{range .}}[{{.}}]{{end}}', ['a', 'b'])).toBe('[a][b]')
    expect(run('{{range $i, $e := .}}{{$i}}={{$e}} {{end}}', ['a', 'b'])).toBe('0=a 1=b ')
    expect(run('{{range $k, $v := .}}{{$k}}:{{$v}},{{end}}', {b: 2, a: 1, c: 3})).toBe('a:1,b:2,c:3,')
    expect(run('{{range $v := .}}{{$v}}{{end}}', {b: 2, a: 1})).toBe('12')
    expect(run('{{range 3}}{{.}}{{end}}')).toBe('012')
  })

  it('runs the else branch of an empty range', () => {
    expect(run('{{range .}}x{{else}}empty{{end}}', [])).toBe('empty')
    expect(run('{{range .Missing}}x{{else}}empty{{end}}', {})).toBe('empty')
    expect(run('{{range 0}}x{{else}}none{{end}}')).toBe('none')
  })

  it('supports break and continue', () => {
    expect(run('{{range .}}{{if eq . 3}}{{break}}{{end}}{{.}}{{end}}', [1, 2, 3, 4])).toBe('12')
    expect(run('{{range .}}{{if eq . 2}}{{continue}}{{end}}{{.}}{{end}}', [1, 2, 3])).toBe('13')
  })

  it('scopes range variables to the range', () => {
    expect(run('{{$x := "out"}}{{range .}}{{$x := .}}{{end}}{{$x}}', ['in'])).toBe('out')
  })

  it('sets dot with with, and has else / else with', () => {
    expect(run('{{with .A}}{{.}}{{else}}none{{end}}', {A: 'a'})).toBe('a')
    expect(run('{{with .A}}{{.}}{{else}}none{{end}}', {A: ''})).toBe('none')
    expect(run('{{with .A}}a{{else with .B}}{{.}}{{end}}', {B: 'b'})).toBe('b')
  })

  it('supports define and template', () => {
    expect(run('{{define "T"}}<{{.}}>{{end}}{{template "T" .A}}', {A: 'x'})).toBe('<x>')
    expect(run('{{block "B" .}}[{{.}}]{{end}}', 'y')).toBe('[y]')
  })
})

describe('builtin functions', () => {
  it('and/or return the deciding value and short-circuit', () => {
    expect(run('{{and 1 0 2}}|{{and 1 2}}|{{or 0 "" "x"}}|{{or 0 ""}}')).toBe('0|2|x|')
    // The failing call is never evaluated.
    expect(run('{{or 1 (index .L 9)}}', {L: []})).toBe('1')
    expect(run('{{not 0}} {{not "a"}}')).toBe('true false')
  })

  it('len counts bytes of strings, elements and keys', () => {
    expect(run('{{len "日本"}} {{len .L}} {{len .M}}', {L: [1, 2], M: {a: 1}})).toBe('6 2 1')
  })

  it('index reads arrays, maps and nested values', () => {
    const data = {L: ['a', 'b'], M: {k: 'v'}, N: [{x: ['deep']}], S: 'AB'}
    expect(run('{{index .L 1}} {{index .M "k"}} {{index .N 0 "x" 0}} {{index .S 1}}', data)).toBe('b v deep 66')
    expect(run('{{index .M "missing"}}', data)).toBe('<no value>')
    expect(run('[{{index .A "missing"}}]', {A: {[goTypeName]: 'map[string]string', [goKind]: 'map', k: 'v'}})).toBe('[]')
  })

  it('slice cuts strings by bytes and arrays by index', () => {
    expect(run('{{slice "abcdef" 1 3}} {{slice .L 1}}', {L: ['a', 'b', 'c']})).toBe('bc [b c]')
  })

  it('eq compares against several values; ne lt le gt ge order', () => {
    expect(run('{{eq .A 1 2 3}} {{eq .A 4 5}}', {A: 3})).toBe('true false')
    expect(run('{{eq "a" "a"}} {{ne "a" "b"}} {{lt 1 2}} {{le 2 2}} {{gt "b" "a"}} {{ge 1 2}}')).toBe('true true true true true false')
    expect(run('{{eq .Missing nil}}', {})).toBe('true')
  })

  it('print, println, html, js, urlquery', () => {
    expect(run('{{print 1 2 "a" 3 "b" "c"}}')).toBe('1 2a3bc')
    expect(run('{{println 1 "a"}}')).toBe('1 a\n')
    expect(run('{{html "<a href=\\"x\\">&</a>"}}')).toBe('&lt;a href=&#34;x&#34;&gt;&amp;&lt;/a&gt;')
    expect(run('{{js "it\'s <b>"}}')).toBe("it\\'s \\u003Cb\\u003E")
    expect(run('{{urlquery "a b&c=d/é"}}')).toBe('a+b%26c%3Dd%2F%C3%A9')
    expect(run('{{html .Missing}}', {})).toBe('&lt;no value&gt;')
    expect(run('{{print .Missing}}', {})).toBe('<nil>')
  })

  it('call calls a function value', () => {
    expect(run('{{call .F "x"}}', {F: (s: string) => `called ${s}`})).toBe('called x')
  })
})

describe('printf', () => {
  const cases: Array<[string, unknown[], string]> = [
    ['%5d|%-5d|%05d|%+d|% d', [42, 42, 42, 42, 42], '   42|42   |00042|+42| 42'],
    ['%x %X %o %b %#x %#o', [255, 255, 8, 5, 255, 8], 'ff FF 10 101 0xff 010'],
    ['%.2f|%8.3f|%-8.2f|%08.3f|%+.1f', [3.14159, 3.14159, 2.5, -3.14159, 1.25], '3.14|   3.142|2.50    |-003.142|+1.2'],
    ['%e %E %g %g %g', [1234.5678, 0.000123, 0.00001234, 1e21, 100000.5], '1.234568e+03 1.230000E-04 1.234e-05 1e+21 100000.5'],
    ['%g %f %v', [1, 1, 1], '%!g(int=1) %!f(int=1) 1'],
    ['%.0f %.0f %.0f %.1f', [0.5, 1.5, 2.5, 0.25], '0 2 2 0.2'],
    ['%s|%10s|%-10s|%.2s|%q', ['hi', 'hi', 'hi', 'héllo', 'a"b\n'], 'hi|        hi|hi        |hé|"a\\"b\\n"'],
    ['%x % x %X', ['hi', 'hi', 'é'], '6869 68 69 C3A9'],
    ['%t %v', [true, false], 'true false'],
    ['%c%c %U %#U %q', [72, 0x65e5, 0x1f600, 0x41, 0x41], "H日 U+1F600 U+0041 'A' 'A'"],
    ['%v %v %v %v', [[1, 'a'], {b: 2, a: 1}, null, 1.5], '[1 a] map[a:1 b:2] <nil> 1.5'],
    ['%d %s %d', ['hi', 5, null], '%!d(string=hi) %!s(int=5) %!d(<nil>)'],
    ['%d %d', [1], '1 %!d(MISSING)'],
    ['%d', [1, 2, 'x'], '1%!(EXTRA int=2, string=x)'],
    ['100%% %z', [1], '100% %!z(int=1)'],
    ['%*d|%-*d|%.*f', [5, 1, 3, 2, 2, 3.14159], '    1|2  |3.14'],
    ['%[2]d %[1]d', [1, 2], '2 1'],
    ['%!', [], '%!!(MISSING)'],
    ['abc%', [], 'abc%!(NOVERB)'],
    ['%T %T %T %T', ['s', 1, 1.5, [1]], 'string int float64 []interface {}'],
    ['%s', [['a', 'b']], '[a b]'],
    ['%q', [['a', 'b']], '["a" "b"]'],
    ['%6.2v|%.3v', [3.14159, 'abcdef'], '   3.1|abc'],
  ]
  it.each(cases)('%s', (format, args, expected) => {
    expect(goSprintf(format, args)).toBe(expected)
  })

  it('works from a template', () => {
    expect(run('{{printf "%-10s|%5.1f" .N .F}}', {N: 'web', F: 2.25})).toBe('web       |  2.2')
  })
})

describe('value printing (goPrint / fmt %v)', () => {
  it('prints like Go', () => {
    expect(goPrint('s')).toBe('s')
    expect(goPrint(42)).toBe('42')
    expect(goPrint(-7)).toBe('-7')
    expect(goPrint(1.5)).toBe('1.5')
    expect(goPrint(1e21)).toBe('1e+21')
    expect(goPrint(0.000001)).toBe('1e-06')
    expect(goPrint(1234567.5)).toBe('1.2345675e+06')
    expect(goPrint(123456.5)).toBe('123456.5')
    expect(goPrint(12345678901234567890n)).toBe('12345678901234567890')
    expect(goPrint(true)).toBe('true')
    expect(goPrint(['a', 'b'])).toBe('[a b]')
    expect(goPrint([])).toBe('[]')
    expect(goPrint({b: 2, a: 1})).toBe('map[a:1 b:2]')
    expect(goPrint({a: [1, {x: null}]})).toBe('map[a:[1 map[x:<nil>]]]')
    expect(goPrint(undefined)).toBe('<no value>')
    expect(goPrint(null)).toBe('<nil>')
    expect(goPrint(Infinity)).toBe('+Inf')
    expect(goPrint(Number.NaN)).toBe('NaN')
  })

  it('prints a struct pointer as its struct, or through String()', () => {
    expect(goPrint({A: 1, B: 'x', [goTypeName]: 'pkg.T'})).toBe('{1 x}')
    expect(goPrint({String: () => 'custom', [goTypeName]: 'pkg.S'})).toBe('custom')
    expect(goSprint([{A: 1, [goTypeName]: 'pkg.T'}])).toBe('&{1}')
  })

  it('formats floats like strconv.FormatFloat', () => {
    expect(formatGoFloat(0, 'g', -1)).toBe('0')
    expect(formatGoFloat(0, 'e', -1)).toBe('0e+00')
    expect(formatGoFloat(100, 'e', 2)).toBe('1.00e+02')
    expect(formatGoFloat(1e100, 'g', -1)).toBe('1e+100')
    expect(formatGoFloat(0.1 + 0.2, 'g', -1)).toBe('0.30000000000000004')
    expect(formatGoFloat(2.675, 'f', 2)).toBe('2.67')
    expect(formatGoFloat(9.999, 'f', 2)).toBe('10.00')
    expect(formatGoFloat(123456, 'g', 3)).toBe('1.23e+05')
    expect(formatGoFloat(1, 'g', 3)).toBe('1')
  })

  it('quotes like strconv.Quote', () => {
    expect(goQuote('sh -c \'exit 7\'')).toBe('"sh -c \'exit 7\'"')
    expect(goQuote('a"b\\c\n\t\x1b\x7f')).toBe('"a\\"b\\\\c\\n\\t\\x1b\\x7f"')
    expect(goQuote('日本…\u00ad\u{1f600}\u{e0001}')).toBe('"日本…\\u00ad\u{1f600}\\U000e0001"')
  })
})

describe('docker template functions', () => {
  it('json writes compact JSON without HTML escaping, map keys sorted', () => {
    expect(run('{{json .}}', {b: '<a&b>', a: [1, 'x', null, true]})).toBe('{"a":[1,"x",null,true],"b":"<a&b>"}')
    expect(run('{{json .S}}', {S: 'line\nnext\ttab\u2028\u001b"\\'})).toBe('"line\\nnext\\ttab\\u2028\\u001b\\"\\\\"')
    expect(run('{{json .}}', 'a=1,b=2')).toBe('"a=1,b=2"')
    expect(run('{{json .Missing}}', {})).toBe('null')
    expect(run('{{json .}}', {N: 1.5, I: 3, B: 10n ** 20n})).toBe('{"B":100000000000000000000,"I":3,"N":1.5}')
  })

  it('json uses a marshalJSON method verbatim and keeps struct field order', () => {
    const marshaled = {[marshalJSON]: () => '{"z":1, "a":"\\u003c"}', [goTypeName]: 'x.T'}
    expect(run('{{json .}}', marshaled)).toBe('{"z":1,"a":"\\u003c"}')
    expect(run('{{json .}}', {Z: 1, A: 2, [goTypeName]: 'x.S'})).toBe('{"Z":1,"A":2}')
  })

  it('json of an unencodable value is empty, as docker ignores the error', () => {
    expect(run('[{{json .}}]', {N: Number.NaN})).toBe('[]')
  })

  it('goJSON can escape HTML like json.Marshal', () => {
    expect(goJSON({k: '<a&b>'}, {escapeHTML: true})).toBe('{"k":"\\u003ca\\u0026b\\u003e"}')
    expect(goJSON({k: '<a&b>'}, {escapeHTML: false})).toBe('{"k":"<a&b>"}')
  })

  it('split, join, title, lower, upper', () => {
    expect(run('{{join (split .L ",") ";"}}', {L: 'a=1,b=2'})).toBe('a=1;b=2')
    expect(run('{{split "a,b" ","}}')).toBe('[a b]')
    expect(run('{{len (split "abc" "")}}')).toBe('3')
    expect(run('{{title "hello world-foo_bar élan"}}')).toBe('Hello World-Foo_bar Élan')
    expect(run('{{lower "Up 8 Seconds"}}|{{upper "web ß"}}')).toBe('up 8 seconds|WEB ß')
  })

  it('pad adds spaces only to non-empty strings', () => {
    expect(run('[{{pad .A 2 2}}][{{pad .B 2 2}}]', {A: 'web', B: ''})).toBe('[  web  ][]')
    expect(run('state: {{- pad .S 1 0}}', {S: 'running'})).toBe('state: running')
    expect(run('state: {{- pad .S 1 0}}', {S: ''})).toBe('state:')
  })

  it('truncate keeps the first N bytes', () => {
    expect(run('{{truncate .ID 4}}|{{truncate .ID 40}}|{{truncate .ID 12}}', {ID: 'e4ec5f4aceb1'})).toBe('e4ec|e4ec5f4aceb1|e4ec5f4aceb1')
  })

  it('matches the documented docker example', () => {
    const data = {Names: 'web', Labels: 'a=1,b=2', ID: 'e4ec5f4aceb1', State: 'running', Status: 'Up 8 seconds'}
    const source =
      '{{upper .Names}}|{{json .Labels}}|{{join (split .Labels ",") ";"}}|{{truncate .ID 4}}|[{{pad .Names 2 2}}]|{{title .State}}|{{lower .Status}}'
    expect(run(source, data)).toBe('WEB|"a=1,b=2"|a=1;b=2|e4ec|[  web  ]|Running|up 8 seconds')
  })

  it('header functions return their argument', () => {
    const t = parseTemplate('{{upper .Names}} {{json .Labels}} {{truncate .ID 2}} {{join .N ","}}', DOCKER)
    expect(t.execute({Names: 'NAMES', Labels: 'LABELS', ID: 'CONTAINER ID', N: 'N'}, dockerHeaderFuncs())).toBe(
      'NAMES LABELS CONTAINER ID N',
    )
  })
})

describe('parse errors read like Go', () => {
  const cases: Array<[string, string]> = [
    ['{{.ID', 'template: :1: unclosed action'],
    ['{{', 'template: :1: unclosed action'],
    ['a\nb\n{{.ID', 'template: :3: unclosed action'],
    ['{{.A\n', 'template: :2: unclosed action started at :1'],
    ['{{foo}}', 'template: :1: function "foo" not defined'],
    ['{{ "a" }', 'template: :1: unexpected "}" in operand'],
    ['{{.A}', "template: :1: bad character U+007D '}'"],
    ['{{if .X}}', 'template: :1: unexpected EOF'],
    ['{{end}}', 'template: :1: unexpected {{end}}'],
    ['{{else}}', 'template: :1: unexpected {{else}}'],
    ['{{}}', 'template: :1: missing value for command'],
    ['{{if}}{{end}}', 'template: :1: missing value for if'],
    ['{{$x}}', 'template: :1: undefined variable "$x"'],
    ['{{/* x }}', 'template: :1: unclosed comment'],
    ['{{/* x */ }}', 'template: :1: comment ends before closing delimiter'],
    ['{{break}}', 'template: :1: {{break}} outside {{range}}'],
    ['{{.X | 1}}', 'template: :1: non executable command in pipeline stage 2'],
    ['{{(1}}', 'template: :1: unclosed left paren'],
    ['{{1)}}', 'template: :1: unexpected right paren'],
    ['{{"\\q"}}', 'template: :1: invalid syntax'],
    ['{{"abc}}', 'template: :1: unterminated quoted string'],
    ['{{.A end}}', 'template: :1: unexpected <end> in operand'],
    ['{{.A "a long string literal"}', 'template: :1: unexpected "}" in operand'],
    ['{{if 1}}{{else}}{{else}}{{end}}', 'template: :1: expected end; found {{else}}'],
    ['{{range .}}{{else if 1}}{{end}}', 'template: :1: unexpected <if> in input'],
    ['{{"x".A}}', 'template: :1: unexpected . after term "\\"x\\""'],
    ['{{3x}}', 'template: :1: bad number syntax: "3x"'],
    ['{{9999999999999999999999}}', 'template: :1: integer overflow: "9999999999999999999999"'],
    ['{{.A ^}}', 'template: :1: unexpected "^" in operand'],
    ['{{\u00e9}}', 'template: :1: function "\u00e9" not defined'],
    ['{{a\u00a0}}', "template: :1: bad character U+00A0"],
  ]
  it.each(cases)('%j', (source, message) => {
    expect(parseError(source)).toBe(message)
  })
})

describe('execution errors read like Go', () => {
  const cases: Array<[string, unknown, string]> = [
    ['{{.Nope}}', container(), 'template: :1:2: executing "" at <.Nope>: can\'t evaluate field Nope in type *formatter.ContainerContext'],
    ['{{ .Nope }}', container(), 'template: :1:3: executing "" at <.Nope>: can\'t evaluate field Nope in type *formatter.ContainerContext'],
    ['a\nbc{{.Nope}}', container(), 'template: :2:4: executing "" at <.Nope>: can\'t evaluate field Nope in type *formatter.ContainerContext'],
    ['日{{.Nope}}', container(), 'template: :1:5: executing "" at <.Nope>: can\'t evaluate field Nope in type *formatter.ContainerContext'],
    // Go positions a field chain at its last-but-first element (the chain's start).
    ['{{.Names.X}}', container(), 'template: :1:8: executing "" at <.Names.X>: can\'t evaluate field X in type string'],
    ['{{.A.B}}', {A: 1}, 'template: :1:4: executing "" at <.A.B>: can\'t evaluate field B in type int'],
    ['{{.Label}}', container(), 'template: :1:2: executing "" at <.Label>: wrong number of args for Label: want 1 got 0'],
    ['{{.ID "x"}}', container(), 'template: :1:2: executing "" at <.ID>: wrong number of args for ID: want 0 got 1'],
    ['{{.Label 1}}', container(), 'template: :1:9: executing "" at <1>: expected string; found 1'],
    ['{{.K "x"}}', {K: 'v'}, 'template: :1:2: executing "" at <.K>: K is not a method but has arguments'],
    ['{{index .L 5}}', {L: [1]}, 'template: :1:2: executing "" at <index .L 5>: error calling index: index out of range: 5'],
    ['{{index .L 1}}', {L: [1]}, 'template: :1:2: executing "" at <index .L 1>: error calling index: reflect: slice index out of range'],
    ['{{index .M 1}}', {M: {}}, 'template: :1:2: executing "" at <index .M 1>: error calling index: value has type int; should be string'],
    ['{{join .Names ","}}', container(), 'template: :1:7: executing "" at <.Names>: wrong type for value; expected []string; got string'],
    ['{{printf}}', {}, 'template: :1:2: executing "" at <printf>: wrong number of args for printf: want at least 1 got 0'],
    ['{{printf 1}}', {}, 'template: :1:9: executing "" at <1>: expected string; found 1'],
    ['{{upper .Missing}}', {}, 'template: :1:8: executing "" at <.Missing>: invalid value; expected string'],
    ['{{pad .A -1 0}}', {A: 'x'}, 'template: :1:2: executing "" at <pad .A -1 0>: error calling pad: strings: negative Repeat count'],
    ['{{nil}}', {}, 'template: :1:2: executing "" at <nil>: nil is not a command'],
    ['{{range .S}}{{end}}', {S: 'abc'}, 'template: :1:8: executing "" at <.S>: range can\'t iterate over abc'],
    ['{{eq 1 "a"}}', {}, 'template: :1:2: executing "" at <eq 1 "a">: error calling eq: incompatible types for comparison: int and string'],
    ['{{lt true false}}', {}, 'template: :1:2: executing "" at <lt true false>: error calling lt: invalid type for comparison'],
    ['{{len 3}}', {}, 'template: :1:2: executing "" at <len 3>: error calling len: len of type int'],
    ['{{$x := 1}}{{$x 2}}', {}, 'template: :1:13: executing "" at <$x>: can\'t give argument to non-function $x'],
    ['{{template "nope"}}', {}, 'template: :1:11: executing "" at <{{template "nope"}}>: template "nope" not defined'],
    ['{{range $i, $e := 3}}{{end}}', {}, 'template: :1:18: executing "" at <3>: can\'t use 3 to iterate over more than one variable'],
  ]
  it.each(cases)('%j', (source, data, message) => {
    expect(execError(source, data)).toBe(message)
  })

  it('keeps the output written before the failure', () => {
    try {
      run('abc{{.X}}{{.Nope}}', {X: 1, [goTypeName]: 'T'})
    } catch (error) {
      expect((error as TemplateExecError).partialOutput).toBe('abc1')
      return
    }
    throw new Error('no error')
  })

  it('reports a method that throws as an error calling it', () => {
    const data = {Boom: goFunc(() => {
      throw new Error('kaput')
    }, []), [goTypeName]: 'T'}
    expect(execError('{{.Boom}}', data)).toBe('template: :1:2: executing "" at <.Boom>: error calling Boom: kaput')
  })
})

describe('per-execution function overrides', () => {
  it('replaces functions for one run only', () => {
    const t = parseTemplate('{{upper .}}', DOCKER)
    expect(t.execute('a', {upper: goFunc((s: string) => `<${s}>`, ['string'])})).toBe('<a>')
    expect(t.execute('a')).toBe('A')
  })
})

// Go's fmt below the top level (issue 15 item 10): pointers print as addresses, typed nils by
// their type under %#v, and no method is called through an unexported field.
describe('fmt on nested pointers, typed nils and unexported fields', () => {
  const mask = (text: string): string => text.replace(/0xc[0-9a-f]{9}/g, '0xADDR')
  const inner = {N: 1, String: goFunc(() => 'stringer', []), [goTypeName]: 'pkg.Inner'}

  it('follows a pointer only at the top level', () => {
    const outer = {In: inner, [goTypeName]: 'pkg.Outer'}
    expect(mask(goSprintf('%v|%+v|%#v', [outer, outer, outer]))).toBe('&{stringer}|&{In:stringer}|&pkg.Outer{In:(*pkg.Inner)(0xADDR)}')
    const plain = {N: 1, [goTypeName]: 'pkg.Plain'}
    expect(mask(goSprintf('%v %p', [{P: plain, [goTypeName]: 'pkg.Outer'}, plain]))).toBe('&{0xADDR} 0xADDR')
    expect(goSprintf('%d', [plain])).toBe('&{1}')
  })

  it('prints typed nils as Go does', async () => {
    const {goNil, goNilPointer} = await import('../../../src/lib/format/go-values.js')
    const value = {
      P: goNilPointer('pkg.T'),
      M: {[goNil]: true, [goKind]: 'map', [goTypeName]: 'map[string]string'},
      S: Object.assign([], {[goNil]: true, [goTypeName]: '[]string'}),
      E: Object.assign([], {[goTypeName]: '[]string'}),
      [goKind]: 'struct',
      [goTypeName]: 'pkg.V',
    }
    expect(goSprintf('%v|%#v|%s|%T', [value, value, value, value.P])).toBe(
      '{<nil> map[] [] []}|pkg.V{P:(*pkg.T)(nil), M:map[string]string(nil), S:[]string(nil), E:[]string{}}|{%!s(*pkg.T=<nil>) map[] [] []}|*pkg.T',
    )
    expect(goJSON(value)).toBe('{"P":null,"M":null,"S":null,"E":[]}')
  })

  it('calls no String method through an unexported field', async () => {
    const {goUnexported} = await import('../../../src/lib/format/go-values.js')
    const value = {Pub: {...inner, [goKind]: 'struct'}, priv: {...inner, [goKind]: 'struct'}, [goKind]: 'struct', [goTypeName]: 'pkg.S', [goUnexported]: ['priv']}
    expect(goSprint([value])).toBe('{stringer {1}}')
    expect(() => run('{{.priv}}', value)).toThrow('priv is an unexported field of struct type pkg.S')
  })
})
