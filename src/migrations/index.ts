import * as migration_20261204_234028_initial from './20261204_234028_initial';

export const migrations = [
  {
    up: migration_20261204_234028_initial.up,
    down: migration_20261204_234028_initial.down,
    name: '20261204_234028_initial'
  },
];
