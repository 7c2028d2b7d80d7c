/** The id of a field's control: "field-tcp-port" for tcp.port. Its own module, so the shell can name a field without the form's code (issue 25). */
export const fieldId = (path: string): string => `field-${path.replace(/\./g, '-')}`;
