import * as migration_20261204_203956_initial from './20261204_203956_initial';

export const migrations = [
  {
    up: migration_20261204_203956_initial.up,
    down: migration_20261204_203956_initial.down,
    name: '20261204_203956_initial'
  },
];
