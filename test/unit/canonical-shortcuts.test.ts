// The canonicalization shortcut of the synchronous-hashing builds (plainCanonicalQuery) against the
// general path it stands in for, which builds get it, the URL splitter's scheme rule, and the runtime
// modules' shared shape.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalQueryOfRaw, plainCanonicalQuery } from '../../src/canonical/query.js';
import { splitUrl } from '../../src/canonical/url.js';
import * as nodeRuntime from '../../src/runtime/node.js';
import * as webRuntime from '../../src/runtime/web.js';
import * as denoRuntime from '../../src/runtime/deno.js';
import * as shortcuts from '../../src/canonical/shortcuts.js';
import * as noShortcuts from '../../src/canonical/no-shortcuts.js';
import { aliases } from '../../src/runtime/aliases.mjs';
import { fcParams } from '../fixtures/hardening/fuzz.js';

// Characters that take the shortcut, and some that must send a query to the general path.
const plainChar = fc.constantFrom(...'aAzZ09-_.~bc'.split(''));
const anyChar = fc.constantFrom(...'aAzZ09-_.~&==%2+ /?é😀'.split(''), '%20', '%3D', '\ud800');

describe('plainCanonicalQuery (the shortcut of the node:crypto builds)', () => {
  it('is the shortcut the node and deno builds use and the web build leaves out', () => {
    expect(shortcuts.plainCanonicalQuery).toBe(plainCanonicalQuery);
    expect(noShortcuts.plainCanonicalQuery).toBeNull();
    expect(aliases('node')['#shortcuts']).toMatch(/src\/canonical\/shortcuts\.ts$/);
    expect(aliases('deno')['#shortcuts']).toMatch(/src\/canonical\/shortcuts\.ts$/);
    expect(aliases('web')['#shortcuts']).toMatch(/src\/canonical\/no-shortcuts\.ts$/);
    expect(aliases('deno')['#runtime']).toMatch(/src\/runtime\/deno\.ts$/);
  });

  it('answers plain queries as the general path does, sorted by name then value', () => {
    expect(plainCanonicalQuery('marker=abc&limit=2')).toBe('limit=2&marker=abc');
    expect(plainCanonicalQuery('b=2&a&a=1&&c=')).toBe('a=&a=1&b=2&c=');
    expect(plainCanonicalQuery('=x&a')).toBe('a=');
    expect(plainCanonicalQuery('')).toBe('');
    // More than 16 pairs take Array#sort instead of the insertion sort.
    const many = Array.from({ length: 20 }, (_, i) => `k${(19 - i).toString().padStart(2, '0')}=v`).join('&');
    expect(plainCanonicalQuery(many)).toBe(canonicalQueryOfRaw(many));
    expect(plainCanonicalQuery(many)!.startsWith('k00=v&k01=v&')).toBe(true);
  });

  it('declines what decoding or encoding would change', () => {
    for (const q of ['q=a%20b', 'q=a+b', 'a==b', 'q=é', 'q=a b', '?x=1', 'q=a/b']) expect(plainCanonicalQuery(q), q).toBeNull();
  });

  it('never disagrees with the general path (random queries)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(plainChar, anyChar), { maxLength: 40 }), (chars) => {
        const raw = chars.join('');
        const fast = plainCanonicalQuery(raw);
        if (fast !== null) expect(fast).toBe(canonicalQueryOfRaw(raw));
      }),
      fcParams(2000),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.array(plainChar, { maxLength: 4 }), fc.array(plainChar, { maxLength: 4 })), { maxLength: 24 }), (pairs) => {
        const raw = pairs.map(([n, v]) => n.join('') + '=' + v.join('')).join('&');
        expect(plainCanonicalQuery(raw)).toBe(canonicalQueryOfRaw(raw));
      }),
      fcParams(2000),
    );
  });
});

describe('splitUrl', () => {
  it('takes host, raw path and raw query after an RFC 3986 scheme', () => {
    expect(splitUrl('https://a.com:8443/x%2Fy/../z?b=1&a#f')).toEqual({ host: 'a.com:8443', path: '/x%2Fy/../z', query: 'b=1&a' });
    expect(splitUrl('HTTP://A.example/p')).toEqual({ host: 'A.example', path: '/p', query: '' });
    expect(splitUrl('coap+tcp.v1-x://h/p')).toEqual({ host: 'h', path: '/p', query: '' });
    expect(splitUrl('https://user:pw@h:1/p?q=@')).toEqual({ host: 'h:1', path: '/p', query: 'q=@' });
    expect(splitUrl('https://h?x=1')).toEqual({ host: 'h', path: '', query: 'x=1' });
    expect(splitUrl('https://h')).toEqual({ host: 'h', path: '', query: '' });
  });

  it('reads anything without a scheme as an origin-form target', () => {
    expect(splitUrl('/v1/x?y=1://z')).toEqual({ host: '', path: '/v1/x', query: 'y=1://z' });
    // A scheme starts with a letter and holds only letters, digits, '+', '-' and '.'.
    expect(splitUrl('1http://h/p')).toEqual({ host: '', path: '1http://h/p', query: '' });
    expect(splitUrl('://h/p')).toEqual({ host: '', path: '://h/p', query: '' });
    expect(splitUrl('ht_tp://h/p')).toEqual({ host: '', path: 'ht_tp://h/p', query: '' });
  });
});

describe('runtime modules', () => {
  it('node.ts, deno.ts and web.ts export the same names (the contract, which typecheck holds them to)', () => {
    expect(Object.keys(webRuntime).sort()).toEqual(Object.keys(nodeRuntime).sort());
    expect(Object.keys(denoRuntime).sort()).toEqual(Object.keys(nodeRuntime).sort());
    expect([nodeRuntime.runtimeName, denoRuntime.runtimeName, webRuntime.runtimeName]).toEqual(['node', 'deno', 'web']);
  });
});
