/**
 * "1 invitation", "11 invitations": a count with its noun in the right number. English nouns here
 * take an "s" unless `pluralNoun` says otherwise; never a parenthesised "s".
 */
export function plural(count: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : pluralNoun}`;
}
