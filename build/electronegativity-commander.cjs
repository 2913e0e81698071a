// Preloaded into Electronegativity's process (build script, plain Node).
// Electronegativity requires 'commander' without declaring it and was written
// for commander 5, the copy its own dependency @electron/asar brings. Our CLI
// uses commander 14, which npm now hoists to the top, where Electronegativity
// would find it and crash. This sends its requires to @electron/asar's copy.
const Module = require('node:module');
const { dirname, sep } = require('node:path');

const tool = dirname(require.resolve('@doyensec/electronegativity/package.json'));
const asar = dirname(require.resolve('@electron/asar/package.json', { paths: [tool] }));
const commander = require.resolve('commander', { paths: [asar] });
const toolFiles = `${sep}@doyensec${sep}electronegativity${sep}`;

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  if (request === 'commander' && parent && parent.filename && parent.filename.includes(toolFiles)) return commander;
  return resolve.call(this, request, parent, ...rest);
};
