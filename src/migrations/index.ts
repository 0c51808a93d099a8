import * as migration_20261125_155915_initial from './20261125_155915_initial';

export const migrations = [
  {
    up: migration_20261125_155915_initial.up,
    down: migration_20261125_155915_initial.down,
    name: '20261125_155915_initial'
  },
];
