import { describe, expect, it } from 'vitest';
import { localRunNotes } from './local-run-notes.js';

describe('localRunNotes', () => {
  it('says nothing for a plain workflow', () => {
    expect(localRunNotes({ entrypoint: 'a', templates: [{ name: 'a', container: { image: 'x' } }] })).toEqual(
      [],
    );
  });

  it('notes retryStrategy.affinity on a template or the workflow', () => {
    const template = {
      name: 'a',
      container: { image: 'x' },
      retryStrategy: { limit: 2, affinity: { nodeAntiAffinity: {} } },
    };
    expect(localRunNotes({ templates: [template] })).toEqual([
      expect.stringContaining('affinity is ignored'),
    ]);
    expect(localRunNotes({ retryStrategy: { affinity: {} } })).toEqual([
      expect.stringContaining('affinity is ignored'),
    ]);
  });

  it('notes podGC and ttlStrategy as having no local effect', () => {
    const notes = localRunNotes({
      podGC: { strategy: 'OnPodSuccess' },
      ttlStrategy: { secondsAfterCompletion: 10 },
    });
    expect(notes).toHaveLength(2);
    expect(notes[0]).toContain('podGC');
    expect(notes[1]).toContain('ttlStrategy');
  });
});
