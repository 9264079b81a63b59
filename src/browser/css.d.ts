/** The build bundles a stylesheet imported from a script as its text (esbuild's text loader). */
declare module '*.css' {
  const text: string;
  export default text;
}
