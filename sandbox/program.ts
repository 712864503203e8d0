/** How the host hands a compiled program to the runtime: evaluated as this file name,
 * wrapped in a function of this name (whose frames are the program's top level). */
export const PROGRAM_FILE = 'main.js';
export const PROGRAM_FUNCTION = '__module';
/** The host names the generator body of each async function `<name>` + this suffix, so
 * stack frames carry the function's name; the runtime strips it when reading frames. */
export const ASYNC_BODY_SUFFIX = '__async';
