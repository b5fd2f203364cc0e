import { describe, expect, it } from 'vitest';
import { type Action, actions, can, grantOf, grantsOf, type Role, roleAllows, roles } from './access';

/** The role table of the issue, written out per role rather than derived from the code's order. */
const allowed: Record<Role, readonly Action[]> = {
  viewer: ['read'],
  runner: ['read', 'submit', 'retry', 'resubmit', 'stop', 'terminate', 'suspend', 'resume', 'set'],
  editor: [
    'read',
    'submit',
    'retry',
    'resubmit',
    'stop',
    'terminate',
    'suspend',
    'resume',
    'set',
    'create-workflow',
    'delete-workflow',
    'edit-template',
    'edit-cron',
    'edit-secret',
  ],
  admin: [...actions],
};

describe('can', () => {
  for (const role of roles) {
    describe(`a ${role} token`, () => {
      for (const action of actions) {
        const expected = allowed[role].includes(action);
        it(`${expected ? 'may' : 'may not'} ${action} in every namespace when it holds "*"`, () => {
          expect(can({ role, namespace: '*' }, action, 'team-a')).toBe(expected);
          expect(can({ role, namespace: '*' }, action, undefined)).toBe(expected);
          expect(roleAllows(role, action)).toBe(expected);
        });
        it(`${expected ? 'may' : 'may not'} ${action} in its own namespace and nothing in another`, () => {
          expect(can({ role, namespace: 'team-a' }, action, 'team-a')).toBe(expected);
          expect(can({ role, namespace: 'team-a' }, action, 'team-b')).toBe(false);
        });
      }
      it('changes nothing cluster-wide when it holds one namespace only', () => {
        expect(can({ role, namespace: 'team-a' }, 'edit-template', undefined)).toBe(false);
        expect(can({ role, namespace: 'team-a' }, 'read', undefined)).toBe(false);
      });
    });
  }

  it('allows everything when the server names no role (auth mode server)', () => {
    for (const action of actions) expect(can(undefined, action, 'anywhere')).toBe(true);
  });
});

describe('grantOf', () => {
  it('reads the role and namespace of a client-mode userinfo answer', () => {
    expect(grantOf({ role: 'runner', namespace: 'team-a', subject: 'token:x', groups: [] } as never)).toEqual(
      {
        role: 'runner',
        namespace: 'team-a',
      },
    );
  });

  it('finds no grant in an empty answer or an unknown role', () => {
    expect(grantOf({})).toBeUndefined();
    expect(grantOf({ role: 'superuser', namespace: '*' })).toBeUndefined();
  });
});

describe('the grants of a userinfo answer', () => {
  it('takes every grant a sign-on session lists, else its one role and namespace', () => {
    expect(
      grantsOf({
        role: 'runner',
        namespace: 'a',
        grants: [
          { role: 'runner', namespace: 'a' },
          { role: 'viewer', namespace: 'b' },
        ],
      }),
    ).toEqual([
      { role: 'runner', namespace: 'a' },
      { role: 'viewer', namespace: 'b' },
    ]);
    expect(grantsOf({ role: 'editor', namespace: '*' })).toEqual([{ role: 'editor', namespace: '*' }]);
    expect(grantsOf({})).toBeUndefined();
  });
});
