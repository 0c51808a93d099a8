import * as migration_20261125_162741_initial from './20261125_162741_initial';

export const migrations = [
  {
    up: migration_20261125_162741_initial.up,
    down: migration_20261125_162741_initial.down,
    name: '20261125_162741_initial'
  },
];
