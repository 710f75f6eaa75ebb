import { strict as assert } from 'node:assert';
import { Logger } from '../../../src/host/shared/logger';
import { FakeLogChannel } from './fakes';

describe('host logger', () => {
  it('every line passes through the scrubber', () => {
    const ch = new FakeLogChannel();
    const log = new Logger(ch);
    const key = 'sk-ruta-live-9f8e7d6c5b4a39281706';
    log.addSecret(key);
    log.info(`calling with ${key}`);
    log.warn('header', { authorization: `Bearer ${key}` });
    log.error('failed', new Error(`bad key ${key}`));
    log.debug(key);
    log.trace(`x${key}x`);
    assert.equal(ch.lines.length, 5);
    for (const line of ch.lines) assert.ok(!line.includes(key), line);
    assert.ok(!ch.lines.join('\n').includes('9f8e7d6c5b4a39281706'));
  });
});
