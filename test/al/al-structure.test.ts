import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFile, checkObjects } from './al-structure.ts';
import { checkExtension } from './check-extension.ts';

const page = (body: string, header = 'page 50110 "LB Example API"') => `${header}\n{\n    PageType = API;\n${body}\n}\n`;
const messages = (source: string, file = 'LBExampleAPI.Page.al') => checkFile(file, source).problems.map((problem) => problem.message);

describe('the structural AL check', () => {
  it('passes every object of the companion extension', () => {
    const { objects, problems } = checkExtension(resolve(import.meta.dirname, '../../bc-extension'));
    expect(problems).toEqual([]);
    expect(objects.length).toBeGreaterThanOrEqual(15);
    expect(objects.find((object) => object.name === 'LB Sales Header')).toMatchObject({ type: 'tableextension', extends: 'Sales Header' });
  });

  it('reads a declaration, with comments, strings and quoted identifiers holding brackets', () => {
    const source = page(
      [
        '    // a comment with { and begin',
        '    /* a block { comment */',
        '    trigger OnOpenPage()',
        '    begin',
        "        Rec.SetFilter(\"No.\", '{*'')}');",
        '        case Rec."Document Type" of',
        '            Rec."Document Type"::Order: exit;',
        '        end;',
        '    end;',
      ].join('\n'),
    );
    const result = checkFile('LBExampleAPI.Page.al', source);
    expect(result.problems).toEqual([]);
    expect(result.object).toMatchObject({ type: 'page', id: 50110, name: 'LB Example API' });
  });

  it('finds unbalanced blocks and brackets, naming the line', () => {
    expect(messages(page("    trigger OnOpenPage()\n    begin\n        Message('x');\n"))).toContain("'{' is never closed");
    expect(messages(page("    trigger OnOpenPage()\n    begin\n        Message('x';\n    end;"))).toEqual(
      expect.arrayContaining([expect.stringMatching(/'end' closes '\(' opened on line \d+/)]),
    );
    expect(checkFile('X.Page.al', page('    end;')).problems[0]).toMatchObject({ line: 4, message: "'end' closes '{' opened on line 2" });
  });

  it('finds unterminated strings and comments', () => {
    expect(messages(page("    Caption = 'never closed;"))).toContain('string never closed on its line');
    expect(messages(page('    /* open'))).toContain('block comment never closed');
  });

  it('finds a missing ID, a missing extends and a second object', () => {
    expect(messages(page('', 'page "LB No Id"'))).toContain('page needs an object ID after the type');
    expect(messages('tableextension 50110 "LB Ext"\n{\n}\n', 'LBExt.TableExt.al')).toContain(
      "tableextension 'LB Ext' needs 'extends <object>'",
    );
    expect(messages(`${page('')}codeunit 50111 "LB Two"\n{\n}\n`)).toContain('more than one object in the file');
  });

  it('checks ID ranges, unique IDs and names per type, name length and the file suffix', () => {
    const object = (file: string, type: string, id: number, name: string) => ({ file, line: 1, type, id, name, extends: null });
    const problems = checkObjects(
      [
        object('A.Page.al', 'page', 50100, 'LB A'),
        object('B.Page.al', 'page', 50100, 'LB B'),
        object('C.Codeunit.al', 'codeunit', 50100, 'LB A'),
        object('D.Page.al', 'page', 60000, 'LB A'),
        object('E.Codeunit.al', 'page', 50101, 'LB A name that is far too long for BC'),
      ],
      { idRanges: [{ from: 50100, to: 50149 }] },
    ).map((problem) => `${problem.file}: ${problem.message}`);
    expect(problems).toEqual([
      'B.Page.al: page 50100 is also used by A.Page.al',
      "D.Page.al: page 60000 is outside app.json's idRanges",
      "D.Page.al: page 'LB A' is also declared in A.Page.al",
      "E.Codeunit.al: page name 'LB A name that is far too long for BC' is longer than 30 characters",
      'E.Codeunit.al: a page file should end in .Page.al',
    ]);
  });
});
