import * as migration_20261204_201711_initial from './20261204_201711_initial';
import * as migration_20261204_201711_public_story_count from './20261204_201711_public_story_count';

export const migrations = [
  {
    up: migration_20261204_201711_initial.up,
    down: migration_20261204_201711_initial.down,
    name: '20261204_201711_initial'
  },
  {
    up: migration_20261204_201711_public_story_count.up,
    down: migration_20261204_201711_public_story_count.down,
    name: '20261204_201711_public_story_count'
  },
];
