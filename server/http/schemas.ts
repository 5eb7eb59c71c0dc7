/** Account fields as they cross the HTTP and admin boundaries. */
import { z } from 'zod';
import { MIN_PASSWORD_LENGTH } from '../auth/passwords';

export const usernameSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(64)
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_.@-]*$/,
    'must start with a letter or digit and contain only letters, digits, . _ @ -',
  );

export const passwordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(1024);

export const displayNameSchema = z.string().trim().min(1, 'must not be empty').max(100);

export const teamNameSchema = z.string().trim().min(1, 'must not be empty').max(100);
