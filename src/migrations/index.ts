import * as migration_20261204_162714_initial from './20261204_162714_initial';

export const migrations = [
  {
    up: migration_20261204_162714_initial.up,
    down: migration_20261204_162714_initial.down,
    name: '20261204_162714_initial'
  },
];
