// Fields that hold a secret are registered here, on the field's schema
// itself. Share links read this registry, so a secret added to the schema
// later is withheld from links without a second list to keep in step.
import * as z from 'zod/mini';

export interface SecretMeta {
  /**
   * A value the field accepts. It stands in for the withheld secret only
   * while the rest of a shared setup is validated; it never reaches output.
   */
  placeholder: string;
  /**
   * For a secret inside a list item: whether the answers need it at all (an
   * MX's own password, not when every MX shares one user). Absent: always.
   */
  onlyWhen?: (answers: Record<string, unknown>) => boolean;
}

export const secretFields = z.registry<SecretMeta>();
