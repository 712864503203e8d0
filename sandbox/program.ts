/** How the host hands a compiled program to the runtime: evaluated as this file name,
 * wrapped in a function of this name (whose frames are the program's top level). */
export const PROGRAM_FILE = 'main.js';
export const PROGRAM_FUNCTION = '__module';
