// Every command the extension registers. The command table (commands.ts) is typed by this list,
// so a command cannot be declared without a handler; a test checks that package.json contributes
// and activates exactly these.

export const COMMAND_IDS = [
  'faultline.runScenario',
  'faultline.run',
  'faultline.runSeedSweep',
  'faultline.sweep',
  'faultline.debugScenario',
  'faultline.debug',
  'faultline.exploreSchedules',
  'faultline.explore',
  'faultline.openPlayground',
  'faultline.exportReport',
  'faultline.exportHistory',
  'faultline.explainConcept',
  'faultline.openSample',
] as const;

export type CommandId = (typeof COMMAND_IDS)[number];

/** The CodeLens actions: the language server emits them with {uri, scenario}; hidden from the palette. */
export const LENS_COMMANDS: readonly CommandId[] = ['faultline.run', 'faultline.sweep', 'faultline.debug', 'faultline.explore'];
