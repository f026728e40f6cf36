// The launcher bin/run.js requires: bundled into one CommonJS file (dist/launch.cjs, by
// scripts/build-bundle.js), because a CommonJS entry with one module starts faster than an ES
// module entry that imports three (measured: an ESM entry alone costs ~8% of node's start-up).
export {loadCli} from './launch.js'
export {quickVersionLine} from './quick-version.js'
