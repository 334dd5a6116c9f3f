import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { plural } from '../../src/util/plural';

describe('plural', () => {
  it.each([
    [0, '0 invitations'],
    [1, '1 invitation'],
    [2, '2 invitations'],
    [11, '11 invitations'],
  ])('%i → %s', (n, text) => {
    expect(plural(n, 'invitation')).toBe(text);
  });

  it('takes an irregular plural', () => {
    expect(plural(2, 'person', 'people')).toBe('2 people');
  });

  it('no text of the bot or the demo writes "(s)"', () => {
    const root = join(__dirname, '..', '..');
    const sources = ['src', 'demo'].flatMap((dir) =>
      readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
        .map((entry) => join(entry.parentPath, entry.name)),
    );
    const offenders = sources.filter((file) => /[a-z]\(s\)/.test(readFileSync(file, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
