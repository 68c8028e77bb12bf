/**
 * ustar / tar.gz against python's tarfile as the independent oracle: python reads our archives
 * (live, when /usr/bin/python3 exists) and we read one python wrote (committed fixture made by
 * scripts/fixtures/make_tar_golden.py).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { createTar, createTarGz, readTar, readTarGz, TAR_MTIME, type TarEntry } from '../../shared/core/archive/tar';
import { Random } from '../../shared/core/util/random';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'archive');

function randomBytes(random: Random, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = random.int(256);
  return out;
}

function sampleEntries(): TarEntry[] {
  const random = new Random(41);
  return [
    { name: 'xgboost-model', body: randomBytes(random, 4097) },
    { name: 'empty', body: new Uint8Array(0) },
    { name: 'block/exact.bin', body: randomBytes(random, 1024) },
    { name: `${'n'.repeat(95)}.json`, body: new TextEncoder().encode('{"é": 1}') },
  ];
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

const pythonAbsent = spawnSync('/usr/bin/python3', ['-c', 'import tarfile'], { encoding: 'utf8' }).status !== 0;

describe('tar round trip', () => {
  test('createTarGz then readTarGz returns the same names and bytes, in order', () => {
    const entries = sampleEntries();
    const read = readTarGz(createTarGz(entries));
    assert.deepEqual(
      read.map((e) => e.name),
      entries.map((e) => e.name),
    );
    read.forEach((entry, i) => assert.deepEqual(entry.body, entries[i].body));
  });

  test('the archive is deterministic and block-aligned: header + padded data + two zero blocks', () => {
    const entries = sampleEntries();
    assert.deepEqual(createTarGz(entries), createTarGz(entries));
    const tar = createTar(entries);
    const expected = entries.reduce((sum, e) => sum + 512 + Math.ceil(e.body.length / 512) * 512, 1024);
    assert.equal(tar.length, expected);
    assert.ok(tar.subarray(tar.length - 1024).every((b) => b === 0));
  });

  test('an empty archive is just the end marker', () => {
    assert.deepEqual(readTarGz(createTarGz([])), []);
    assert.equal(createTar([]).length, 1024);
  });

  test('bad names and bodies are refused with the entry named', () => {
    assert.throws(
      () => createTar([{ name: 'x'.repeat(101), body: new Uint8Array(1) }]),
      /tar entry 0 .*101 bytes, at most 100/,
    );
    assert.throws(
      () => createTar([{ name: '', body: new Uint8Array(1) }]),
      /tar entry 0: name must be a non-empty string/,
    );
    assert.throws(() => createTar([{ name: '../evil', body: new Uint8Array(1) }]), /relative file path/);
    assert.throws(() => createTar([{ name: '/abs', body: new Uint8Array(1) }]), /relative file path/);
    assert.throws(
      () =>
        createTar([
          { name: 'a', body: new Uint8Array(1) },
          { name: 'a', body: new Uint8Array(1) },
        ]),
      /tar entry 1: duplicate name "a"/,
    );
  });

  test('corruption is detected: checksum, truncation, not gzip, unsupported entry types', () => {
    const tar = createTar(sampleEntries());
    const flipped = tar.slice();
    flipped[10] ^= 0xff;
    assert.throws(() => readTar(flipped), /header at byte 0: checksum \d+ does not match/);
    assert.throws(() => readTar(tar.subarray(0, 512 + 4608)), /no end-of-archive marker after 1 entries/);
    assert.throws(() => readTar(tar.subarray(0, 700)), /not a multiple of 512/);
    assert.throws(() => readTarGz(tar), /missing the gzip signature/);
    const truncatedGzip = createTarGz(sampleEntries()).subarray(0, 100);
    assert.throws(() => readTarGz(truncatedGzip), /gzip data is corrupt/);
    const symlink = createTar([{ name: 'link', body: new Uint8Array(0) }]);
    symlink[156] = 0x32;
    // Re-seal the checksum so the type, not the checksum, is what gets refused.
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 0x20 : symlink[i];
    symlink.set(new TextEncoder().encode(`${sum.toString(8).padStart(6, '0')}\0 `), 148);
    assert.throws(() => readTar(symlink), /entry "link" is a symbolic link; only regular files/);
  });
});

describe('python tarfile as the oracle', () => {
  test('we read an archive written by python tarfile (ustar prefix field, directory entry, gzip)', () => {
    const golden = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'python-made.json'), 'utf8')) as {
      members: Array<{ name: string; size: number; sha256: string }>;
    };
    const read = readTarGz(new Uint8Array(fs.readFileSync(path.join(FIXTURES, 'python-made.tar.gz'))));
    assert.deepEqual(
      read.map((e) => ({ name: e.name, size: e.body.length, sha256: sha256(e.body) })),
      golden.members,
    );
  });

  test("the reader stops at the end marker and ignores python's 10 KiB record padding", () => {
    const tar = new Uint8Array(gunzipSync(fs.readFileSync(path.join(FIXTURES, 'python-made.tar.gz'))));
    assert.equal(tar.length % 10240, 0);
    const padded = new Uint8Array(tar.length + 5 * 512);
    padded.set(tar);
    assert.deepEqual(
      readTar(padded).map((e) => e.name),
      readTar(tar).map((e) => e.name),
    );
    assert.equal(readTar(tar).length, 5);
  });

  test(
    'python tarfile reads our archive: names, sizes, bytes, mode 0644, fixed mtime, regular files',
    { skip: pythonAbsent ? '/usr/bin/python3 with tarfile is not available' : false },
    () => {
      const entries = sampleEntries();
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tar-oracle-'));
      try {
        const file = path.join(dir, 'model.tar.gz');
        fs.writeFileSync(file, createTarGz(entries));
        const script = [
          'import hashlib, json, sys, tarfile',
          "with tarfile.open(sys.argv[1], 'r:gz') as t:",
          '    out = []',
          '    for m in t.getmembers():',
          '        data = t.extractfile(m).read()',
          "        out.append({'name': m.name, 'size': m.size, 'sha256': hashlib.sha256(data).hexdigest(), 'mode': m.mode, 'mtime': m.mtime, 'isfile': m.isfile()})",
          'print(json.dumps(out))',
        ].join('\n');
        const run = spawnSync('/usr/bin/python3', ['-c', script, file], { encoding: 'utf8' });
        assert.equal(run.status, 0, run.stderr);
        const listed = JSON.parse(run.stdout) as Array<Record<string, unknown>>;
        assert.deepEqual(
          listed,
          entries.map((e) => ({
            name: e.name,
            size: e.body.length,
            sha256: sha256(e.body),
            mode: 0o644,
            mtime: TAR_MTIME,
            isfile: true,
          })),
        );
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
