import * as migration_20261204_171140_initial from './20261204_171140_initial';

export const migrations = [
  {
    up: migration_20261204_171140_initial.up,
    down: migration_20261204_171140_initial.down,
    name: '20261204_171140_initial'
  },
];
