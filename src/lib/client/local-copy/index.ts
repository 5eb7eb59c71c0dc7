export { LocalCopy, DEFAULT_PART_SIZE, type LocalCopyOptions } from './local-copy';
