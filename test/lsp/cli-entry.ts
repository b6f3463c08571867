// Runs the CLI from source, exactly as bin/faultline runs the bundle: `faultline <args>`.
import { main } from '../../cli/main.ts';

process.exitCode = await main(process.argv.slice(2));
