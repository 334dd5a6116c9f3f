import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { plainToHtml } from '@vultr-invites/slack-emulator';

/**
 * Every emoji short-code the bot's views put in a message is one the emulator's page draws: a
 * new `:code:` in src/views fails here until the emulator's table (packages/slack-emulator/src/emoji.ts) has it.
 */

const VIEWS = join(__dirname, '..', '..', 'src', 'views');

/** The text of every string and template literal in a file: comments are not messages. */
function literalsOf(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  const texts: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateLiteralToken(node)) texts.push(node.text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return texts;
}

const shortCodes = [
  ...new Set(
    readdirSync(VIEWS)
      .filter((name) => name.endsWith('.ts'))
      .flatMap((name) => literalsOf(join(VIEWS, name)))
      .flatMap((text) => text.match(/:[a-z0-9_+-]+:/g) ?? []),
  ),
].sort();

it("finds the views' short-codes", () => {
  expect(shortCodes).toEqual(expect.arrayContaining([':warning:', ':raising_hand:', ':no_entry_sign:']));
});

it.each(shortCodes)('the page draws %s as an emoji', (code) => {
  expect(plainToHtml(code)).not.toBe(code);
});
