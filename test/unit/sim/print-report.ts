// Prints the Report JSON of the determinism fixture, so a test can compare two separate processes.
import { determinismConfig, reportJson } from './determinism-fixture.ts';

process.stdout.write(reportJson(determinismConfig(Number(process.argv[2] ?? 7))));
