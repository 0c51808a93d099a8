import * as migration_20261204_110449_initial from './20261204_110449_initial';

export const migrations = [
  {
    up: migration_20261204_110449_initial.up,
    down: migration_20261204_110449_initial.down,
    name: '20261204_110449_initial'
  },
];
