// What the routes call: answers in, preview JSON or a named tarball out.
// Routes stay thin; this is where the generator meets the packer.
import { generate, maskSecrets, type GeneratorOutput } from '@lmtp-wizard/generator';
import { crossFieldWarnings, pathToString, type Answers, type FieldError } from '@lmtp-wizard/schema';
import { packOutput } from './pack.ts';

export function answerWarnings(answers: Answers): FieldError[] {
  return crossFieldWarnings(answers).map((w) => ({ path: pathToString(w.path), message: w.message }));
}

/**
 * The generator's output as the browser may see it. Given the password,
 * maskSecrets replaces only it inside secret files, so the preview still
 * shows their shape ("[store]:2003 postman:********").
 */
export function createPreview(answers: Answers): GeneratorOutput {
  return maskSecrets(generate(answers), answers.topology === 'remote' ? answers.sasl.password : undefined);
}

/** mailHost is an FQDN from the schema's allow-list, so it is safe inside a quoted header value. */
export function bundleFileName(answers: Answers): string {
  return `lmtp-wizard-${answers.topology}-${answers.mailHost}.tar.gz`;
}

export async function createBundle(answers: Answers): Promise<{ fileName: string; bytes: Buffer }> {
  return { fileName: bundleFileName(answers), bytes: await packOutput(generate(answers)) };
}
