/** A linear history for barrier tests: each commit's ancestors are the ones before it. */
export const OLD = "1111111111111111111111111111111111111111";
export const MINE = "2222222222222222222222222222222222222222";
export const NEWER = "3333333333333333333333333333333333333333";
export const UNRELATED = "9999999999999999999999999999999999999999";

const HISTORY = [OLD, MINE, NEWER];

/** Is `commit` an ancestor of `revision` in the history above? */
export function isAncestor(commit: string, revision: string): Promise<boolean> {
  const a = HISTORY.indexOf(commit);
  const b = HISTORY.indexOf(revision);
  return Promise.resolve(a !== -1 && b !== -1 && a < b);
}

export const isDescendantOfMine = (revision: string): Promise<boolean> => isAncestor(MINE, revision);
