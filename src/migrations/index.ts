import * as migration_20261204_200900_initial from './20261204_200900_initial';

export const migrations = [
  {
    up: migration_20261204_200900_initial.up,
    down: migration_20261204_200900_initial.down,
    name: '20261204_200900_initial'
  },
];
