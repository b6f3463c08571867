import { readFileSync } from 'node:fs';
import { compile } from '../language/index.ts';
import { sweepSeeds } from './sweep-seeds.ts';
import { seedsOf } from './seeds.ts';
const c = compile(readFileSync(process.argv[2]!,'utf8')).config!;
const s = sweepSeeds(c, seedsOf({from:1,count:Number(process.argv[3] ?? 200)}));
console.log(JSON.stringify({...s, outcomes: undefined, failures: s.failures.slice(0,5)}, null, 1));
