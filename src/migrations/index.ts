import * as migration_20261204_203051_initial from './20261204_203051_initial';

export const migrations = [
  {
    up: migration_20261204_203051_initial.up,
    down: migration_20261204_203051_initial.down,
    name: '20261204_203051_initial'
  },
];
