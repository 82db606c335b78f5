// pdf-parse's library entry (its index reads a sample PDF when loaded outside a parent module); same API as the package.
declare module 'pdf-parse/lib/pdf-parse.js' {
  import pdfParse from 'pdf-parse';
  export default pdfParse;
}
