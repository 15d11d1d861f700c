// The sanitizer silently removes what the schema does not allow; authors need
// to know why their embed or button vanished. This pass walks the same tree
// before sanitizing and reports, once per document and line, what will go.
import type { Element, Root, RootContent } from 'hast';
import type { Schema } from 'hast-util-sanitize';
import type { Point } from 'unist';
import type { VFile } from 'vfile';
import { warn } from '../core/messages.ts';

type Attributes = NonNullable<Schema['attributes']>;

export function reportUnsafeHtml(tree: Root, schema: Schema, file: VFile): void {
  const tags = new Set(schema.tagNames ?? []);
  const seen = new Set<string>();
  // Nodes made from Markdown syntax (not raw HTML) may lack a position: use the nearest ancestor's.
  let place: Point | undefined;
  const report = (node: Element, reason: string): void => {
    const start = node.position?.start ?? place;
    const key = `${start?.line ?? 0}:${reason}`;
    if (seen.has(key)) return;
    seen.add(key);
    warn(file, reason, start, 'unsafe-html');
  };

  const visit = (node: Root | RootContent): void => {
    const outer = place;
    if (node.position) place = node.position.start;
    visitNode(node);
    place = outer;
  };
  const visitNode = (node: Root | RootContent): void => {
    if (node.type === 'element') {
      // A GFM task list checkbox is made by the Markdown parser, not pasted: dropping it is expected.
      if (node.tagName === 'input' && !node.position && node.properties.type === 'checkbox') return;
      if (!tags.has(node.tagName)) {
        report(node, `Removed \`<${node.tagName}>\`: raw HTML may not contain it in a release`);
        if ((schema.strip ?? []).includes(node.tagName)) return;
      } else {
        for (const [name, value] of Object.entries(node.properties)) {
          const problem = attributeProblem(node.tagName, name, value, schema.attributes ?? {}, schema.protocols ?? {});
          if (problem) report(node, `Removed ${problem} on \`<${node.tagName}>\``);
        }
      }
    }
    if ('children' in node) for (const child of node.children) visit(child);
  };
  visit(tree);
}

function attributeProblem(
  tag: string,
  name: string,
  value: unknown,
  attributes: Attributes,
  protocols: NonNullable<Schema['protocols']>,
): string | undefined {
  const allowed = [...(attributes[tag] ?? []), ...(attributes['*'] ?? [])].some((a) =>
    typeof a === 'string' ? a === name : a[0] === name,
  );
  const attr = `\`${toAttributeName(name)}\``;
  if (!allowed) return name.startsWith('on') ? `event handler ${attr}` : `attribute ${attr}`;
  const allowedProtocols = protocols[name];
  if (allowedProtocols && typeof value === 'string') {
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value.trim())?.[1]?.toLowerCase();
    if (scheme && !allowedProtocols.includes(scheme)) return `${attr} with a \`${scheme}:\` URL`;
    // Image sources, data: ones included, are checked where images are resolved.
    if (scheme === 'data' && !(tag === 'img' && name === 'src')) {
      return `${attr} with a \`data:\` URL (allowed only for images)`;
    }
  }
  return undefined;
}

/** `data:` URLs are allowed for raster images only: an SVG can carry script. */
export function isDataImage(url: string): boolean {
  return /^data:image\/(png|jpeg|gif|webp|avif)[;,]/i.test(url.trim());
}

function toAttributeName(property: string): string {
  if (property === 'className') return 'class';
  if (property === 'htmlFor') return 'for';
  // hast spells handlers `onMouseOver`; HTML has no dashes in them: `onmouseover`.
  if (/^on[A-Z]/.test(property)) return property.toLowerCase();
  return property.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`).replace(/^on-/, 'on');
}
