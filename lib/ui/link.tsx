import NextLink from 'next/link';
import type { ComponentProps } from 'react';

/**
 * next/link that does not prefetch unless asked to (`prefetch` given). Every page here is dynamic and per user,
 * so a prefetch is a server render of the target's layouts (session check, database reads) that gives the
 * browser nothing it can show before the click: a search page of 20 results made 39 such requests as it was
 * read on a phone, the case list 22 (docs/decisions/0032-links-do-not-prefetch.md). A click navigates on the
 * client as before. ESLint keeps next/link itself out of app/ and lib/.
 */
export default function Link({ prefetch = false, ...props }: ComponentProps<typeof NextLink>) {
  return <NextLink prefetch={prefetch} {...props} />;
}
