/**
 * A script of src/shell/ with its @NAME@ placeholders filled in: each must be
 * given, each given one must occur, and no value may hold a quote or a
 * newline (they fill single-quoted words and comments of our own).
 */
export function fillTemplate(template: string, values: Record<string, string>): string {
  for (const [name, value] of Object.entries(values)) {
    if (!template.includes(`@${name}@`)) throw new Error(`the template has no @${name}@`);
    if (/['\n]/.test(value)) throw new Error(`@${name}@: a quote or a newline in ${JSON.stringify(value)}`);
  }
  const out = template.replace(/@([A-Z_]+)@/g, (whole, name: string) => {
    const v = values[name];
    if (v === undefined) throw new Error(`no value for ${whole}`);
    return v;
  });
  return out;
}
