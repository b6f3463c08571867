// Quorum arithmetic in words, for hover and inlay hints: how many votes a majority needs and
// how many nodes may fail, for *this* cluster size.

export function majorityOf(nodes: number): number {
  return Math.floor(nodes / 2) + 1;
}

export function toleratedFailures(nodes: number): number {
  return nodes <= 0 ? 0 : nodes - majorityOf(nodes);
}

/** "5 nodes: a majority is 3, so 2 may fail." with a remark for the sizes that surprise people. */
export function quorumSentence(nodes: number): string {
  if (nodes <= 0) return 'No nodes: nothing can be decided.';
  if (nodes === 1) return '1 node: it is its own majority, so it cannot fail without stopping everything.';
  const majority = majorityOf(nodes);
  const tolerated = toleratedFailures(nodes);
  const base = `${nodes} nodes: a majority is ${majority}, so ${tolerated === 0 ? 'no node' : tolerated} may fail`;
  if (nodes === 2) return `${base} — less available than a single node, since losing either one stops progress.`;
  if (nodes % 2 === 0) return `${base} — the same as ${nodes - 1} nodes, with one more vote to wait for.`;
  return `${base}.`;
}

/** "N = 3, R = 2, W = 2: every read quorum overlaps every write quorum (R + W > N)." */
export function leaderlessSentence(n: number, r: number, w: number): string {
  const overlap = r + w > n;
  return `N = ${n}, R = ${r}, W = ${w}: R + W = ${r + w} ${overlap ? '>' : '≤'} N, so ${overlap ? 'every read asks at least one replica that has the latest write' : 'a read can miss the latest write entirely'}.`;
}
