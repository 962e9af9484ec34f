import { describe, expect, it } from 'vitest';
import { availableMatchMoves, checkMatchMove, matchDiagram } from './match-lifecycle.ts';

const fresh = { state: 'proposed', requesterAcceptedAt: null, providerAcceptedAt: null };
const at = new Date('2027-01-01T00:00:00Z');

describe('the match lifecycle', () => {
  it('is accepted only when both sides have accepted, in either order', () => {
    const first = checkMatchMove(fresh, 'accept', ['provider']);
    expect(first).toMatchObject({ ok: true, to: 'interest_expressed', accepts: 'provider' });
    const second = checkMatchMove({ state: 'interest_expressed', requesterAcceptedAt: null, providerAcceptedAt: at }, 'accept', ['requester']);
    expect(second).toMatchObject({ ok: true, to: 'accepted', accepts: 'requester' });
    const again = checkMatchMove({ state: 'interest_expressed', requesterAcceptedAt: null, providerAcceptedAt: at }, 'accept', ['provider']);
    expect(!again.ok && again.problem).toBe('already_accepted');
  });

  it('needs a reason to decline, and ends there', () => {
    expect(checkMatchMove(fresh, 'decline', ['provider'])).toMatchObject({ ok: false, problem: 'reason_required' });
    expect(checkMatchMove(fresh, 'decline', ['provider'], 'No capacity this year')).toMatchObject({ ok: true, to: 'declined' });
    expect(availableMatchMoves({ ...fresh, state: 'declined' }, ['requester', 'provider', 'reviewer', 'system'])).toEqual([]);
  });

  it('leaves acceptance to the parties: reviewers may only decline', () => {
    expect(checkMatchMove(fresh, 'accept', ['reviewer'])).toMatchObject({ ok: false, problem: 'not_yours' });
    expect(availableMatchMoves(fresh, ['reviewer'])).toEqual(['decline']);
    expect(checkMatchMove(fresh, 'merge', ['reviewer'])).toMatchObject({ ok: false, problem: 'unknown_transition' });
  });

  it('reaches an agreement only once accepted', () => {
    expect(checkMatchMove(fresh, 'agree', ['system'])).toMatchObject({ ok: false, problem: 'not_from_here' });
    expect(checkMatchMove({ state: 'accepted', requesterAcceptedAt: at, providerAcceptedAt: at }, 'agree', ['system'])).toMatchObject({ ok: true, to: 'agreed' });
  });

  it('draws its diagram by trying every move', () => {
    const d = matchDiagram();
    expect(d).toContain('proposed --> accepted: accept (the other side had)');
    expect(d).toContain('accepted --> agreed: agree');
    expect(d).not.toContain('declined --> accepted');
  });
});
