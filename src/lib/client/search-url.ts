/** The grid's search lives in the URL query string so a link reproduces it. */

/** The library URL's query with free text `q` set to `text` (other filters kept on the library). */
export function withText(current: URL, onLibrary: boolean, text: string): string {
  const params = new URLSearchParams(onLibrary ? current.search : '');
  if (text) params.set('q', text);
  else params.delete('q');
  const search = params.toString();
  return search ? `?${search}` : '';
}
