/**
 * A structural check of AL source, written here because no AL grammar is published on the npm
 * registry. It is not a compiler and not a full parser: it reads the token stream (comments,
 * 'strings' with '' escapes, "quoted identifiers", words, brackets) and checks what a broken
 * file most often gets wrong —
 *  - one object declaration per file: `<type> <id> <name>` (extensions: `extends <target>`),
 *    followed by `{`;
 *  - every bracket balanced and nested ({ } ( ) [ ]), every `begin` and `case` closed by `end`;
 *  - unterminated strings, quoted identifiers and block comments.
 * Across the files (see checkExtension): object IDs inside app.json's idRanges and unique per
 * object type, names unique per type and at most 30 characters, and the file name's type suffix
 * matching the object (Microsoft's `<Name>.<Type>.al` convention). Types, members, properties and
 * expressions are not checked: compiling with `alc` on a sandbox does that (bc-extension/README.md).
 */

export interface AlProblem {
  file: string;
  line: number;
  message: string;
}

export interface AlObject {
  file: string;
  line: number;
  type: string;
  id: number | null;
  name: string;
  extends: string | null;
}

interface Token {
  kind: 'word' | 'quoted' | 'string' | 'number' | 'symbol';
  text: string;
  line: number;
}

/** Object types that carry an ID, and the suffix Microsoft's file-naming convention gives each. */
export const objectTypes: Record<string, { hasId: boolean; suffix: string }> = {
  table: { hasId: true, suffix: 'Table' },
  tableextension: { hasId: true, suffix: 'TableExt' },
  page: { hasId: true, suffix: 'Page' },
  pageextension: { hasId: true, suffix: 'PageExt' },
  codeunit: { hasId: true, suffix: 'Codeunit' },
  query: { hasId: true, suffix: 'Query' },
  report: { hasId: true, suffix: 'Report' },
  xmlport: { hasId: true, suffix: 'XmlPort' },
  enum: { hasId: true, suffix: 'Enum' },
  enumextension: { hasId: true, suffix: 'EnumExt' },
  permissionset: { hasId: true, suffix: 'PermissionSet' },
  permissionsetextension: { hasId: true, suffix: 'PermissionSetExt' },
  interface: { hasId: false, suffix: 'Interface' },
  controladdin: { hasId: false, suffix: 'ControlAddIn' },
};

export function tokenize(file: string, source: string, problems: AlProblem[]): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let i = 0;
  const fail = (message: string, at: number) => problems.push({ file, line: at, message });
  while (i < source.length) {
    const c = source[i]!;
    if (c === '\n') {
      line += 1;
      i += 1;
    } else if (/\s/.test(c)) {
      i += 1;
    } else if (c === '/' && source[i + 1] === '/') {
      while (i < source.length && source[i] !== '\n') i += 1;
    } else if (c === '/' && source[i + 1] === '*') {
      const start = line;
      const end = source.indexOf('*/', i + 2);
      if (end < 0) {
        fail('block comment never closed', start);
        break;
      }
      line += countLines(source.slice(i, end));
      i = end + 2;
    } else if (c === "'" || c === '"') {
      // 'text' ('' is a quote inside); "identifier" ("" likewise). Neither spans lines.
      const start = line;
      let j = i + 1;
      let text = '';
      for (;;) {
        if (j >= source.length || source[j] === '\n') {
          fail(c === "'" ? 'string never closed on its line' : 'quoted identifier never closed on its line', start);
          break;
        }
        if (source[j] === c && source[j + 1] === c) {
          text += c;
          j += 2;
        } else if (source[j] === c) {
          j += 1;
          break;
        } else {
          text += source[j];
          j += 1;
        }
      }
      tokens.push({ kind: c === "'" ? 'string' : 'quoted', text, line: start });
      i = j;
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < source.length && /[A-Za-z0-9_]/.test(source[j]!)) j += 1;
      tokens.push({ kind: 'word', text: source.slice(i, j), line });
      i = j;
    } else if (/[0-9]/.test(c)) {
      let j = i + 1;
      while (j < source.length && /[0-9.]/.test(source[j]!)) j += 1;
      tokens.push({ kind: 'number', text: source.slice(i, j), line });
      i = j;
    } else {
      tokens.push({ kind: 'symbol', text: c, line });
      i += 1;
    }
  }
  return tokens;
}

const countLines = (text: string) => text.split('\n').length - 1;
const closerOf: Record<string, string> = { '{': '}', '(': ')', '[': ']', begin: 'end', case: 'end' };

/** Brackets balanced and nested; `begin` and `case` each closed by an `end`. */
export function checkBalance(file: string, tokens: Token[], problems: AlProblem[]): void {
  const open: Token[] = [];
  for (const token of tokens) {
    const text = token.kind === 'word' ? token.text.toLowerCase() : token.kind === 'symbol' ? token.text : '';
    if (text === '{' || text === '(' || text === '[' || text === 'begin' || text === 'case') {
      open.push({ ...token, text });
    } else if (text === '}' || text === ')' || text === ']' || text === 'end') {
      const top = open.pop();
      if (!top) {
        problems.push({ file, line: token.line, message: `'${token.text}' closes nothing` });
        continue;
      }
      if (closerOf[top.text] !== text)
        problems.push({ file, line: token.line, message: `'${token.text}' closes '${top.text}' opened on line ${top.line}` });
    }
  }
  for (const left of open) problems.push({ file, line: left.line, message: `'${left.text}' is never closed` });
}

/** The file's one object declaration. */
export function readObject(file: string, tokens: Token[], problems: AlProblem[]): AlObject | null {
  const found: AlObject[] = [];
  let depth = 0;
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i]!;
    if (token.kind === 'symbol' && token.text === '{') depth += 1;
    if (token.kind === 'symbol' && token.text === '}') depth -= 1;
    if (depth !== 0 || token.kind !== 'word') continue;
    const type = token.text.toLowerCase();
    const spec = objectTypes[type];
    if (!spec) {
      problems.push({ file, line: token.line, message: `'${token.text}' outside any object: expected an object declaration` });
      continue;
    }
    let j = i + 1;
    let id: number | null = null;
    if (spec.hasId) {
      const idToken = tokens[j];
      if (idToken?.kind !== 'number' || !/^\d+$/.test(idToken.text)) {
        problems.push({ file, line: token.line, message: `${type} needs an object ID after the type` });
        continue;
      }
      id = Number(idToken.text);
      j += 1;
    }
    const nameToken = tokens[j];
    if (nameToken?.kind !== 'quoted' && nameToken?.kind !== 'word') {
      problems.push({ file, line: token.line, message: `${type} ${id ?? ''} needs a name` });
      continue;
    }
    j += 1;
    let target: string | null = null;
    if (tokens[j]?.kind === 'word' && tokens[j]!.text.toLowerCase() === 'extends') {
      target = tokens[j + 1]?.text ?? null;
      j += 2;
      if (!target) problems.push({ file, line: token.line, message: `${type} '${nameToken.text}' extends nothing` });
    } else if (type.endsWith('extension')) {
      problems.push({ file, line: token.line, message: `${type} '${nameToken.text}' needs 'extends <object>'` });
    }
    if (!(tokens[j]?.kind === 'symbol' && tokens[j]!.text === '{'))
      problems.push({ file, line: token.line, message: `${type} '${nameToken.text}' must be followed by '{'` });
    found.push({ file, line: token.line, type, id, name: nameToken.text, extends: target });
    i = j - 1;
  }
  if (found.length === 0) problems.push({ file, line: 1, message: 'no object declaration' });
  if (found.length > 1) problems.push({ file, line: found[1]!.line, message: 'more than one object in the file' });
  return found[0] ?? null;
}

export function checkFile(file: string, source: string): { object: AlObject | null; problems: AlProblem[] } {
  const problems: AlProblem[] = [];
  const tokens = tokenize(file, source, problems);
  checkBalance(file, tokens, problems);
  const object = readObject(file, tokens, problems);
  return { object, problems };
}

export interface AppManifest {
  idRanges: { from: number; to: number }[];
}

/** Cross-file rules: ID ranges, unique IDs and names per object type, name length, file suffix. */
export function checkObjects(objects: AlObject[], app: AppManifest): AlProblem[] {
  const problems: AlProblem[] = [];
  const seenIds = new Map<string, AlObject>();
  const seenNames = new Map<string, AlObject>();
  for (const object of objects) {
    const at = { file: object.file, line: object.line };
    if (object.id !== null) {
      if (!app.idRanges.some((range) => object.id! >= range.from && object.id! <= range.to))
        problems.push({ ...at, message: `${object.type} ${object.id} is outside app.json's idRanges` });
      const idKey = `${object.type}:${object.id}`;
      const twin = seenIds.get(idKey);
      if (twin) problems.push({ ...at, message: `${object.type} ${object.id} is also used by ${twin.file}` });
      seenIds.set(idKey, object);
    }
    if (object.name.length > 30) problems.push({ ...at, message: `${object.type} name '${object.name}' is longer than 30 characters` });
    const nameKey = `${object.type}:${object.name.toLowerCase()}`;
    const namesake = seenNames.get(nameKey);
    if (namesake) problems.push({ ...at, message: `${object.type} '${object.name}' is also declared in ${namesake.file}` });
    seenNames.set(nameKey, object);
    const suffix = objectTypes[object.type]!.suffix;
    if (!object.file.endsWith(`.${suffix}.al`)) problems.push({ ...at, message: `a ${object.type} file should end in .${suffix}.al` });
  }
  return problems;
}
