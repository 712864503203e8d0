import ts from 'typescript';

/** One use of an API in a program: its dotted name as written and where. */
export interface ApiUse {
  name: string;
  line: number;
}

/**
 * Every identifier and property access in a TypeScript program, with its dotted text
 * (`asyncio.getEventLoop`, `loop.runUntilComplete`, `createTask`) and line. Comments and
 * strings do not count: the check reads the syntax tree.
 */
export function apiUses(source: string): ApiUse[] {
  const file = ts.createSourceFile('main.ts', source, ts.ScriptTarget.Latest, true);
  const uses: ApiUse[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) || (ts.isIdentifier(node) && !ts.isPropertyAccessExpression(node.parent))) {
      const line = file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
      uses.push({ name: node.getText(file).replace(/\s+/g, ''), line });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return uses;
}

/** Whether a use matches a pattern: `asyncio.run` matches that access (or a longer chain
 * ending in it); `createTask` matches any access of that member or the bare identifier. */
export function matches(use: ApiUse, pattern: string): boolean {
  if (pattern.includes('.')) return use.name === pattern || use.name.endsWith(`.${pattern}`);
  return use.name === pattern || use.name.endsWith(`.${pattern}`);
}
