import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The README is the front door: short, and every page of docs/ is reachable from it, no link broken. */

const repoRoot = path.resolve(__dirname, '..', '..');
const pages = [
  'README.md',
  ...readdirSync(path.join(repoRoot, 'docs'))
    .filter((file) => file.endsWith('.md'))
    .map((file) => `docs/${file}`),
];
const read = (file: string) => readFileSync(path.join(repoRoot, file), 'utf8');

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
const anchorsOf = (file: string) =>
  new Set(
    [...read(file).matchAll(/^#{1,6} (.+)$/gm)].map((m) =>
      (m[1] as string)
        .toLowerCase()
        .replace(/[^\p{L}\p{N} _-]/gu, '')
        .replace(/ /g, '-'),
    ),
  );

const relativeLinks = (file: string) =>
  [
    ...read(file)
      .replace(/```[\s\S]*?```/g, '')
      .matchAll(/\]\(([^)\s]+)\)/g),
  ]
    .map((m) => m[1] as string)
    .filter((target) => !/^[a-z]+:/.test(target));

describe('the README and docs/', () => {
  it('keeps the README under 300 lines', () => {
    expect(read('README.md').split('\n').length).toBeLessThan(300);
  });

  it('links only to files (and headings) that exist', () => {
    const broken = pages.flatMap((file) =>
      relativeLinks(file)
        .filter((target) => {
          const [where, anchor] = target.split('#');
          const resolved = where ? path.join(path.dirname(file), where) : file;
          if (!existsSync(path.join(repoRoot, resolved))) return true;
          return anchor !== undefined && resolved.endsWith('.md') && !anchorsOf(resolved).has(anchor);
        })
        .map((target) => `${file} -> ${target}`),
    );
    expect(broken).toEqual([]);
  });

  it('links every docs/*.md from the README', () => {
    const linked = new Set(relativeLinks('README.md').map((target) => target.split('#')[0]));
    expect(pages.filter((file) => file !== 'README.md' && !linked.has(file))).toEqual([]);
  });
});
