import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';

describe('configuration', () => {
  it('has defaults for everything but secrets', () => {
    expect(parseConfig({})).toMatchObject({ PORT: 4000, DATA_DIR: '.data', LOG_LEVEL: 'info', CORS_ORIGINS: [] });
  });

  it.each([
    ['PORT', 'eighty'],
    ['DATABASE_URL', 'mysql://localhost/db'],
    ['LOG_LEVEL', 'loud'],
    ['JWT_SECRET', 'short'],
  ])('a bad %s stops start-up with a message naming it', (name, value) => {
    expect(() => parseConfig({ [name]: value })).toThrow(new RegExp(`^Invalid configuration:\\n  ${name}: `));
  });

  it('reads CORS_ORIGINS as a comma-separated list', () => {
    expect(parseConfig({ CORS_ORIGINS: 'https://a.example, https://b.example' }).CORS_ORIGINS).toEqual([
      'https://a.example',
      'https://b.example',
    ]);
  });
});
