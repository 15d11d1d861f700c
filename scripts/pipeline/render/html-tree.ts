// Walking a parse5 tree, for the pages' policy (csp.ts, policy-meta.ts).
import type { DefaultTreeAdapterTypes } from 'parse5';

type Node = DefaultTreeAdapterTypes.Node;
type Element = DefaultTreeAdapterTypes.Element;

/** Every element named `tagName` under `root`, in document order, templates' contents included. */
export function elements(root: Node, tagName: string): Element[] {
  const found: Element[] = [];
  const walk = (node: Node) => {
    if ('tagName' in node && node.tagName === tagName) found.push(node);
    // A <template>'s content is a fragment of its own.
    const children = 'content' in node ? node.content.childNodes : 'childNodes' in node ? node.childNodes : [];
    for (const child of children) walk(child);
  };
  walk(root);
  return found;
}

/** The text an element holds directly (a <style>'s stylesheet). */
export function textOf(element: Element): string {
  return element.childNodes.map((child) => ('value' in child && child.nodeName === '#text' ? child.value : '')).join('');
}

export function attribute(element: Element, name: string): string | undefined {
  return element.attrs.find((a) => a.name === name)?.value;
}

/** A `<meta http-equiv="Content-Security-Policy">`. */
export function isPolicyMeta(meta: Element): boolean {
  return attribute(meta, 'http-equiv')?.toLowerCase() === 'content-security-policy';
}
