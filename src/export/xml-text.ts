/** Text for an XML element: escaped, and cut to the schema's maximum length. */
export function xmlText(text: string, max = Infinity): string {
  const cut = [...text].slice(0, max).join('');
  return cut.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
