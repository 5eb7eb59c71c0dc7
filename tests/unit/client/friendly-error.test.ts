import { expect, test } from 'vitest';
import { invalid } from '../../../src/lib/library/errors';
import { friendlyMessage } from '../../../src/lib/client/friendly-error';

test('validation refusals read as sentences naming the field in words', () => {
  expect(
    friendlyMessage(invalid('name', 'Too big: expected string to have <=255 characters')),
  ).toBe('Name is too long (255 characters at most)');
  expect(
    friendlyMessage(invalid('tags.3', 'Too small: expected string to have >=1 characters')),
  ).toBe('A tag cannot be empty');
  expect(friendlyMessage(invalid('metadata.mood', 'Something odd'))).toBe('Mood: something odd');
});
