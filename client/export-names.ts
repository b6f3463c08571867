// File names for exports, from the scenario name and seed: "raft: leader isolated", 7 →
// "raft-leader-isolated-seed-7.html". Safe on every file system; the seed says how to replay it.

export function slugify(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug === '' ? 'scenario' : slug;
}

export function exportFileName(scenario: string, seed: number, extension: string): string {
  return `${slugify(scenario)}-seed-${seed}.${extension}`;
}
