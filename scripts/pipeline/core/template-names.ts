// The templates the site's own pages use. A release naming one of them
// (`template: index`) would be laid out as the listing or a pack, with data
// that template does not expect, so only release templates may be chosen.

/** Template names of the generated pages, by the page they draw. */
export const siteTemplates = { listing: 'index', category: 'category', pack: 'pack' } as const;

const siteTemplateNames = new Set<string>(Object.values(siteTemplates));

/** Why a release cannot use `name`, or undefined when it may (whether the file exists is checked apart). */
export function releaseTemplateProblem(name: string): string | undefined {
  if (siteTemplateNames.has(name)) {
    return `\`template: ${name}\` is the template of a generated page, not of a release: expected \`release\` or a release template of your own`;
  }
  return undefined;
}
