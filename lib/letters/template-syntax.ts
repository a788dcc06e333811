import Handlebars from 'handlebars';

// What a letter template may contain, checked on Handlebars' syntax tree when templates load:
// plain `{{field}}` names, `{{#if field}}…{{else}}…{{/if}}`, `{{#unless field}}…{{/unless}}` and
// `{{! comments }}`. Everything else (triple braces, partials, other helpers, dotted or parent
// paths, literals) is refused, so a template can only ever print the values it declares, as text.

const BLOCK_HELPERS = new Set(['if', 'unless']);

export type SyntaxCheck = {
  /** Field names used, each with the first line (in the checked text) where it appears. */
  names: Map<string, number>;
  problems: { line: number; message: string }[];
};

type Node = hbs.AST.Node & Record<string, unknown>;

/** Parses a template text and checks every node. `parse` errors become problems too. */
export function checkTemplateSyntax(source: string): SyntaxCheck & { ast: hbs.AST.Program | null } {
  const result: SyntaxCheck = { names: new Map(), problems: [] };
  let ast: hbs.AST.Program;
  try {
    ast = Handlebars.parse(source);
  } catch (err) {
    const { line, message } = describeParseError(err);
    result.problems.push({ line, message });
    return { ...result, ast: null };
  }
  walkProgram(ast, result);
  return { ...result, ast };
}

function walkProgram(program: hbs.AST.Program | undefined, out: SyntaxCheck): void {
  for (const statement of program?.body ?? []) walkStatement(statement as Node, out);
}

function walkStatement(node: Node, out: SyntaxCheck): void {
  const line = node.loc?.start.line ?? 1;
  const refuse = (message: string): void => {
    out.problems.push({ line, message });
  };
  switch (node.type) {
    case 'ContentStatement':
    case 'CommentStatement':
      return;
    case 'MustacheStatement': {
      const m = node as unknown as hbs.AST.MustacheStatement;
      if (!m.escaped) {
        refuse(`triple braces {{{ }}} and {{& }} are not allowed: write {{${pathText(m.path)}}}`);
        if (!m.params.length) recordName(m.path, line, { names: out.names, problems: [] }); // the name is still in use
        return;
      }
      if (m.params.length || m.hash?.pairs.length)
        return refuse(
          `"{{${pathText(m.path)} …}}" calls a helper, which letters do not allow: use a plain {{field_name}}`,
        );
      return recordName(m.path, line, out);
    }
    case 'BlockStatement': {
      const b = node as unknown as hbs.AST.BlockStatement;
      const helper = pathText(b.path);
      if (!BLOCK_HELPERS.has(helper))
        return refuse(`"{{#${helper}}}" is not allowed: only {{#if field}} and {{#unless field}} blocks can be used`);
      if (b.params.length !== 1 || b.hash?.pairs.length)
        return refuse(`{{#${helper}}} takes exactly one field name, e.g. {{#${helper} member_email}}`);
      recordName(b.params[0]!, line, out);
      walkProgram(b.program, out);
      walkProgram(b.inverse, out);
      return;
    }
    case 'PartialStatement':
    case 'PartialBlockStatement':
      return refuse('partials ({{> name}}) are not allowed in letter templates');
    case 'Decorator':
    case 'DecoratorBlock':
      return refuse('decorators ({{* name}}) are not allowed in letter templates');
    default:
      return refuse(`"${node.type}" is not allowed in letter templates`);
  }
}

/** Records a plain field name; refuses `this`, `../x`, `@data`, `a.b`, literals and sub-expressions. */
function recordName(expr: hbs.AST.Expression, line: number, out: SyntaxCheck): void {
  const p = expr as hbs.AST.PathExpression;
  if (p.type !== 'PathExpression') {
    out.problems.push({
      line,
      message: `"${pathText(expr)}" is not a field name: use a declared field, e.g. {{sender_name}}`,
    });
    return;
  }
  if (p.data || p.depth > 0 || p.parts.length !== 1 || p.original !== p.parts[0]) {
    out.problems.push({
      line,
      message: `"{{${p.original}}}" is not a plain field name: use a name declared under fields, e.g. {{sender_name}}`,
    });
    return;
  }
  const name = p.parts[0]!;
  if (!out.names.has(name)) out.names.set(name, line);
}

function pathText(expr: hbs.AST.Expression): string {
  const e = expr as unknown as { type: string; original?: unknown; value?: unknown };
  if (e.type === 'PathExpression') return String(e.original);
  if (e.type === 'SubExpression') return '(…)';
  return String(e.original ?? e.value ?? e.type);
}

/**
 * Handlebars' parse errors are written for programmers ("Expecting 'CLOSE', 'ID', … got 'INVALID'"):
 * name the likely mistake instead, with the line and the text around it.
 */
function describeParseError(err: unknown): { line: number; message: string } {
  const text = err instanceof Error ? err.message : String(err);
  const given = (err as { lineNumber?: unknown }).lineNumber;
  const line = typeof given === 'number' ? given : Number(/line (\d+)/.exec(text)?.[1] ?? 1);
  const mismatch = /^(\S+) doesn't match (\S+)/.exec(text);
  if (mismatch)
    return {
      line,
      message: `{{#${mismatch[1]}}} is closed with {{/${mismatch[2]}}}: close it with {{/${mismatch[1]}}}`,
    };
  const near = text.split('\n')[1]?.trim();
  const at = near ? ` (near "${near.slice(-60)}")` : '';
  const got = /got '([A-Z_]+)'/.exec(text)?.[1];
  const why =
    got === 'EOF'
      ? 'a {{#if}} or {{#unless}} block is not closed with {{/if}} or {{/unless}}'
      : got === 'OPEN_ENDBLOCK'
        ? 'a {{/…}} closes a block that was never opened'
        : got === 'INVALID'
          ? 'a {{ is not closed with }}, or the name inside it is not a plain word'
          : 'the {{ }} here cannot be read';
  return { line, message: `${why}${at}` };
}
