import { textString } from './serialize';

type Entry = { title: string; page: number; children?: Entry[] };
type Node = { entry: Entry; num: number; children: Node[] };
type Output = {
  allocate: () => number;
  pageObject: (page: number) => number;
  object: (num: number, body: string) => void;
};

/**
 * Writes the document outline (bookmarks) as the standard tree of items linked by
 * /First /Last /Next /Prev /Parent, every item open, each with a /Dest to its page;
 * returns the number of the /Outlines dictionary for the catalog.
 */
export function writeOutline(entries: Entry[], out: Output): number {
  const root = out.allocate();
  const number = (list: Entry[]): Node[] =>
    list.map((entry) => ({ entry, num: out.allocate(), children: number(entry.children ?? []) }));
  // /Count: how many descendants are visible with every item open.
  const visible = (nodes: Node[]): number => nodes.reduce((sum, n) => sum + 1 + visible(n.children), 0);
  const write = (nodes: Node[], parent: number) => {
    nodes.forEach((node, i) => {
      const parts = [
        `/Title ${textString(node.entry.title)}`,
        `/Parent ${parent} 0 R`,
        `/Dest [${out.pageObject(node.entry.page)} 0 R /Fit]`,
      ];
      if (i > 0) parts.push(`/Prev ${nodes[i - 1]!.num} 0 R`);
      if (i < nodes.length - 1) parts.push(`/Next ${nodes[i + 1]!.num} 0 R`);
      if (node.children.length) {
        parts.push(
          `/First ${node.children[0]!.num} 0 R`,
          `/Last ${node.children.at(-1)!.num} 0 R`,
          `/Count ${visible(node.children)}`,
        );
      }
      out.object(node.num, `<< ${parts.join(' ')} >>`);
      write(node.children, node.num);
    });
  };
  const top = number(entries);
  write(top, root);
  out.object(
    root,
    `<< /Type /Outlines /First ${top[0]!.num} 0 R /Last ${top.at(-1)!.num} 0 R /Count ${visible(top)} >>`,
  );
  return root;
}
