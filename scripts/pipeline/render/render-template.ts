// templates/ + document data -> standalone HTML. LiquidJS because it is built
// for untrusted-template-author settings (Shopify, Jekyll, Eleventy): templates
// cannot run JavaScript, every `{{ }}` is HTML-escaped (`outputEscape`), and it
// has layouts, blocks and partials that designers already know. The engine is
// loaded on first use so a no-change rebuild never pays for it.
import path from 'node:path';
import type { Liquid } from 'liquidjs';
import { BriefingError } from '../core/errors.ts';
import { fillPolicy, inspectPolicy, policyPlaceholder } from './csp.ts';

export interface RenderedPage {
  /** The page for disk, with its Content-Security-Policy. */
  readonly html: string;
  /** The same page with no policy meta, for the print pool (see csp.ts). */
  readonly print: string;
}

export interface TemplateEngine {
  /** Renders `templates/<name>.liquid` for disk; throws a TemplateError pointing into the template. */
  render(name: string, data: Record<string, unknown>): Promise<string>;
  /** Renders it for disk and for printing. */
  renderPage(name: string, data: Record<string, unknown>): Promise<RenderedPage>;
}

/** A problem inside a template file, with its position there. */
export class TemplateError extends BriefingError {
  constructor(
    message: string,
    readonly templatePath: string,
    readonly line: number,
    readonly column: number,
    options?: ErrorOptions,
  ) {
    super(message, { stage: 'render', file: templatePath, cause: options?.cause });
    this.name = 'TemplateError';
  }
}

export async function createTemplateEngine(templatesDir: string): Promise<TemplateEngine> {
  const { Liquid: LiquidEngine } = await import('liquidjs');
  const liquid: Liquid = new LiquidEngine({
    root: [templatesDir],
    extname: '.liquid',
    outputEscape: 'escape',
    strictFilters: true,
    cache: true,
    greedy: false,
  });
  liquid.registerFilter('css_string', cssString);
  // Rendered synchronously: LiquidJS's async renderer awaits every tag and output, which made the
  // index of a 1,000-release archive take 3.0–3.8 s against 0.2–0.7 s (our templates and filters
  // never wait on anything, and partials are read once, cached).
  const renderPage = async (name: string, data: Record<string, unknown>): Promise<RenderedPage> => {
    let filled: RenderedPage | undefined;
    try {
      // Rendered once, with the stand-in: one parse finds the styles the policy must allow and the policy meta, which the print copy leaves out.
      filled = fillPolicy(liquid.renderFileSync(name, { ...data, csp: policyPlaceholder }));
    } catch (error) {
      throw toTemplateError(error, templatesDir, name);
    }
    return filled ?? checkedPage(name, data);
  };
  // A template that does anything else with `csp`: rendered without it for print, with the policy of those styles for disk, and checked by a second parse.
  const checkedPage = async (name: string, data: Record<string, unknown>): Promise<RenderedPage> => {
    let print: string;
    let html: string;
    try {
      print = liquid.renderFileSync(name, { ...data, csp: undefined });
      const printed = inspectPolicy(print);
      html = liquid.renderFileSync(name, { ...data, csp: printed.needed });
      // Safe by default: a template that does not render the policy is an error, not an unprotected page.
      const declared = inspectPolicy(html).declared;
      if (declared.length === 1 && declared[0] === printed.needed && printed.declared.length === 0) return { html, print };
    } catch (error) {
      throw toTemplateError(error, templatesDir, name);
    }
    const layout = path.join(templatesDir, 'layouts', 'document.liquid');
    const expected = 'expected `{% if csp %}<meta http-equiv="Content-Security-Policy" content="{{ csp | raw }}">{% endif %}` in <head>';
    throw new TemplateError(`The page has no Content-Security-Policy of its own: ${expected}`, layout, 1, 1);
  };
  return {
    renderPage,
    async render(name, data) {
      return (await renderPage(name, data)).html;
    },
  };
}

/** A value as a quoted CSS string, safe inside a <style> element. */
export function cssString(value: unknown): string {
  const text = String(value ?? '');
  const escaped = text.replace(/[\\"<>\n\r\f]/g, (c) => `\\${c.charCodeAt(0).toString(16)} `);
  return `"${escaped}"`;
}

function toTemplateError(error: unknown, templatesDir: string, name: string): Error {
  if (error instanceof TemplateError) return error;
  const liquidError = error as { token?: { file?: string; getPosition?: () => [number, number] }; message?: string };
  const position = liquidError.token?.getPosition?.() ?? [1, 1];
  const file = liquidError.token?.file ?? path.join(templatesDir, `${name}.liquid`);
  const message = (liquidError.message ?? String(error)).split(', line:')[0] ?? String(error);
  return new TemplateError(message, file, position[0], position[1], { cause: error });
}
