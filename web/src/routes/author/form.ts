import type { Manifest, Pack } from '$lib/api.ts';

/**
 * The authoring form's model of an exercise pack, and the two ways between them: `formOf` reads
 * a pack into the form, `packOf` writes the form back as a pack, in the same shape as a folder
 * in `exercises/` (the files `asynclab check` reads).
 */

export type Kind = Manifest['kind'];
type Check = NonNullable<Manifest['checks']>[number];
type StyleCheck = Extract<Check, { type: 'style' }>;
type ApiUse = NonNullable<StyleCheck['require']>[number];
type Question = NonNullable<Manifest['questions']>[number];
export type OutputOrder = 'exact' | 'same-time-any-order' | 'multiset';

export interface Text {
  zh: string;
  en: string;
}

/**
 * An accepted or rejected solution: a program (code), a prediction (predict), or the answers as
 * JSON (choice), as in the pack's `accept/` and `reject/` folders.
 */
export interface Sample {
  name: string;
  text: string;
  /** For rejects: the check the solution must fail. */
  fails: string;
}

export interface Fixture {
  /** Its file under `fixtures/`, e.g. `slow.json`. */
  name: string;
  /** The fixture's JSON. */
  text: string;
}

export interface Form {
  slug: string;
  kind: Kind;
  section: string;
  order: number;
  title: Text;
  prompt: Text;
  /** code: the program learners start from; predict: the program whose output they predict. */
  starter: string;
  /** code: the solution whose trace is expected (predict: the program itself). */
  reference: string;
  hints: Text[];
  output: { on: boolean; order: OutputOrder };
  timing: { on: boolean };
  style: { on: boolean; forbid: string; require: string };
  warnings: { on: boolean };
  /** `fixture` is a fixture's name, or '' for none. */
  variants: { seed: number; hidden: boolean; fixture: string }[];
  questions: Question[];
  fixtures: Fixture[];
  accept: Sample[];
  reject: Sample[];
}

const PROMPT = { zh: 'prompt.zh.md', en: 'prompt.en.md' };
const STARTER = 'starter.ts';
const REFERENCE = 'reference.ts';
/** A predict exercise's one program is both its starter and its reference. */
const PROGRAM = 'program.ts';
const FIXTURES = 'fixtures/';

/** The extension of a self-test file, by kind (what `asynclab check` submits it as). */
export const SAMPLE_EXTENSION = { code: '.ts', predict: '.txt', choice: '.json' } as const;
/** `// fails: timing` (programs) or `# fails: output` (predictions), on the first line. */
const FAILS_LINE = /^\s*(?:\/\/|#)\s*fails:\s*([a-z-]+)[^\n]*\n?/;

/** The checks a predict exercise has when its manifest names none (the grader's default). */
const PREDICT_DEFAULT = { output: 'exact', timing: true } as const;

/** `asyncio.run`, `asyncio.sleep*2` (at least twice), `timeout|waitFor` (any of them). */
function showUse(use: ApiUse): string {
  if (typeof use === 'string') return use;
  if ('anyOf' in use) return use.anyOf.join('|');
  return use.min === undefined || use.min === 1 ? use.name : `${use.name}*${use.min}`;
}

function parseUse(text: string): ApiUse {
  if (text.includes('|')) return { anyOf: text.split('|').map((part) => part.trim()) };
  const counted = /^(.+?)\s*\*\s*(\d+)$/.exec(text);
  if (counted) return { name: counted[1] ?? '', min: Number(counted[2]) };
  return text;
}

/** A deep copy; JSON because the form's state may be a Svelte proxy, which structuredClone refuses. */
const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

const list = (text: string): string[] =>
  text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');

function sampleOf(kind: Kind, folder: 'accept' | 'reject', name: string, content: string): Sample {
  if (kind === 'choice') {
    let data: { answers?: unknown; fails?: unknown } = {};
    try {
      data = JSON.parse(content) as typeof data;
    } catch {
      return { name, text: content, fails: '' };
    }
    return {
      name,
      text: JSON.stringify(data.answers ?? []),
      fails: folder === 'reject' && typeof data.fails === 'string' ? data.fails : '',
    };
  }
  const fails = folder === 'reject' ? (FAILS_LINE.exec(content)?.[1] ?? '') : '';
  return { name, text: fails ? content.replace(FAILS_LINE, '') : content, fails };
}

function samples(pack: Pack, folder: 'accept' | 'reject'): Sample[] {
  const extension = SAMPLE_EXTENSION[pack.manifest.kind];
  return Object.keys(pack.files)
    .filter((file) => file.startsWith(`${folder}/`) && file.endsWith(extension))
    .sort()
    .map((file) => sampleOf(pack.manifest.kind, folder, file.slice(folder.length + 1), pack.files[file] ?? ''));
}

function sampleFile(kind: Kind, sample: Sample, reject: boolean): string {
  if (kind === 'choice') {
    let answers: unknown;
    try {
      answers = JSON.parse(sample.text);
    } catch {
      // Not JSON: written as it is, so that the self-test names the file and what is wrong.
      return sample.text;
    }
    return `${JSON.stringify(reject ? { answers, fails: sample.fails } : { answers })}\n`;
  }
  if (!reject) return sample.text;
  return `${kind === 'code' ? '//' : '#'} fails: ${sample.fails}\n${sample.text}`;
}

/** A sample's file name: what the teacher typed, made a file name, with the kind's extension. */
export function sampleName(kind: Kind, name: string): string {
  const extension = SAMPLE_EXTENSION[kind];
  const clean = name.trim().replace(/[^\w.-]+/g, '-') || 'solution';
  return clean.endsWith(extension) ? clean : `${clean.replace(/\.(ts|txt|json)$/, '')}${extension}`;
}

export function formOf(pack: Pack): Form {
  const { manifest, files } = pack;
  const check = <T extends Check['type']>(type: T): Extract<Check, { type: T }> | undefined =>
    manifest.checks?.find((c): c is Extract<Check, { type: T }> => c.type === type);
  const output = check('output');
  const style = check('style');
  const predictDefault = manifest.kind === 'predict' && (manifest.checks ?? []).length === 0;
  const file = (name: string | undefined): string => (name === undefined ? '' : (files[name] ?? ''));
  return {
    slug: manifest.slug,
    kind: manifest.kind,
    section: manifest.section,
    order: manifest.order,
    title: { ...manifest.title },
    prompt: { zh: file(manifest.prompt.zh), en: file(manifest.prompt.en) },
    starter: file(manifest.kind === 'predict' ? manifest.reference : manifest.starter),
    reference: file(manifest.reference),
    hints: (manifest.hints ?? []).map((hint) => ({ ...hint })),
    output: {
      on: predictDefault || output !== undefined,
      order: predictDefault ? PREDICT_DEFAULT.output : (output?.order ?? 'exact'),
    },
    timing: { on: predictDefault || check('timing') !== undefined },
    style: {
      on: style !== undefined,
      forbid: (style?.forbid ?? []).join(', '),
      require: (style?.require ?? []).map(showUse).join(', '),
    },
    warnings: { on: check('warnings') !== undefined },
    variants: (manifest.variants ?? [{ seed: 0, hidden: false }]).map((variant) => ({
      seed: variant.seed ?? 0,
      hidden: variant.hidden ?? false,
      fixture: variant.fixture?.startsWith(FIXTURES) ? variant.fixture.slice(FIXTURES.length) : (variant.fixture ?? ''),
    })),
    questions: copy(manifest.questions ?? []),
    fixtures: Object.keys(files)
      .filter((name) => name.startsWith(FIXTURES))
      .sort()
      .map((name) => ({ name: name.slice(FIXTURES.length), text: files[name] ?? '' })),
    accept: samples(pack, 'accept'),
    reject: samples(pack, 'reject'),
  };
}

/** The names of the checks a grade of this form's exercise has (what a reject can name). */
export function checkNames(form: Form): string[] {
  if (form.kind === 'choice') return ['answers'];
  return [
    ...(form.output.on ? ['output'] : []),
    ...(form.timing.on ? ['timing'] : []),
    ...(form.kind === 'code' && form.style.on ? ['style'] : []),
    ...(form.kind === 'code' && form.warnings.on ? ['warnings'] : []),
    'gradable',
  ];
}

function checksOf(form: Form, old: Manifest): Check[] {
  const previous = <T extends Check['type']>(type: T): Extract<Check, { type: T }> | undefined =>
    old.kind === form.kind ? old.checks?.find((c): c is Extract<Check, { type: T }> => c.type === type) : undefined;
  if (form.kind === 'choice') return [];
  const checks: Check[] = [];
  if (form.kind === 'predict') {
    const isDefault = form.output.on && form.output.order === PREDICT_DEFAULT.output && form.timing.on;
    if (isDefault && (old.kind !== 'predict' || (old.checks ?? []).length === 0)) return [];
    if (form.output.on) checks.push({ ...previous('output'), type: 'output', order: form.output.order });
    // Predictions are timed to the microsecond, and only each line's time counts.
    if (form.timing.on) checks.push(previous('timing') ?? { type: 'timing', tolerance: 1e-6, elapsed: 'ignore' });
    return checks;
  }
  if (form.output.on) checks.push({ ...previous('output'), type: 'output', order: form.output.order });
  if (form.timing.on) checks.push({ ...previous('timing'), type: 'timing' });
  if (form.style.on) {
    checks.push({
      ...previous('style'),
      type: 'style',
      forbid: list(form.style.forbid),
      require: list(form.style.require).map(parseUse),
    });
  }
  if (form.warnings.on) checks.push({ ...previous('warnings'), type: 'warnings' });
  // The form does not edit the others (the files check): they are kept as they were, and
  // every check keeps its place (grades list them in this order).
  const kept = old.kind === form.kind ? (old.checks ?? []) : [];
  for (const check of kept) if (!checks.some((c) => c.type === check.type)) checks.push(check);
  const place = (check: Check): number => {
    const at = kept.findIndex((c) => c.type === check.type);
    return at === -1 ? kept.length : at;
  };
  return checks.sort((a, b) => place(a) - place(b));
}

/**
 * The pack the form describes, on top of the pack it was loaded from: what the form does not
 * edit (check messages and weights, timing tolerances, other files) is kept as it was.
 */
export function packOf(form: Form, base: Pack): Pack {
  const old = base.manifest;
  const files: Record<string, string> = {};
  const replaced = new Set([old.prompt.zh, old.prompt.en, old.starter, old.reference]);
  for (const [name, text] of Object.entries(base.files)) {
    if (replaced.has(name) || /^(accept|reject)\//.test(name) || name.startsWith(FIXTURES)) continue;
    files[name] = text;
  }
  files[PROMPT.zh] = form.prompt.zh;
  files[PROMPT.en] = form.prompt.en;
  const programs: Pick<Manifest, 'starter' | 'reference'> = {};
  if (form.kind === 'code') {
    if (form.starter.trim() !== '') {
      files[STARTER] = form.starter;
      programs.starter = STARTER;
    }
    files[REFERENCE] = form.reference;
    programs.reference = REFERENCE;
  } else if (form.kind === 'predict') {
    files[PROGRAM] = form.starter;
    programs.starter = PROGRAM;
    programs.reference = PROGRAM;
  }
  if (form.kind !== 'choice') {
    for (const fixture of form.fixtures) files[`${FIXTURES}${fixture.name.trim()}`] = fixture.text;
  }
  for (const sample of form.accept)
    files[`accept/${sampleName(form.kind, sample.name)}`] = sampleFile(form.kind, sample, false);
  for (const sample of form.reject)
    files[`reject/${sampleName(form.kind, sample.name)}`] = sampleFile(form.kind, sample, true);

  const { $schema: _schema, starter: _starter, reference: _reference, questions: _questions, ...rest } = old;
  const manifest: Manifest = {
    ...rest,
    slug: form.slug.trim(),
    kind: form.kind,
    section: form.section,
    order: form.order,
    title: { zh: form.title.zh, en: form.title.en },
    prompt: { ...PROMPT },
    ...programs,
    hints: form.hints.filter((hint) => hint.zh.trim() !== '' || hint.en.trim() !== '').map((hint) => ({ ...hint })),
    checks: checksOf(form, old),
    variants:
      form.kind === 'choice'
        ? [{ seed: 0, hidden: false }]
        : form.variants.map((variant) => ({
            seed: variant.seed,
            hidden: variant.hidden,
            ...(variant.fixture.trim() !== '' ? { fixture: `${FIXTURES}${variant.fixture.trim()}` } : {}),
          })),
    ...(form.kind === 'choice' ? { questions: copy(form.questions) } : {}),
  };
  return { manifest, files };
}

/** A new question: two options, the first one right, every text still to write. */
export function blankQuestion(): Question {
  const option = (id: string, correct: boolean) => ({
    id,
    text: { zh: '', en: '' },
    correct,
    explanation: { zh: '', en: '' },
  });
  return { text: { zh: '', en: '' }, options: [option('a', true), option('b', false)] };
}

/** The first letter no option of the question uses yet, or null when all 26 are taken. */
export function nextOptionId(question: Question): string | null {
  const used = new Set(question.options.map((option) => option.id));
  return [...'abcdefghijklmnopqrstuvwxyz'].find((id) => !used.has(id)) ?? null;
}

/** Used when the example exercise cannot be loaded. */
export const BLANK: Pack = {
  manifest: {
    slug: 'new-exercise',
    kind: 'code',
    section: 'section',
    order: 1,
    title: { zh: '新练习', en: 'New exercise' },
    prompt: { ...PROMPT },
    starter: STARTER,
    reference: REFERENCE,
    checks: [{ type: 'output', order: 'exact' }, { type: 'timing' }],
    variants: [{ seed: 0, hidden: false }],
  },
  files: {
    [PROMPT.zh]: '运行两个任务。\n',
    [PROMPT.en]: 'Run two tasks.\n',
    [STARTER]: "import * as asyncio from 'asyncio';\n",
    [REFERENCE]:
      "import * as asyncio from 'asyncio';\n\nasync function main() {\n  await asyncio.sleep(1);\n  print('done');\n}\n\nasyncio.run(main());\n",
  },
};
