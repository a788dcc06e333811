import { buildWarnings } from '../../scripts/build-if-stale';

// CI fails the test command's build when Next reports warnings (scripts/build-if-stale.ts): this is how it counts them.
describe('buildWarnings', () => {
  it('reads the count Turbopack gives, one or many', () => {
    expect(
      buildWarnings('✓ Generating static pages (33/33)\nTurbopack build encountered 11 warnings:\n./lib/mail\n'),
    ).toBe(11);
    expect(buildWarnings('Turbopack build encountered 1 warning:\n./instrumentation.ts:13:36\n')).toBe(1);
  });

  it('is 0 for a build that reported none', () => {
    expect(
      buildWarnings(
        '▲ Next.js 16.4.6 (Turbopack)\n✓ Compiled successfully in 17.7s\n✓ Generating static pages (33/33)\n',
      ),
    ).toBe(0);
  });
});
