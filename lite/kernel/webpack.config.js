// lite/js/kernel.mjs, which the worker imports, finds its npm packages
// here: this folder's package-lock.json is the one the site is built from.
const path = require('path');

module.exports = {
  resolve: { modules: [path.resolve(__dirname, 'node_modules'), 'node_modules'] }
};
