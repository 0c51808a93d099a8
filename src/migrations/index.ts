import * as migration_20261204_145108_initial from './20261204_145108_initial';

export const migrations = [
  {
    up: migration_20261204_145108_initial.up,
    down: migration_20261204_145108_initial.down,
    name: '20261204_145108_initial'
  },
];
