import * as migration_20261204_173446_initial from './20261204_173446_initial';

export const migrations = [
  {
    up: migration_20261204_173446_initial.up,
    down: migration_20261204_173446_initial.down,
    name: '20261204_173446_initial'
  },
];
