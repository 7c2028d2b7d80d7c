// What the routes call: answers in, preview JSON or a named tarball out.
// Routes stay thin; this is where the generator meets the packer.
import { generate, GENERATOR_VERSION, maskSecrets, type GeneratorOutput } from '@lmtp-wizard/generator';
import { createShareFile, secretValues, type Answers } from '@lmtp-wizard/schema';
import { packOutput } from './pack.ts';

/**
 * The generator's output as the browser may see it. Given the answers' secrets
 * (the schema's secretValues), maskSecrets replaces only them inside secret files, so the preview still
 * shows their shape ("[store]:2003 postman:********").
 */
export function createPreview(answers: Answers): GeneratorOutput {
  return maskSecrets(generate(answers), secretValues(answers));
}

/** mailHost is an FQDN from the schema's allow-list, so it is safe inside a quoted header value. */
export function bundleFileName(answers: Answers): string {
  return `lmtp-wizard-${answers.topology}-${answers.mailHost}.tar.gz`;
}

/** The tarball: the generator's files plus share.txt, whose link starts at publicUrl. */
export async function createBundle(answers: Answers, publicUrl: string): Promise<{ fileName: string; bytes: Buffer }> {
  const output = generate(answers);
  const files = [...output.files, createShareFile(answers, publicUrl, GENERATOR_VERSION)];
  return { fileName: bundleFileName(answers), bytes: await packOutput({ ...output, files }) };
}
