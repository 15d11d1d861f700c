// One document for the print pool (print-pdf.ts): its HTML and where it lives.
export interface PrintJob {
  readonly html: string;
  /** Where the HTML lives in the output folder (`nato/2023-04-04-x.html`); relative URLs resolve from there. */
  readonly pagePath: string;
  /** Called for each request the sandbox refused. */
  readonly onBlocked?: (url: string) => void;
}
