import * as migration_20261204_222126_initial from './20261204_222126_initial';

export const migrations = [
  {
    up: migration_20261204_222126_initial.up,
    down: migration_20261204_222126_initial.down,
    name: '20261204_222126_initial'
  },
];
