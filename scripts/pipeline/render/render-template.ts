// templates/ + document data -> standalone HTML. LiquidJS because it is built
// for untrusted-template-author settings (Shopify, Jekyll, Eleventy): templates
// cannot run JavaScript, every `{{ }}` is HTML-escaped (`outputEscape`), and it
// has layouts, blocks and partials that designers already know. The engine is
// loaded on first use so a no-change rebuild never pays for it.
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Liquid } from 'liquidjs';
import { BriefingError } from '../core/errors.ts';

export interface TemplateEngine {
  /** Renders `templates/<name>.liquid`; throws a TemplateError pointing into the template. */
  render(name: string, data: Record<string, unknown>): Promise<string>;
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
  return {
    async render(name, data) {
      try {
        const html = await liquid.renderFile(name, data);
        return withContentSecurityPolicy(html);
      } catch (error) {
        throw toTemplateError(error, templatesDir, name);
      }
    },
  };
}

/** A value as a quoted CSS string, safe inside a <style> element. */
export function cssString(value: unknown): string {
  const text = String(value ?? '');
  const escaped = text.replace(/[\\"<>\n\r\f]/g, (c) => `\\${c.charCodeAt(0).toString(16)} `);
  return `"${escaped}"`;
}

/**
 * Every page carries a Content-Security-Policy that lets it load only its own
 * stylesheets (by hash and from its folder), images and fonts from its folder,
 * and nothing else: no script, no frame, no form target, no remote request. It
 * is added here, after the template, so a template edit cannot drop it.
 */
export function withContentSecurityPolicy(html: string): string {
  const hashes = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map(
    (m) =>
      `'sha256-${createHash('sha256')
        .update(m[1] ?? '')
        .digest('base64')}'`,
  );
  const policy = [
    "default-src 'none'",
    "script-src 'none'",
    `style-src 'self' ${hashes.join(' ')}`.trim(),
    "img-src 'self' data:",
    "font-src 'self'",
    "base-uri 'self'",
    "form-action 'none'",
  ].join('; ');
  const meta = `<meta http-equiv="Content-Security-Policy" content="${policy}">`;
  const charset = /<meta charset="utf-8">/i.exec(html);
  if (!charset) throw new Error('The template has no <meta charset="utf-8"> in its <head>');
  const at = charset.index + charset[0].length;
  return `${html.slice(0, at)}\n${meta}${html.slice(at)}`;
}

function toTemplateError(error: unknown, templatesDir: string, name: string): Error {
  if (error instanceof TemplateError) return error;
  const liquidError = error as { token?: { file?: string; getPosition?: () => [number, number] }; message?: string };
  const position = liquidError.token?.getPosition?.() ?? [1, 1];
  const file = liquidError.token?.file ?? path.join(templatesDir, `${name}.liquid`);
  const message = (liquidError.message ?? String(error)).split(', line:')[0] ?? String(error);
  return new TemplateError(message, file, position[0], position[1], { cause: error });
}
