import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { addCompileHints, COMPILE_HINT } from '../../scripts/compile-hints';

test("every browser chunk of a build starts with V8's compile hint, once; other files are left as they are", () => {
  const next = fs.mkdtempSync(path.join(os.tmpdir(), 'compile-hints-'));
  const chunks = path.join(next, 'static/chunks');
  fs.mkdirSync(path.join(chunks, 'app'), { recursive: true });
  fs.writeFileSync(path.join(chunks, 'a.js'), '(globalThis.TURBOPACK||=[]).push([1]);');
  fs.writeFileSync(path.join(chunks, 'app/b.js'), 'console.log(2);');
  fs.writeFileSync(path.join(chunks, 'c.css'), 'body{color:red}');
  expect(addCompileHints(next)).toBe(2);
  expect(fs.readFileSync(path.join(chunks, 'a.js'), 'utf8')).toBe(
    `${COMPILE_HINT}(globalThis.TURBOPACK||=[]).push([1]);`,
  );
  expect(fs.readFileSync(path.join(chunks, 'app/b.js'), 'utf8')).toBe(`${COMPILE_HINT}console.log(2);`);
  expect(fs.readFileSync(path.join(chunks, 'c.css'), 'utf8')).toBe('body{color:red}');
  expect(addCompileHints(next)).toBe(0);
  expect(fs.readFileSync(path.join(chunks, 'a.js'), 'utf8').split(COMPILE_HINT)).toHaveLength(2);
  fs.rmSync(next, { recursive: true, force: true });
});

test('a folder without a build is refused', () => {
  expect(() => addCompileHints(path.join(os.tmpdir(), 'no-such-build'))).toThrow('No production build');
});
