import * as migration_20261204_172328_initial from './20261204_172328_initial';

export const migrations = [
  {
    up: migration_20261204_172328_initial.up,
    down: migration_20261204_172328_initial.down,
    name: '20261204_172328_initial'
  },
];
