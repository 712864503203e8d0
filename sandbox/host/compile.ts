import { createHash } from 'node:crypto';
import { SourceMapConsumer } from 'source-map-js';
import ts from 'typescript';
import { ASYNC_BODY_SUFFIX, PROGRAM_FUNCTION } from '../program.ts';
import type { CompileDiagnostic, Position } from '../result.ts';

/** The learner's file name in compiler diagnostics. */
const SOURCE_FILE = 'main.ts';

/**
 * SPEC §1.2: ES2016 lowers async/await to generators driven by the runtime's `__awaiter`;
 * `noEmitHelpers` leaves every helper to the runtime. CommonJS turns `import * as asyncio
 * from 'asyncio'` into a `require` the runtime answers.
 */
const COMPILER_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2016,
  module: ts.ModuleKind.CommonJS,
  noEmitHelpers: true,
  importHelpers: false,
  esModuleInterop: false,
  alwaysStrict: true,
  sourceMap: true,
  inlineSources: false,
  newLine: ts.NewLineKind.LineFeed,
};

export interface CompiledProgram {
  /** The script to evaluate: defines `__asynclab_program` as a function of the module. */
  script: string;
  /** Maps positions in `script` (with the wrapper's line removed) back to the TypeScript. */
  toSource(position: Position): Position;
}

export type CompileOutcome = { ok: true; program: CompiledProgram } | { ok: false; diagnostics: CompileDiagnostic[] };

const CACHE_SIZE = 500;
const cache = new Map<string, CompileOutcome>();

/** Transpiles a learner's program, caching by content hash (least recently used evicted). */
export function compile(source: string): CompileOutcome {
  const key = createHash('sha256').update(ts.version).update('\0').update(source).digest('hex');
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const outcome = transpileGuarded(source);
  cache.set(key, outcome);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  return outcome;
}

/**
 * Names the anonymous generator TypeScript passes to `__awaiter` after its async function
 * (`inner__async`), so stack frames and tracebacks say `inner` rather than `<anonymous>`.
 * The suffix keeps the name from shadowing the function itself inside its body.
 */
const nameAsyncBodies: ts.TransformerFactory<ts.SourceFile> = (context) => {
  const { factory } = context;
  const visit = (node: ts.Node, enclosing: string | undefined): ts.Node => {
    if ((ts.isFunctionLike(node) || ts.isVariableDeclaration(node)) && node.name && ts.isIdentifier(node.name)) {
      enclosing = node.name.text;
    }
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === '__awaiter') {
      const body = node.arguments[3];
      if (enclosing && body && ts.isFunctionExpression(body) && !body.name) {
        const named = factory.updateFunctionExpression(
          body,
          body.modifiers,
          body.asteriskToken,
          factory.createIdentifier(enclosing + ASYNC_BODY_SUFFIX),
          body.typeParameters,
          body.parameters,
          body.type,
          ts.visitEachChild(body.body, (child) => visit(child, enclosing), context),
        );
        return factory.updateCallExpression(node, node.expression, node.typeArguments, [
          ...node.arguments.slice(0, 3),
          named,
        ]);
      }
    }
    return ts.visitEachChild(node, (child) => visit(child, enclosing), context);
  };
  return (file) => visit(file, undefined) as ts.SourceFile;
};

/** The compiler recurses once per nesting level: a program nested thousands deep (e.g.
 * `((((…))))`) overflows the worker's stack and is answered like any program it rejects. */
function transpileGuarded(source: string): CompileOutcome {
  try {
    return transpile(source);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return {
      ok: false,
      diagnostics: [{ message: 'The program is nested too deeply to compile.', line: 1, column: 1 }],
    };
  }
}

function transpile(source: string): CompileOutcome {
  const output = ts.transpileModule(source, {
    compilerOptions: COMPILER_OPTIONS,
    fileName: SOURCE_FILE,
    reportDiagnostics: true,
    transformers: { after: [nameAsyncBodies] },
  });
  const errors = (output.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length > 0) return { ok: false, diagnostics: errors.map(toDiagnostic) };

  const js = output.outputText.replace(/\n\/\/# sourceMappingURL=.*\s*$/, '\n');
  const map = new SourceMapConsumer(output.sourceMapText ?? '{}');
  // The wrapper's line is compiled with lineOffset -1, so script lines equal `js` lines.
  const script = `globalThis.__asynclab_program = function ${PROGRAM_FUNCTION}(exports, require, module) {\n${js}\n};`;
  return {
    ok: true,
    program: {
      script,
      toSource: (position) => mapPosition(map, position),
    },
  };
}

function mapPosition(map: SourceMapConsumer, { line, column }: Position): Position {
  for (const bias of [SourceMapConsumer.GREATEST_LOWER_BOUND, SourceMapConsumer.LEAST_UPPER_BOUND]) {
    const original = map.originalPositionFor({ line, column: column - 1, bias });
    if (original.line !== null) return { line: original.line, column: original.column + 1 };
  }
  // Code the compiler adds (e.g. disposing `using` resources at the end of a block) has no
  // mapping: it belongs to the last learner line before it.
  for (let earlier = line - 1; earlier > 0; earlier--) {
    const original = map.originalPositionFor({
      line: earlier,
      column: Number.MAX_SAFE_INTEGER,
      bias: SourceMapConsumer.GREATEST_LOWER_BOUND,
    });
    if (original.line !== null) return { line: original.line, column: original.column + 1 };
  }
  return { line: 1, column: 1 };
}

function toDiagnostic(d: ts.Diagnostic): CompileDiagnostic {
  const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
  if (!d.file || d.start === undefined) return { message, line: 1, column: 1 };
  const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
  return { message, line: line + 1, column: character + 1 };
}
